// Message::decode takes bytes from the network: whatever they are, it answers nullopt or a message,
// never loops, never reads out of bounds (run under -DMAILSIM_SANITIZE=ON to check the last part).
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "sim/proto/dns/message.hpp"

using namespace mailsim::dns;

namespace {

std::string unhex(std::string_view hex) {
  std::string out;
  int hi = -1;
  for (char c : hex) {
    int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (v < 0) continue;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<char>(hi * 16 + v));
      hi = -1;
    }
  }
  return out;
}

// A response that uses every record type and compression everywhere.
std::string valid_response() {
  Message m;
  m.id = 9;
  m.response = true;
  m.authoritative = true;
  m.questions = {{"school.example", Type::MX}};
  m.answers = {{"school.example", Type::MX, 300, 10, "mx1.school.example"},
               {"www.school.example", Type::CNAME, 300, 0, "web.school.example"}};
  m.authority = {{"school.example", Type::TXT, 300, 0, "v=spf1 mx -all"}};
  m.additional = {{"mx1.school.example", Type::A, 300, 0, "10.0.1.25"}};
  return m.encode();
}

const std::string kHeader1Q = unhex("0001 0000 0001 0000 0000 0000");  // a query with one question

}  // namespace

TEST_CASE("the valid message decodes, and every truncation of it is rejected") {
  const std::string w = valid_response();
  REQUIRE(Message::decode(w).has_value());
  for (std::size_t n = 0; n < w.size(); ++n) {
    CAPTURE(n);
    CHECK_FALSE(Message::decode(std::string_view(w).substr(0, n)).has_value());
  }
}

TEST_CASE("trailing bytes after the last record are a malformation") {
  CHECK_FALSE(Message::decode(valid_response() + '\0').has_value());
}

TEST_CASE("compression pointer cycles end in nullopt") {
  SUBCASE("a pointer to itself") {
    CHECK_FALSE(Message::decode(kHeader1Q + unhex("c00c 0001 0001")).has_value());
  }
  SUBCASE("two pointers to each other") {
    CHECK_FALSE(Message::decode(kHeader1Q + unhex("c00e c00c 0001 0001")).has_value());
  }
  SUBCASE("a label, then a pointer back to it") {
    CHECK_FALSE(Message::decode(kHeader1Q + unhex("01 61 c00c 0001 0001")).has_value());
  }
}

TEST_CASE("pointers and labels out of bounds or of reserved kinds are rejected") {
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("c0ff 0001 0001")).has_value());    // past the end
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("c0")).has_value());               // half a pointer
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("40 00 0001 0001")).has_value());  // 0x40: a 64-octet label
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("80 00 0001 0001")).has_value());  // 10: reserved
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("05 6162 00 0001 0001")).has_value());  // label overruns
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("03 612e62 00 0001 0001")).has_value());  // '.' in a label
}

TEST_CASE("a name over 255 octets is rejected, also when built from pointers") {
  const std::string l63 = '\x3f' + std::string(63, 'a');
  SUBCASE("four labels of 63 in place: 257 octets") {
    CHECK_FALSE(Message::decode(kHeader1Q + l63 + l63 + l63 + l63 + '\0' + unhex("0001 0001")).has_value());
  }
  SUBCASE("each name fits, the second reaches 257 through a pointer") {
    const std::string first = l63 + l63 + l63 + '\0' + unhex("0001 0001");  // 193 octets: fine
    CHECK(Message::decode(kHeader1Q + first).has_value());
    const std::string two = unhex("0001 0000 0002 0000 0000 0000") + first;
    CHECK(Message::decode(two + unhex("01 62 c00c 0001 0001")).has_value());  // 195: fine
    CHECK_FALSE(Message::decode(two + l63 + unhex("c00c 0001 0001")).has_value());
  }
  SUBCASE("exactly 255 octets is allowed") {
    const std::string l61 = '\x3d' + std::string(61, 'b');
    auto m = Message::decode(kHeader1Q + l63 + l63 + l63 + l61 + '\0' + unhex("0001 0001"));
    REQUIRE(m);
    CHECK(m->questions[0].name.size() == 253);  // 255 wire octets = 253 characters of text
  }
}

