// The text forms: the transcript's one-line summary and zone-file lines.
#include <doctest/doctest.h>

#include "sim/proto/dns/message.hpp"

using namespace mailsim::dns;

namespace {

Message response(std::uint16_t id, Rcode rc, std::string qname, Type qtype, std::vector<Record> answers) {
  Message m;
  m.id = id;
  m.response = true;
  m.rcode = rc;
  m.questions = {{std::move(qname), qtype}};
  m.answers = std::move(answers);
  return m;
}

}  // namespace

TEST_CASE("summary of a query") {
  Message q;
  q.id = 7;
  q.questions = {{"school.example", Type::MX}};
  CHECK(q.summary() == "query id=7 MX school.example");
}

TEST_CASE("summary of responses: answers, NXDOMAIN, NODATA") {
  CHECK(response(7, Rcode::NoError, "school.example", Type::MX,
                 {{"school.example", Type::MX, 300, 10, "mx1.school.example"},
                  {"school.example", Type::MX, 300, 20, "mx2.school.example"}})
            .summary() == "response id=7 NOERROR MX school.example: 10 mx1.school.example, 20 mx2.school.example");
  CHECK(response(8, Rcode::NXDomain, "nosuch.example", Type::A, {}).summary() ==
        "response id=8 NXDOMAIN A nosuch.example");
  CHECK(response(9, Rcode::NoError, "mx1.school.example", Type::A,
                 {{"mx1.school.example", Type::A, 300, 0, "10.0.1.25"}})
            .summary() == "response id=9 NOERROR A mx1.school.example: 10.0.1.25");
  CHECK(response(9, Rcode::NoError, "a.example", Type::MX, {}).summary() ==
        "response id=9 NOERROR MX a.example: (no records)");
  CHECK(response(4, Rcode::ServFail, "a.example", Type::MX, {}).summary() ==
        "response id=4 SERVFAIL MX a.example");
}

TEST_CASE("summary shows CNAMEs in order, TXT quoted, the null MX as '.'") {
  CHECK(response(3, Rcode::NoError, "www.x.example", Type::A,
                 {{"www.x.example", Type::CNAME, 300, 0, "web.x.example"},
                  {"web.x.example", Type::A, 300, 0, "10.0.0.5"}})
            .summary() == "response id=3 NOERROR A www.x.example: CNAME web.x.example, 10.0.0.5");
  CHECK(response(5, Rcode::NoError, "x.example", Type::TXT, {{"x.example", Type::TXT, 300, 0, "v=spf1 \"a\""}})
            .summary() == R"(response id=5 NOERROR TXT x.example: "v=spf1 \"a\"")");
  CHECK(response(6, Rcode::NoError, "x.example", Type::MX, {{"x.example", Type::MX, 300, 0, ""}}).summary() ==
        "response id=6 NOERROR MX x.example: 0 .");
}

TEST_CASE("summary of a FORMERR without a question") {
  Message m;
  m.id = 1;
  m.response = true;
  m.rcode = Rcode::FormErr;
  CHECK(m.summary() == "response id=1 FORMERR");
}

TEST_CASE("Record::to_string writes zone-file lines") {
  CHECK(Record{"school.example", Type::MX, 300, 10, "mx1.school.example"}.to_string() ==
        "school.example. 300 IN MX 10 mx1.school.example.");
  CHECK(Record{"mx1.school.example", Type::A, 300, 0, "10.0.1.25"}.to_string() ==
        "mx1.school.example. 300 IN A 10.0.1.25");
  CHECK(Record{"www.x.example", Type::CNAME, 60, 0, "web.x.example"}.to_string() ==
        "www.x.example. 60 IN CNAME web.x.example.");
  CHECK(Record{"x.example", Type::TXT, 300, 0, "v=spf1 -all"}.to_string() == R"(x.example. 300 IN TXT "v=spf1 -all")");
  CHECK(Record{"x.example", Type::TXT, 300, 0, "a\\b\n"}.to_string() == R"(x.example. 300 IN TXT "a\\b\010")");
  CHECK(Record{"x.example", Type::MX, 300, 0, ""}.to_string() == "x.example. 300 IN MX 0 .");
  CHECK(Record{"", Type::A, 1, 0, "1.2.3.4"}.to_string() == ". 1 IN A 1.2.3.4");
  const std::string long_txt = Record{"t", Type::TXT, 1, 0, std::string(256, 'z')}.to_string();
  CHECK(long_txt == "t. 1 IN TXT \"" + std::string(255, 'z') + "\" \"z\"");
}

TEST_CASE("AAAA and PTR in zone-file lines and summaries") {
  CHECK(Record{"mx.x.example", Type::AAAA, 300, 0, "2001:db8::25"}.to_string() == "mx.x.example. 300 IN AAAA 2001:db8::25");
  CHECK(Record{"1.2.0.192.in-addr.arpa", Type::PTR, 60, 0, "mx.x.example"}.to_string() ==
        "1.2.0.192.in-addr.arpa. 60 IN PTR mx.x.example.");
  CHECK(response(2, Rcode::NoError, "1.2.0.192.in-addr.arpa", Type::PTR,
                 {{"1.2.0.192.in-addr.arpa", Type::PTR, 60, 0, "mx.x.example"},
                  {"1.2.0.192.in-addr.arpa", Type::PTR, 60, 0, "www.x.example"}})
            .summary() == "response id=2 NOERROR PTR 1.2.0.192.in-addr.arpa: mx.x.example, www.x.example");
}

TEST_CASE("type and rcode mnemonics") {
  CHECK(to_string(Type::A) == "A");
  CHECK(to_string(Type::CNAME) == "CNAME");
  CHECK(to_string(Type::MX) == "MX");
  CHECK(to_string(Type::TXT) == "TXT");
  CHECK(to_string(Type::AAAA) == "AAAA");
  CHECK(to_string(Type::PTR) == "PTR");
  CHECK(to_string(Rcode::NoError) == "NOERROR");
  CHECK(to_string(Rcode::FormErr) == "FORMERR");
  CHECK(to_string(Rcode::ServFail) == "SERVFAIL");
  CHECK(to_string(Rcode::NXDomain) == "NXDOMAIN");
  CHECK(to_string(Rcode::NotImp) == "NOTIMP");
  CHECK(to_string(Rcode::Refused) == "REFUSED");
  CHECK(type_from_string("mx") == Type::MX);
  CHECK(type_from_string("Cname") == Type::CNAME);
  CHECK(type_from_string("TXT") == Type::TXT);
  CHECK(type_from_string("a") == Type::A);
  CHECK(type_from_string("aaaa") == Type::AAAA);
  CHECK(type_from_string("Ptr") == Type::PTR);
  CHECK_FALSE(type_from_string("SRV").has_value());
  CHECK_FALSE(type_from_string("").has_value());
}
