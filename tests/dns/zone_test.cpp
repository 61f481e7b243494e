// ZoneSet::answer: what an authoritative server says (RFC 1034 §4.3.2, no delegation).
#include <doctest/doctest.h>

#include "sim/proto/dns/zone.hpp"

using namespace mailsim::dns;

namespace {

ZoneSet school() {
  ZoneSet z;
  z.add({"school.example", Type::MX, 300, 10, "mx1.school.example"});
  z.add({"school.example", Type::MX, 300, 20, "mx2.school.example"});
  z.add({"school.example", Type::TXT, 300, 0, "v=spf1 mx -all"});
  z.add({"mx1.school.example", Type::A, 300, 0, "10.0.1.25"});
  z.add({"mx2.school.example", Type::A, 300, 0, "10.0.1.26"});
  z.add({"www.school.example", Type::CNAME, 300, 0, "web.school.example"});
  z.add({"web.school.example", Type::A, 300, 0, "10.0.1.80"});
  z.add({"old.school.example", Type::CNAME, 300, 0, "gone.school.example"});
  return z;
}

Message query(std::string name, Type t, std::uint16_t id = 42) {
  Message q;
  q.id = id;
  q.recursion_desired = true;
  q.questions = {{std::move(name), t}};
  return q;
}

}  // namespace

TEST_CASE("an A answer is authoritative, echoes id, question and RD") {
  const Message r = school().answer(query("mx1.school.example", Type::A, 77));
  CHECK(r.id == 77);
  CHECK(r.response);
  CHECK(r.authoritative);
  CHECK(r.recursion_desired);
  CHECK(r.rcode == Rcode::NoError);
  CHECK(r.questions == query("mx1.school.example", Type::A).questions);
  CHECK(r.summary() == "response id=77 NOERROR A mx1.school.example: 10.0.1.25");
  Message no_rd = query("mx1.school.example", Type::A);
  no_rd.recursion_desired = false;
  CHECK_FALSE(school().answer(no_rd).recursion_desired);
}

TEST_CASE("an MX answer carries the exchanges' addresses in the additional section") {
  const Message r = school().answer(query("school.example", Type::MX));
  CHECK(r.summary() == "response id=42 NOERROR MX school.example: 10 mx1.school.example, 20 mx2.school.example");
  REQUIRE(r.additional.size() == 2);
  CHECK(r.additional[0].to_string() == "mx1.school.example. 300 IN A 10.0.1.25");
  CHECK(r.additional[1].to_string() == "mx2.school.example. 300 IN A 10.0.1.26");
}

TEST_CASE("CNAMEs are followed inside the data, except for a CNAME query") {
  CHECK(school().answer(query("www.school.example", Type::A)).summary() ==
        "response id=42 NOERROR A www.school.example: CNAME web.school.example, 10.0.1.80");
  CHECK(school().answer(query("www.school.example", Type::CNAME)).summary() ==
        "response id=42 NOERROR CNAME www.school.example: CNAME web.school.example");
  // The chain ends at a name nobody owns: the rcode speaks of that last name (RFC 6604).
  CHECK(school().answer(query("old.school.example", Type::A)).summary() ==
        "response id=42 NXDOMAIN A old.school.example: CNAME gone.school.example");
  // The chain ends at a name that has no record of this type: NODATA with the chain.
  CHECK(school().answer(query("www.school.example", Type::MX)).summary() ==
        "response id=42 NOERROR MX www.school.example: CNAME web.school.example");
}

TEST_CASE("a CNAME loop or an over-long chain is cut off") {
  ZoneSet z;
  z.add({"a.example", Type::CNAME, 300, 0, "b.example"});
  z.add({"b.example", Type::CNAME, 300, 0, "a.example"});
  CHECK(z.answer(query("a.example", Type::A)).summary() ==
        "response id=42 NOERROR A a.example: CNAME b.example, CNAME a.example");
  ZoneSet chain;
  for (int i = 0; i < 20; ++i) {
    chain.add({"c" + std::to_string(i) + ".example", Type::CNAME, 300, 0, "c" + std::to_string(i + 1) + ".example"});
  }
  chain.add({"c20.example", Type::A, 300, 0, "10.0.0.1"});
  const Message r = chain.answer(query("c0.example", Type::A));
  CHECK(r.answers.size() == 8);
  CHECK(r.rcode == Rcode::NoError);
  // Short chains do reach their address.
  CHECK(chain.answer(query("c13.example", Type::A)).answers.back().data == "10.0.0.1");
}