TEST_CASE("rdata must match its type and fill exactly rdlength") {
  const std::string head = unhex("0001 8000 0000 0001 0000 0000 00");  // one answer, owner = root
  CHECK(Message::decode(head + unhex("0001 0001 00000000 0004 0a000001")).has_value());
  CHECK_FALSE(Message::decode(head + unhex("0001 0001 00000000 0005 0a00000100")).has_value());  // A of 5
  CHECK_FALSE(Message::decode(head + unhex("0001 0001 00000000 0003 0a0000")).has_value());      // A of 3
  CHECK_FALSE(Message::decode(head + unhex("000f 0001 00000000 0003 000a 01 61 00")).has_value());  // MX name overruns
  CHECK_FALSE(Message::decode(head + unhex("000f 0001 00000000 0005 000a 00 00 00")).has_value());  // MX rdata too long
  CHECK_FALSE(Message::decode(head + unhex("0010 0001 00000000 0000")).has_value());  // TXT with no string
  CHECK_FALSE(Message::decode(head + unhex("0010 0001 00000000 0002 05 61")).has_value());  // string overruns
  CHECK_FALSE(Message::decode(head + unhex("0001 0001 00000000 ffff 0a000001")).has_value());  // rdlength past end
}

TEST_CASE("records of unknown types or classes are skipped, queries of them rejected") {
  // An SRV answer (0 0 25 .), then an A answer, then an EDNS OPT pseudo-record in the additional section.
  const std::string w = unhex(
      "0001 8000 0000 0002 0000 0001"
      "00 0021 0001 00000000 0007 0000 0000 0019 00"
      "00 0001 0001 0000012c 0004 c0000201"
      "00 0029 1000 00000000 0000");
  auto m = Message::decode(w);
  REQUIRE(m);
  REQUIRE(m->answers.size() == 1);
  CHECK(m->answers[0].data == "192.0.2.1");
  CHECK(m->additional.empty());
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("00 0021 0001")).has_value());  // QTYPE SRV
  CHECK_FALSE(Message::decode(kHeader1Q + unhex("00 0001 0003")).has_value());  // QCLASS CH
}

TEST_CASE("AAAA rdata is exactly 16 octets, PTR rdata exactly one name") {
  const std::string head = unhex("0001 8000 0000 0001 0000 0000 00");  // one answer, owner = root
  auto m = Message::decode(head + unhex("001c 0001 00000000 0010 20010db8000000000000000000000001"));
  REQUIRE(m);
  CHECK(m->answers.at(0).data == "2001:db8::1");
  CHECK_FALSE(Message::decode(head + unhex("001c 0001 00000000 0004 c0000201")).has_value());  // AAAA of 4
  CHECK_FALSE(Message::decode(head + unhex("001c 0001 00000000 0011 20010db800000000000000000000000100")).has_value());
  CHECK(Message::decode(head + unhex("000c 0001 00000000 0003 01 61 00")).has_value());
  CHECK_FALSE(Message::decode(head + unhex("000c 0001 00000000 0004 01 61 00 00")).has_value());  // PTR too long
  CHECK_FALSE(Message::decode(head + unhex("000c 0001 00000000 0002 01 61")).has_value());  // PTR name overruns
}

TEST_CASE("an opcode other than QUERY is rejected, unnamed rcodes are kept") {
  CHECK_FALSE(Message::decode(unhex("0001 2800 0000 0000 0000 0000")).has_value());  // opcode 5, UPDATE
  auto m = Message::decode(unhex("0001 8009 0000 0000 0000 0000"));
  REQUIRE(m);
  CHECK(to_string(m->rcode) == "RCODE9");
}

TEST_CASE("random corruption of a valid message never crashes decode") {
  const std::string valid = valid_response();
  std::uint32_t state = 12345;  // a fixed LCG: the same bytes every run
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  int decoded = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string w = valid;
    const int flips = 1 + static_cast<int>(next() % 4);
    for (int i = 0; i < flips; ++i) w[next() % w.size()] = static_cast<char>(next() >> 24);
    if (auto m = Message::decode(w)) {
      ++decoded;
      // Whatever was accepted re-encodes to bytes that decode to the same message.
      CHECK(Message::decode(m->encode()) == m);
    }
  }
  CHECK(decoded > 0);  // some corruptions are harmless (ttl, id): the loop did exercise both paths
}
