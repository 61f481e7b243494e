// The wire format, byte for byte (RFC 1035 §4.1), and encode/decode round trips.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/dns/message.hpp"

using namespace mailsim::dns;

namespace {

// "00 07 01" -> bytes; spaces are for the reader, the layout follows RFC 1035 §4.1.
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

Message mx_query() {
  Message q;
  q.id = 7;
  q.recursion_desired = true;
  q.questions = {{"school.example", Type::MX}};
  return q;
}

Record rr(std::string name, Type t, std::string data, std::uint16_t pref = 0, std::uint32_t ttl = 300) {
  Record r;
  r.name = std::move(name);
  r.type = t;
  r.data = std::move(data);
  r.preference = pref;
  r.ttl = ttl;
  return r;
}

}  // namespace

TEST_CASE("a query's bytes follow the RFC 1035 §4.1 layout") {
  const std::string expected = unhex(
      "0007"                 // ID
      "0100"                 // QR=0 OPCODE=0 AA=0 TC=0 RD=1 RA=0 Z=0 RCODE=0
      "0001 0000 0000 0000"  // QDCOUNT ANCOUNT NSCOUNT ARCOUNT
      "06 7363686f6f6c 07 6578616d706c65 00"  // QNAME: 6 "school" 7 "example" 0
      "000f 0001");          // QTYPE=MX QCLASS=IN
  CHECK(mx_query().encode() == expected);
  CHECK(Message::decode(expected) == mx_query());
}

TEST_CASE("an MX response compresses every repeated name with pointers") {
  Message m;
  m.id = 7;
  m.response = true;
  m.authoritative = true;
  m.recursion_desired = true;
  m.questions = {{"school.example", Type::MX}};
  m.answers = {rr("school.example", Type::MX, "mx1.school.example", 10),
               rr("school.example", Type::MX, "mx2.school.example", 20)};
  m.additional = {rr("mx1.school.example", Type::A, "10.0.1.25")};
  const std::string expected = unhex(
      "0007 8500 0001 0002 0000 0001"        // QR AA RD, NOERROR; 1 question, 2 answers, 1 additional
      "06 7363686f6f6c 07 6578616d706c65 00 000f 0001"  // @12 question
      "c00c 000f 0001 0000012c 0008"         // @32 owner -> @12, MX IN, TTL 300, RDLENGTH 8
      "000a 03 6d7831 c00c"                  // @44 10, "mx1" (@46) + pointer to "school.example"
      "c00c 000f 0001 0000012c 0008"         // @52
      "0014 03 6d7832 c00c"                  // @64 20, "mx2" + pointer
      "c02e 0001 0001 0000012c 0004 0a000119");  // @72 owner -> "mx1" at @46; A 10.0.1.25
  CHECK(m.encode() == expected);
  CHECK(Message::decode(expected) == m);
}

TEST_CASE("flags and rcode land in their bits") {
  Message m;
  m.id = 0xBEEF;
  m.response = true;
  m.rcode = Rcode::NXDomain;
  const std::string w = m.encode();
  REQUIRE(w.size() == 12);
  CHECK(w.substr(0, 4) == unhex("beef 8003"));
  auto back = Message::decode(w);
  REQUIRE(back);
  CHECK(back->rcode == Rcode::NXDomain);
  CHECK(back->response);
  CHECK_FALSE(back->authoritative);
  CHECK_FALSE(back->recursion_desired);
}

TEST_CASE("every record type round-trips in every section") {
  Message m;
  m.id = 65535;
  m.response = true;
  m.authoritative = true;
  m.rcode = Rcode::ServFail;
  m.questions = {{"x.example", Type::A}, {"", Type::TXT}};
  m.answers = {rr("www.x.example", Type::CNAME, "web.x.example", 0, 60),
               rr("web.x.example", Type::A, "10.0.0.5", 0, 0xFFFFFFFFu),
               rr("x.example", Type::MX, "", 0)};  // null MX: the root name as exchange
  m.authority = {rr("x.example", Type::TXT, "v=spf1 -all"),
                 rr("x.example", Type::TXT, ""),  // one empty character-string
                 rr("x.example", Type::TXT, std::string(300, 'a') + "\"quoted\"")};  // two strings
  m.additional = {rr("", Type::A, "255.255.255.255"), rr("mx.other.example", Type::MX, "x.example", 65535)};
  auto back = Message::decode(m.encode());
  REQUIRE(back);
  CHECK(*back == m);
}

