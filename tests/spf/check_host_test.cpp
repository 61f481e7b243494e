// check_host() (RFC 7208 §4-§6) over a zone served through the wire format: results, the term that
// decided, explanations, limits, DNS failures, and the steps the checks panel shows.
#include <doctest/doctest.h>

#include "spf/fixture.hpp"

using namespace spftest;
using spf::Result;

namespace {

// A school that sends from its own network and through a provider.
Dns school() {
  Dns d;
  d.txt("school.example", "v=spf1 ip4:192.0.2.0/28 include:_spf.provider.example -all exp=why.school.example");
  d.txt("school.example", "google-site-verification=abc");  // not an SPF record: ignored
  d.txt("_spf.provider.example", "v=spf1 a:out.provider.example ~all");
  d.a("out.provider.example", "198.51.100.7");
  d.txt("why.school.example", "%{i} may not send mail for %{d}: see https://%{d}/spf");
  return d;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("check_host: a host in the domain's own network passes, and the steps say why") {
  Dns d = school();
  const spf::Evaluator e = d.check("192.0.2.5", "alice@school.example");
  CHECK(e.result() == Result::Pass);
  CHECK(e.mechanism() == "ip4:192.0.2.0/28");
  CHECK(e.explanation().empty());
  CHECK(e.dns_terms() == 0);
  CHECK(steps_of(e) ==
        "query id=100 TXT school.example\n"
        "response id=100 NOERROR TXT school.example: \"v=spf1 ip4:192.0.2.0/28 include:_spf.provider.example -all "
        "exp=why.school.example\", \"google-site-verification=abc\"\n"
        "record of school.example: \"v=spf1 ip4:192.0.2.0/28 include:_spf.provider.example -all exp=why.school.example\"\n"
        "ip4:192.0.2.0/28: match, 192.0.2.5 is in 192.0.2.0/28\n"
        "check_host(school.example) = pass: 'ip4:192.0.2.0/28' matched\n");
}

TEST_CASE("check_host: include passes when the included record passes") {
  Dns d = school();
  const spf::Evaluator e = d.check("198.51.100.7", "alice@school.example");
  CHECK(e.result() == Result::Pass);
  CHECK(e.mechanism() == "include:_spf.provider.example");
  CHECK(e.dns_terms() == 2);
  CHECK(steps_of(e) ==
        "query id=100 TXT school.example\n"
        "response id=100 NOERROR TXT school.example: \"v=spf1 ip4:192.0.2.0/28 include:_spf.provider.example -all "
        "exp=why.school.example\", \"google-site-verification=abc\"\n"
        "record of school.example: \"v=spf1 ip4:192.0.2.0/28 include:_spf.provider.example -all exp=why.school.example\"\n"
        "ip4:192.0.2.0/28: no match, 198.51.100.7 is not in 192.0.2.0/28\n"
        "  query id=101 TXT _spf.provider.example\n"
        "  response id=101 NOERROR TXT _spf.provider.example: \"v=spf1 a:out.provider.example ~all\"\n"
        "  record of _spf.provider.example: \"v=spf1 a:out.provider.example ~all\"\n"
        "  query id=102 A out.provider.example\n"
        "  response id=102 NOERROR A out.provider.example: 198.51.100.7\n"
        "  a:out.provider.example (out.provider.example): match, 198.51.100.7 is in 198.51.100.7\n"
        "  check_host(_spf.provider.example) = pass: 'a:out.provider.example' matched\n"
        "include:_spf.provider.example (_spf.provider.example): match, '_spf.provider.example' gives pass\n"
        "check_host(school.example) = pass: 'include:_spf.provider.example' matched\n");
  const spf::Step& inner = e.steps()[4];
  CHECK(inner.kind == spf::Step::Kind::Query);
  CHECK(inner.depth == 1);
  CHECK(inner.domain == "_spf.provider.example");
  CHECK(inner.id == 101);
  CHECK(inner.question == dns::Question{"_spf.provider.example", dns::Type::TXT});
}

TEST_CASE("check_host: any other host fails, with the domain's explanation expanded") {
  Dns d = school();
  const spf::Evaluator e = d.check("203.0.113.9", "alice@school.example");
  CHECK(e.result() == Result::Fail);
  CHECK(e.mechanism() == "-all");
  CHECK(e.explanation() == "203.0.113.9 may not send mail for school.example: see https://school.example/spf");
  const std::string steps = steps_of(e);
  CHECK(steps.find("  a:out.provider.example (out.provider.example): no match, 203.0.113.9 is not in 198.51.100.7\n"
                   "  ~all: match, 'all' always matches\n"
                   "  check_host(_spf.provider.example) = softfail: '~all' matched\n"
                   "include:_spf.provider.example (_spf.provider.example): no match, '_spf.provider.example' gives softfail\n"
                   "-all: match, 'all' always matches\n"
                   "check_host(school.example) = fail: '-all' matched\n"
                   "query id=103 TXT why.school.example\n"
                   "response id=103 NOERROR TXT why.school.example: \"%{i} may not send mail for %{d}: see https://%{d}/spf\"\n"
                   "explanation: \"203.0.113.9 may not send mail for school.example: see https://school.example/spf\" "
                   "from exp=why.school.example (TXT why.school.example)\n") != std::string::npos);
}

TEST_CASE("check_host: the default explanation when exp= gives nothing usable") {
  Dns d;
  d.txt("a.example", "v=spf1 -all");
  d.txt("b.example", "v=spf1 -all exp=nowhere.b.example");
  d.txt("c.example", "v=spf1 -all exp=two.c.example").txt("two.c.example", "one").txt("two.c.example", "two");
  d.txt("e.example", "v=spf1 -all exp=slow.e.example");
  d.silent.insert("slow.e.example");
  for (const char* domain : {"a.example", "b.example", "c.example", "e.example"}) {
    CAPTURE(domain);
    const spf::Evaluator e = d.check("192.0.2.1", std::string("bob@") + domain);
    CHECK(e.result() == Result::Fail);
    CHECK(e.explanation() == std::string("192.0.2.1 is not allowed to send mail for ") + domain);
    CHECK(e.void_lookups() == 0);  // exp= lookups count against no limit (§4.6.4)
  }
  spf::Options o;
  o.default_explanation = "see http://%{d}/why?ip=%{i}&s=%{S}";
  CHECK(d.check("192.0.2.1", "bob@a.example", "mail.example.org", o).explanation() ==
        "see http://a.example/why?ip=192.0.2.1&s=bob%40a.example");
}

TEST_CASE("check_host: the sender and domain of a null reverse-path, a missing local-part, the HELO identity") {
  const auto null_path = spf::Request::mail_from(ip("192.0.2.1"), "", "mail.example.org");
  CHECK(null_path.domain == "mail.example.org");
  CHECK(null_path.sender == "postmaster@mail.example.org");
  CHECK(null_path.envelope_from.empty());
  const auto no_local = spf::Request::mail_from(ip("192.0.2.1"), "@example.net", "mail.example.org");
  CHECK(no_local.domain == "example.net");
  CHECK(no_local.sender == "postmaster@example.net");
  const auto helo = spf::Request::helo_check(ip("192.0.2.1"), "mail.example.org");
  CHECK(helo.identity == spf::Identity::Helo);
  CHECK(helo.domain == "mail.example.org");
  CHECK(helo.sender == "postmaster@mail.example.org");

  Dns d;
  d.txt("example.net", "v=spf1 -all exp=why.example.net").txt("why.example.net", "%{l} at %{o} via %{h}");
  CHECK(d.check("192.0.2.1", "@example.net").explanation() == "postmaster at example.net via mail.example.org");
}

TEST_CASE("check_host: none for no record, no domain, or a domain that cannot be one") {
  Dns d;
  d.txt("text.example", "just some text");
  d.txt("v2.example", "v=spf10 -all");
  for (const char* from : {"a@text.example", "a@v2.example", "a@nowhere.example", "a@[192.0.2.1]", "a@localhost",
                           "a@bad..example"}) {
    CAPTURE(from);
    const spf::Evaluator e = d.check("192.0.2.1", from);
    CHECK(e.result() == Result::None);
    CHECK(e.mechanism().empty());
  }
  CHECK(d.check("192.0.2.1", "a@nowhere.example").problem() == "'nowhere.example' does not exist (NXDOMAIN)");
  CHECK(d.check("192.0.2.1", "a@text.example").problem() ==
        "'text.example' has no SPF record (no TXT record starts with v=spf1)");
  CHECK(d.check("192.0.2.1", "a@localhost").problem() == "'localhost' is not a fully qualified domain name");
  CHECK(d.check("192.0.2.1", "a@[192.0.2.1]").problem() == "'[192.0.2.1]' is an address literal, not a domain name");
  const std::size_t before = d.queries;
  d.check("192.0.2.1", "a@" + std::string(64, 'x') + ".example");
  CHECK(d.queries == before);  // a 64-octet label is never sent
}

TEST_CASE("check_host: permerror for two records, a bad record, include of a domain without one") {
  Dns d;
  d.txt("two.example", "v=spf1 +all").txt("two.example", "V=SPF1 -all");
  d.txt("bad.example", "v=spf1 ip4:192.0.2.1 -all moo");
  d.txt("inc.example", "v=spf1 include:nothing.example -all");
  d.txt("red.example", "v=spf1 redirect=nothing.example");
  CHECK(d.check("192.0.2.1", "a@two.example").problem() ==
        "'two.example' has 2 SPF records; there must be exactly one (RFC 7208 §4.5)");
  const spf::Evaluator bad = d.check("192.0.2.1", "a@bad.example");
  CHECK(bad.result() == Result::PermError);
  CHECK(bad.problem() ==
        "'moo' is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)");
  const spf::Evaluator inc = d.check("192.0.2.1", "a@inc.example");
  CHECK(inc.result() == Result::PermError);
  CHECK(inc.problem() ==
        "'include:nothing.example': 'nothing.example' has no SPF record, which makes include a permerror (RFC 7208 §5.2)");
  const spf::Evaluator red = d.check("192.0.2.1", "a@red.example");
  CHECK(red.result() == Result::PermError);
  CHECK(red.problem() == "the redirect= target 'nothing.example' has no SPF record (RFC 7208 §6.1): "
                         "'nothing.example' does not exist (NXDOMAIN)");
}

TEST_CASE("check_host: redirect= hands the check over, with its <domain> and its exp=") {
  Dns d;
  d.txt("brand.example", "v=spf1 ip4:192.0.2.9 exp=old.brand.example redirect=_spf.brand.example");
  d.txt("_spf.brand.example", "v=spf1 a -all exp=new.brand.example");
  d.a("_spf.brand.example", "192.0.2.20");
  d.txt("new.brand.example", "not from %{d}").txt("old.brand.example", "never shown");
  const spf::Evaluator pass = d.check("192.0.2.20", "a@brand.example");
  CHECK(pass.result() == Result::Pass);
  CHECK(pass.mechanism() == "a");
  const spf::Evaluator fail = d.check("192.0.2.21", "a@brand.example");
  CHECK(fail.result() == Result::Fail);
  CHECK(fail.explanation() == "not from _spf.brand.example");
  CHECK(steps_of(fail).find("redirect=_spf.brand.example (_spf.brand.example): match, no mechanism matched: "
                            "'_spf.brand.example' decides\n") != std::string::npos);
}

TEST_CASE("check_host: neutral when nothing matches, qualifiers give the other results") {
  Dns d;
  d.txt("n.example", "v=spf1 ip4:192.0.2.1");
  d.txt("q.example", "v=spf1 ?ip4:192.0.2.2 ~ip4:192.0.2.3 -ip4:192.0.2.4 +ip4:192.0.2.5");
  const spf::Evaluator n = d.check("192.0.2.9", "a@n.example");
  CHECK(n.result() == Result::Neutral);
  CHECK(n.mechanism() == "default");
  CHECK(d.check("192.0.2.2", "a@q.example").result() == Result::Neutral);
  CHECK(d.check("192.0.2.3", "a@q.example").result() == Result::SoftFail);
  CHECK(d.check("192.0.2.4", "a@q.example").result() == Result::Fail);
  CHECK(d.check("192.0.2.5", "a@q.example").result() == Result::Pass);
}

TEST_CASE("check_host: IPv6 clients, a and mx with both CIDR lengths, a v4-mapped client is IPv4") {
  Dns d;
  d.txt("six.example", "v=spf1 a/24//64 mx//48 -all");
  d.a("six.example", "192.0.2.10");
  d.add(rr("six.example", dns::Type::AAAA, "2001:db8:1::10"));
  d.add(rr("six.example", dns::Type::MX, "mx.six.example", 10));
  d.add(rr("mx.six.example", dns::Type::AAAA, "2001:db8:2::25"));
  CHECK(d.check("2001:db8:1::ffff", "a@six.example").mechanism() == "a/24//64");
  CHECK(d.check("2001:db8:2:abcd::1", "a@six.example").mechanism() == "mx//48");
  CHECK(d.check("2001:db8:3::1", "a@six.example").result() == Result::Fail);
  CHECK(d.check("192.0.2.200", "a@six.example").mechanism() == "a/24//64");
  const spf::Evaluator mapped = d.check("::ffff:192.0.2.201", "a@six.example");
  CHECK(mapped.mechanism() == "a/24//64");
  CHECK(mapped.request().ip == ip("192.0.2.201"));
  CHECK(steps_of(mapped).find("query id=101 A six.example\n") != std::string::npos);
}

TEST_CASE("check_host: mx looks up each host once, skips a null MX, and refuses more than 10") {
  Dns d;
  d.txt("m.example", "v=spf1 mx -all");
  d.add(rr("m.example", dns::Type::MX, "b.m.example", 20));
  d.add(rr("m.example", dns::Type::MX, "a.m.example", 10));
  d.a("a.m.example", "192.0.2.1").a("b.m.example", "192.0.2.2");
  const spf::Evaluator e = d.check("192.0.2.2", "x@m.example");
  CHECK(e.mechanism() == "mx");
  CHECK(steps_of(e).find("query id=102 A a.m.example\n") != std::string::npos);  // preference order
  d.txt("null.example", "v=spf1 mx ?all").a("null.example", "192.0.2.3").add(rr("null.example", dns::Type::MX, "", 0));
  const spf::Evaluator null_mx = d.check("192.0.2.3", "x@null.example");
  CHECK(null_mx.result() == Result::Neutral);
  CHECK(steps_of(null_mx).find("mx (null.example): no match, 'null.example' has only a null MX: it sends no mail\n") !=
        std::string::npos);
  d.txt("many.example", "v=spf1 mx");
  for (int i = 0; i < 11; ++i) d.add(rr("many.example", dns::Type::MX, "h" + std::to_string(i) + ".many.example", static_cast<std::uint16_t>(i)));
  const spf::Evaluator many = d.check("192.0.2.3", "x@many.example");
  CHECK(many.result() == Result::PermError);
  CHECK(many.problem() == "'mx': 'many.example' has 11 MX records; at most 10 may be looked up (RFC 7208 §4.6.4)");
}

TEST_CASE("check_host: ptr validates names in the target, and a failed PTR lookup is just no match") {
  Dns d;
  d.txt("p.example", "v=spf1 ptr -all");
  d.add(rr("5.2.0.192.in-addr.arpa", dns::Type::PTR, "other.example"));
  d.add(rr("5.2.0.192.in-addr.arpa", dns::Type::PTR, "fake.p.example"));
  d.add(rr("5.2.0.192.in-addr.arpa", dns::Type::PTR, "mail.p.example"));
  d.a("fake.p.example", "192.0.2.99").a("mail.p.example", "192.0.2.5").a("other.example", "192.0.2.5");
  const spf::Evaluator e = d.check("192.0.2.5", "x@p.example");
  CHECK(e.result() == Result::Pass);
  const std::string steps = steps_of(e);
  CHECK(steps.find("A other.example") == std::string::npos);  // outside the target: never validated
  CHECK(steps.find("ptr (p.example): match, mail.p.example has the address 192.0.2.5: validated\n") != std::string::npos);
  d.silent.insert("6.2.0.192.in-addr.arpa");
  const spf::Evaluator quiet = d.check("192.0.2.6", "x@p.example");
  CHECK(quiet.result() == Result::Fail);
  CHECK(steps_of(quiet).find("ptr (p.example): no match, the query for PTR 6.2.0.192.in-addr.arpa got no answer: "
                             "no match (RFC 7208 §5.5)\n") != std::string::npos);
}

TEST_CASE("check_host: %{p} is looked up once, only when a term or the explanation uses it") {
  Dns d;
  d.txt("pm.example", "v=spf1 exists:%{p}.allow.pm.example -all exp=why.pm.example");
  d.txt("why.pm.example", "%{p} (%{i}) is not allowed");
  d.add(rr("7.2.0.192.in-addr.arpa", dns::Type::PTR, "host.pm.example"));
  d.a("host.pm.example", "192.0.2.7");
  d.a("host.pm.example.allow.pm.example", "127.0.0.2");
  const spf::Evaluator pass = d.check("192.0.2.7", "x@pm.example");
  CHECK(pass.result() == Result::Pass);
  CHECK(pass.dns_terms() == 1);
  const spf::Evaluator fail = d.check("192.0.2.8", "x@pm.example");
  CHECK(fail.result() == Result::Fail);
  CHECK(fail.explanation() == "unknown (192.0.2.8) is not allowed");
  const std::string steps = steps_of(fail);
  CHECK(steps.find("query id=101 PTR 8.2.0.192.in-addr.arpa\n") != std::string::npos);
  CHECK(count(steps, " PTR 8.2.0.192.in-addr.arpa") == 2);  // one query, one answer
  CHECK(steps.find("%{p}: no match, no validated name: %{p} is 'unknown'\n") != std::string::npos);
}

TEST_CASE("check_host: the 10 DNS-term and 2 void-lookup limits (§4.6.4)") {
  Dns d;
  d.a("a.example", "192.0.2.100");
  d.txt("ten.example", "v=spf1 a:a.example a:a.example a:a.example a:a.example a:a.example a:a.example a:a.example "
                       "a:a.example a:a.example a:a.example ip4:192.0.2.1 -all");
  d.txt("eleven.example", "v=spf1 a:a.example a:a.example a:a.example a:a.example a:a.example a:a.example a:a.example "
                          "a:a.example a:a.example a:a.example a:a.example ip4:192.0.2.1 -all");
  CHECK(d.check("192.0.2.1", "x@ten.example").result() == Result::Pass);
  const spf::Evaluator eleven = d.check("192.0.2.1", "x@eleven.example");
  CHECK(eleven.result() == Result::PermError);
  CHECK(eleven.problem() == "'a:a.example' would be DNS-querying term 11; at most 10 are allowed (RFC 7208 §4.6.4)");
  d.txt("void.example", "v=spf1 a:n1.example mx:n2.example exists:n3.example ?all");
  const spf::Evaluator v = d.check("192.0.2.1", "x@void.example");
  CHECK(v.result() == Result::PermError);
  CHECK(v.void_lookups() == 3);
  CHECK(v.problem() == "'exists:n3.example': no A record for 'n3.example' is void lookup 3; at most 2 are allowed "
                       "(RFC 7208 §4.6.4)");
  spf::Options lenient;
  lenient.max_void_lookups = 3;
  CHECK(d.check("192.0.2.1", "x@void.example", "h.example", lenient).result() == Result::Neutral);
}

TEST_CASE("check_host: DNS errors and timeouts are temperror, where the RFC says so") {
  Dns d;
  d.txt("t.example", "v=spf1 a:slow.example -all");
  d.txt("inc.example", "v=spf1 include:slow.example -all");
  d.silent.insert("slow.example");
  d.silent.insert("quiet.example");
  for (const char* from : {"x@t.example", "x@inc.example", "x@quiet.example"}) {
    CAPTURE(from);
    CHECK(d.check("192.0.2.1", from).result() == Result::TempError);
  }
  CHECK(d.check("192.0.2.1", "x@t.example").problem() == "'a:slow.example': the query for A slow.example got no answer");

  // SERVFAIL, which the zone never says: answered by hand.
  spf::Evaluator e(spf::Request::mail_from(ip("192.0.2.1"), "x@broken.example", "h.example"), {}, 7);
  auto q = e.next_query();
  REQUIRE(q);
  CHECK_FALSE(e.next_query().has_value());  // one at a time
  dns::Message servfail = *q;
  servfail.response = true;
  servfail.rcode = dns::Rcode::ServFail;
  e.on_response(servfail);
  CHECK(e.done());
  CHECK(e.result() == Result::TempError);
  CHECK(e.problem() == "the query for TXT broken.example was answered SERVFAIL");
}

TEST_CASE("check_host: stray answers are ignored, expire() ends a slow check") {
  spf::Evaluator e(spf::Request::mail_from(ip("192.0.2.1"), "x@school.example", "h.example"), {}, 40);
  const auto q = e.next_query();
  REQUIRE(q);
  CHECK(q->id == 40);
  CHECK(q->recursion_desired);
  dns::Message answer = school().zone.answer(*q);
  dns::Message wrong_id = answer;
  wrong_id.id = 41;
  dns::Message not_response = answer;
  not_response.response = false;
  dns::Message other_question = answer;
  other_question.questions[0].type = dns::Type::A;
  for (const dns::Message& m : {wrong_id, not_response, other_question}) e.on_response(m);
  CHECK_FALSE(e.done());
  CHECK_FALSE(e.next_query().has_value());  // still waiting for the first answer
  e.expire();
  CHECK(e.done());
  CHECK(e.result() == Result::TempError);
  CHECK(e.problem() == "the check took longer than its time limit");
  e.on_response(answer);  // too late
  CHECK(e.result() == Result::TempError);

  // Past the result, only the explanation is missing: it stays a fail, with the default text.
  Dns d = school();
  d.silent.insert("why.school.example");
  spf::Evaluator f(spf::Request::mail_from(ip("203.0.113.1"), "x@school.example", "h.example"), {}, 1);
  while (auto next = f.next_query()) {
    if (next->questions[0].name == "why.school.example") break;
    f.on_response(d.zone.answer(*next));
  }
  CHECK_FALSE(f.done());
  f.expire();
  CHECK(f.done());
  CHECK(f.result() == Result::Fail);
  CHECK(f.explanation() == "203.0.113.1 is not allowed to send mail for school.example");
}