TEST_CASE("NXDOMAIN when the name owns nothing, NODATA when it owns other types") {
  const Message nx = school().answer(query("nosuch.school.example", Type::A));
  CHECK(nx.rcode == Rcode::NXDomain);
  CHECK(nx.answers.empty());
  CHECK(nx.authoritative);
  const Message nodata = school().answer(query("mx1.school.example", Type::MX));
  CHECK(nodata.rcode == Rcode::NoError);
  CHECK(nodata.answers.empty());
  CHECK(nodata.additional.empty());
  CHECK(nodata.summary() == "response id=42 NOERROR MX mx1.school.example: (no records)");
}

TEST_CASE("names match case-insensitively and with or without the trailing dot") {
  ZoneSet z;
  z.add({"Mixed.EXAMPLE.", Type::A, 300, 0, "192.0.2.7"});
  z.add({"Mixed.example", Type::MX, 300, 5, "MX.Mixed.Example."});
  CHECK(z.records()[0].name == "mixed.example");
  CHECK(z.records()[1].data == "mx.mixed.example");
  CHECK(z.answer(query("MIXED.example.", Type::A)).answers.size() == 1);
  CHECK(z.answer(query("mixed.EXAMPLE", Type::MX)).answers.size() == 1);
  // The question is echoed as asked.
  CHECK(z.answer(query("MIXED.example.", Type::A)).questions[0].name == "MIXED.example.");
}

TEST_CASE("FORMERR for no question or more than one") {
  Message none;
  none.id = 3;
  const Message r = school().answer(none);
  CHECK(r.rcode == Rcode::FormErr);
  CHECK(r.id == 3);
  CHECK(r.answers.empty());
  Message two = query("school.example", Type::MX);
  two.questions.push_back({"school.example", Type::A});
  CHECK(school().answer(two).rcode == Rcode::FormErr);
}

TEST_CASE("add ignores exact duplicates, remove drops one owner's type") {
  ZoneSet z = school();
  const std::size_t n = z.records().size();
  z.add({"SCHOOL.example.", Type::MX, 300, 10, "mx1.school.example"});
  CHECK(z.records().size() == n);
  z.remove("School.Example.", Type::MX);
  CHECK(z.records().size() == n - 2);
  // The name still owns its TXT record, so MX is now NODATA, not NXDOMAIN.
  const Message r = z.answer(query("school.example", Type::MX));
  CHECK(r.rcode == Rcode::NoError);
  CHECK(r.answers.empty());
  z.remove("school.example", Type::TXT);
  CHECK(z.answer(query("school.example", Type::MX)).rcode == Rcode::NXDomain);
}

TEST_CASE("a null MX answer adds nothing to the additional section") {
  ZoneSet z;
  z.add({"nomail.example", Type::MX, 300, 0, "."});
  const Message r = z.answer(query("nomail.example", Type::MX));
  REQUIRE(r.answers.size() == 1);
  CHECK(r.answers[0].data.empty());
  CHECK(r.additional.empty());
}

TEST_CASE("AAAA and PTR records: answered, AAAA spelled the RFC 5952 way, MX additionals carry both") {
  ZoneSet z;
  z.add({"x.example", Type::MX, 300, 10, "mx.x.example"});
  z.add({"mx.x.example", Type::A, 300, 0, "192.0.2.25"});
  z.add({"mx.x.example", Type::AAAA, 300, 0, "2001:DB8:0:0::25"});
  z.add({"mx.x.example", Type::AAAA, 300, 0, "2001:db8::25"});  // the same record, spelled differently
  z.add({"25.2.0.192.in-addr.arpa", Type::PTR, 300, 0, "MX.x.example."});
  CHECK(z.records().size() == 4);
  CHECK(z.answer(query("mx.x.example", Type::AAAA)).summary() == "response id=42 NOERROR AAAA mx.x.example: 2001:db8::25");
  CHECK(z.answer(query("25.2.0.192.in-addr.arpa", Type::PTR)).summary() ==
        "response id=42 NOERROR PTR 25.2.0.192.in-addr.arpa: mx.x.example");
  CHECK(z.answer(query("26.2.0.192.in-addr.arpa", Type::PTR)).rcode == Rcode::NXDomain);
  const Message mx = z.answer(query("x.example", Type::MX));
  REQUIRE(mx.additional.size() == 2);
  CHECK(mx.additional[0].to_string() == "mx.x.example. 300 IN A 192.0.2.25");
  CHECK(mx.additional[1].to_string() == "mx.x.example. 300 IN AAAA 2001:db8::25");
}