TEST_CASE("a long TXT value is cut into 255-octet character-strings") {
  Message m;
  m.response = true;
  m.answers = {rr("t.example", Type::TXT, std::string(256, 'z'))};
  const std::string w = m.encode();
  // After the header (12) and the owner (11) + type/class/ttl (8): RDLENGTH, then 255 + 1 octets.
  CHECK(w.substr(31, 2) == unhex("0102"));
  CHECK(static_cast<unsigned char>(w[33]) == 255);
  CHECK(static_cast<unsigned char>(w[33 + 256]) == 1);
}

TEST_CASE("names decode lower-case, encode writes them lower-case and drops a trailing dot") {
  Message m;
  m.id = 7;
  m.questions = {{"School.EXAMPLE.", Type::MX}};
  CHECK(m.encode() == mx_query().encode().replace(2, 2, unhex("0000")));
  std::string upper = mx_query().encode();
  upper[13] = 'S';
  auto back = Message::decode(upper);
  REQUIRE(back);
  CHECK(back->questions[0].name == "school.example");
}

TEST_CASE("compression also points into rdata names and across sections") {
  Message m;
  m.response = true;
  m.questions = {{"a.example", Type::CNAME}};
  m.answers = {rr("a.example", Type::CNAME, "b.a.example")};
  m.additional = {rr("b.a.example", Type::A, "192.0.2.1")};
  const std::string w = m.encode();
  // "a.example" is spelled once; "b.a.example" is "b" + pointer; its second use is a bare pointer.
  CHECK(w.find(unhex("01 61 07 6578616d706c65 00")) == 12);
  CHECK(w.find(unhex("01 62 c00c")) != std::string::npos);
  CHECK(w.size() == 12 + 15 + (12 + 4) + (12 + 4));
  CHECK(Message::decode(w) == m);
}

TEST_CASE("a TXT record as long as RDLENGTH allows decodes and encodes to the same message") {
  // Found by the DNS message fuzz target: 256 character-strings of text decoded, but encode wrote at
  // most 255 of them, so decode -> encode -> decode lost up to 254 octets.
  std::string rdata;
  for (int i = 0; i < 255; ++i) rdata += '\xff' + std::string(255, 'a');
  rdata += '\xfe' + std::string(254, 'b');  // 65535 octets in all, 65279 of them text
  REQUIRE(rdata.size() == 65535);
  const std::string wire = unhex("0001 8000 0000 0001 0000 0000 00 0010 0001 0000012c ffff") + rdata;
  const auto m = Message::decode(wire);
  REQUIRE(m);
  REQUIRE(m->answers.size() == 1);
  CHECK(m->answers[0].data.size() == 65279);
  CHECK(m->encode() == wire);
  const auto back = Message::decode(m->encode());
  REQUIRE(back);
  CHECK(*back == *m);

  // Longer text than that is cut where RDLENGTH ends, and the record still decodes.
  Message huge;
  huge.response = true;
  huge.answers = {rr("t.example", Type::TXT, std::string(70000, 'z'))};
  const auto cut = Message::decode(huge.encode());
  REQUIRE(cut);
  CHECK(cut->answers[0].data == std::string(65279, 'z'));
}

TEST_CASE("AAAA and PTR records: 16 octets of address, a compressible name") {
  Message m;
  m.id = 3;
  m.response = true;
  m.questions = {{"4.3.2.1.in-addr.arpa", Type::PTR}};
  m.answers = {rr("4.3.2.1.in-addr.arpa", Type::PTR, "mail.x.example")};
  m.additional = {rr("mail.x.example", Type::AAAA, "2001:db8::1"), rr("mail.x.example", Type::A, "1.2.3.4")};
  const std::string w = m.encode();
  // The answer's rdata is "mail.x.example" spelled out; the additional owners point at it.
  CHECK(w.find(unhex("000c 0001 0000012c 0010 04 6d61696c 01 78 07 6578616d706c65 00")) != std::string::npos);
  CHECK(w.find(unhex("001c 0001 0000012c 0010 20010db8 00000000 00000000 00000001")) != std::string::npos);
  CHECK(Message::decode(w) == m);
}
