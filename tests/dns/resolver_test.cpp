// MxResolver with scripted answers: each test plays the DNS server by hand, query by query.
#include <doctest/doctest.h>

#include <deque>

#include "sim/proto/dns/resolver.hpp"

using namespace mailsim::dns;

namespace {

// Answers `q` the way a server would, with the given rcode and sections.
Message reply(const Message& q, Rcode rc, std::vector<Record> answers, std::vector<Record> additional = {}) {
  Message r;
  r.id = q.id;
  r.response = true;
  r.recursion_desired = q.recursion_desired;
  r.rcode = rc;
  r.questions = q.questions;
  r.answers = std::move(answers);
  r.additional = std::move(additional);
  return r;
}

Record mx(std::string owner, std::uint16_t pref, std::string host) {
  return {std::move(owner), Type::MX, 300, pref, std::move(host)};
}
Record a(std::string owner, std::string addr) {
  return {std::move(owner), Type::A, 300, 0, std::move(addr)};
}

// A pick that must not be called.
std::uint64_t no_pick(std::uint64_t n) {
  FAIL("pick called with n=" << n);
  return 0;
}

// Records each n asked, answers from a script (then 0).
struct ScriptedPick {
  std::deque<std::uint64_t> answers;
  std::vector<std::uint64_t> asked;
  std::function<std::uint64_t(std::uint64_t)> fn() {
    return [this](std::uint64_t n) {
      asked.push_back(n);
      if (answers.empty()) return std::uint64_t{0};
      const std::uint64_t v = answers.front();
      answers.pop_front();
      return v;
    };
  }
};

// "host=address, host=address": a string, so a failing CHECK prints it.
std::string hosts(const MxResolver& r) {
  std::string out;
  for (const MxTarget& t : r.targets()) out += (out.empty() ? "" : ", ") + t.host + "=" + t.address;
  return out;
}

}  // namespace

TEST_CASE("the first query asks MX for the domain, with RD, and only one is outstanding") {
  MxResolver r("School.Example.", 100);
  auto q = r.next_query();
  REQUIRE(q);
  CHECK(q->summary() == "query id=100 MX school.example");
  CHECK(q->recursion_desired);
  CHECK_FALSE(q->response);
  CHECK_FALSE(r.next_query().has_value());  // waiting for the answer
  CHECK(r.status() == ResolveStatus::InProgress);
}

TEST_CASE("MX hosts are ordered by preference, addresses from the additional section need no query") {
  MxResolver r("school.example", 1);
  auto q = r.next_query();
  REQUIRE(q);
  r.on_response(reply(*q, Rcode::NoError,
                      {mx("school.example", 30, "mx3.school.example"), mx("school.example", 10, "mx1.school.example"),
                       mx("school.example", 20, "mx2.school.example")},
                      {a("mx1.school.example", "10.0.1.25"), a("mx2.school.example", "10.0.1.26"),
                       a("mx3.school.example", "10.0.1.27")}),
                no_pick);
  REQUIRE(r.status() == ResolveStatus::Done);
  CHECK_FALSE(r.next_query().has_value());
  REQUIRE(r.targets().size() == 3);
  CHECK(hosts(r) == "mx1.school.example=10.0.1.25, mx2.school.example=10.0.1.26, mx3.school.example=10.0.1.27");
  CHECK(r.targets()[0].preference == 10);
  CHECK(r.targets()[2].preference == 30);
}

TEST_CASE("equal preferences are shuffled by pick: Fisher-Yates inside each group") {
  MxResolver r("x.example", 1);
  auto q = r.next_query();
  ScriptedPick pick;
  // Group of 3 at preference 10: pick(3) -> 0 swaps [2]<->[0], pick(2) -> 0 swaps [1]<->[0].
  // Group of 1 at 20: no call. Group of 2 at 30: pick(2) -> 1 leaves it as it is.
  pick.answers = {0, 0, 1};
  r.on_response(reply(*q, Rcode::NoError,
                      {mx("x.example", 10, "a"), mx("x.example", 10, "b"), mx("x.example", 10, "c"),
                       mx("x.example", 20, "d"), mx("x.example", 30, "e"), mx("x.example", 30, "f")},
                      {a("a", "1.0.0.1"), a("b", "1.0.0.2"), a("c", "1.0.0.3"), a("d", "1.0.0.4"), a("e", "1.0.0.5"),
                       a("f", "1.0.0.6")}),
                pick.fn());
  CHECK(pick.asked == std::vector<std::uint64_t>{3, 2, 2});
  REQUIRE(r.status() == ResolveStatus::Done);
  // [a b c] -> swap 2,0 -> [c b a] -> swap 1,0 -> [b c a]
  CHECK(hosts(r) == "b=1.0.0.2, c=1.0.0.3, a=1.0.0.1, d=1.0.0.4, e=1.0.0.5, f=1.0.0.6");
}

TEST_CASE("a different pick gives a different order of the same group") {
  auto order = [](std::deque<std::uint64_t> script) {
    MxResolver r("x.example", 1);
    auto q = r.next_query();
    ScriptedPick pick;
    pick.answers = std::move(script);
    r.on_response(reply(*q, Rcode::NoError, {mx("x.example", 5, "a"), mx("x.example", 5, "b")},
                        {a("a", "1.0.0.1"), a("b", "1.0.0.2")}),
                  pick.fn());
    return hosts(r);
  };
  CHECK(order({1}) == "a=1.0.0.1, b=1.0.0.2");
  CHECK(order({0}) == "b=1.0.0.2, a=1.0.0.1");
  CHECK(order({7}) == "a=1.0.0.1, b=1.0.0.2");  // out of range: reduced mod n
}

TEST_CASE("exchanges missing from the additional section are looked up one at a time, in order") {
  MxResolver r("school.example", 10);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NoError,
                      {mx("school.example", 10, "mx1.school.example"), mx("school.example", 20, "mx2.other.example"),
                       mx("school.example", 30, "mx3.other.example")},
                      {a("mx1.school.example", "10.0.1.25")}),
                no_pick);
  CHECK(r.status() == ResolveStatus::InProgress);
  auto q2 = r.next_query();
  REQUIRE(q2);
  CHECK(q2->summary() == "query id=11 A mx2.other.example");
  CHECK(q2->recursion_desired);
  CHECK_FALSE(r.next_query().has_value());
  // mx2 goes through a CNAME: the final A counts.
  r.on_response(reply(*q2, Rcode::NoError,
                      {{"mx2.other.example", Type::CNAME, 300, 0, "relay.other.example"},
                       a("relay.other.example", "192.0.2.2")}),
                no_pick);
  auto q3 = r.next_query();
  REQUIRE(q3);
  CHECK(q3->summary() == "query id=12 A mx3.other.example");
  r.on_response(reply(*q3, Rcode::NXDomain, {}), no_pick);  // mx3 does not exist: dropped
  CHECK(r.status() == ResolveStatus::Done);
  CHECK(hosts(r) == "mx1.school.example=10.0.1.25, mx2.other.example=192.0.2.2");
}

TEST_CASE("when no exchange has an address the failure is temporary, as in Postfix") {
  MxResolver r("x.example", 1);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NoError, {mx("x.example", 10, "mx1.x.example"), mx("x.example", 20, "mx2.x.example")}),
                no_pick);
  auto q2 = r.next_query();
  REQUIRE(q2);
  r.on_response(reply(*q2, Rcode::NoError, {}), no_pick);  // NODATA
  auto q3 = r.next_query();
  REQUIRE(q3);
  r.on_response(reply(*q3, Rcode::NXDomain, {}), no_pick);
  CHECK(r.status() == ResolveStatus::TempFail);
  CHECK(r.targets().empty());
  CHECK(r.error() == "Host or domain name not found. Name service error for name=mx2.x.example type=A: Host not found");
  CHECK_FALSE(r.next_query().has_value());
}

TEST_CASE("no MX records: the domain itself is the implicit MX (RFC 5321 §5.1)") {
  MxResolver r("plain.example", 50);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NoError, {}), no_pick);
  auto q2 = r.next_query();
  REQUIRE(q2);
  CHECK(q2->summary() == "query id=51 A plain.example");
  r.on_response(reply(*q2, Rcode::NoError, {a("plain.example", "192.0.2.9")}), no_pick);
  REQUIRE(r.status() == ResolveStatus::Done);
  REQUIRE(r.targets().size() == 1);
  CHECK(r.targets()[0].host == "plain.example");
  CHECK(r.targets()[0].preference == 0);
  CHECK(r.targets()[0].address == "192.0.2.9");
}

TEST_CASE("implicit MX without an address is permanent") {
  for (Rcode rc : {Rcode::NoError, Rcode::NXDomain}) {
    MxResolver r("plain.example", 1);
    auto q = r.next_query();
    r.on_response(reply(*q, Rcode::NoError, {}), no_pick);
    auto q2 = r.next_query();
    REQUIRE(q2);
    r.on_response(reply(*q2, rc, {}), no_pick);
    CHECK(r.status() == ResolveStatus::PermFail);
    CHECK(r.error() == "Host or domain name not found. Name service error for name=plain.example type=A: Host not found");
  }
}

TEST_CASE("NXDOMAIN for the MX query is permanent, SERVFAIL is temporary") {
  MxResolver r("nosuch.example", 1);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NXDomain, {}), no_pick);
  CHECK(r.status() == ResolveStatus::PermFail);
  CHECK(r.error() == "Host or domain name not found. Name service error for name=nosuch.example type=MX: Host not found");
  CHECK_FALSE(r.next_query().has_value());

  MxResolver s("broken.example", 1);
  auto q2 = s.next_query();
  s.on_response(reply(*q2, Rcode::ServFail, {}), no_pick);
  CHECK(s.status() == ResolveStatus::TempFail);
  CHECK(s.error() ==
        "Host or domain name not found. Name service error for name=broken.example type=MX: Host not found, try again");
}

TEST_CASE("a timeout is a temporary failure naming the query that timed out") {
  MxResolver r("slow.example", 1);
  r.on_timeout();  // nothing sent yet: nothing to time out
  CHECK(r.status() == ResolveStatus::InProgress);
  auto q = r.next_query();
  r.on_timeout();
  CHECK(r.status() == ResolveStatus::TempFail);
  CHECK(r.error() ==
        "Host or domain name not found. Name service error for name=slow.example type=MX: Host not found, try again");
  CHECK_FALSE(r.next_query().has_value());
  r.on_response(reply(*q, Rcode::NoError, {mx("slow.example", 1, "mx.slow.example")}), no_pick);  // too late
  CHECK(r.status() == ResolveStatus::TempFail);
}

TEST_CASE("a timeout during an exchange's A query names that query") {
  MxResolver r("x.example", 1);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NoError, {mx("x.example", 10, "mx.x.example")}), no_pick);
  REQUIRE(r.next_query());
  r.on_timeout();
  CHECK(r.status() == ResolveStatus::TempFail);
  CHECK(r.error() ==
        "Host or domain name not found. Name service error for name=mx.x.example type=A: Host not found, try again");
}

TEST_CASE("a null MX means the domain takes no mail") {
  MxResolver r("nomail.example", 1);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NoError, {mx("nomail.example", 0, "")}), no_pick);
  CHECK(r.status() == ResolveStatus::PermFail);
  CHECK(r.error() == "Domain does not accept mail (null MX)");
  CHECK_FALSE(r.next_query().has_value());
}

TEST_CASE("answers with the wrong id, or that are not responses, are ignored") {
  MxResolver r("school.example", 500);
  auto q = r.next_query();
  Message wrong = reply(*q, Rcode::NXDomain, {});
  wrong.id = 501;
  r.on_response(wrong, no_pick);
  Message echoed = *q;  // a query bounced back at us, same id
  r.on_response(echoed, no_pick);
  CHECK(r.status() == ResolveStatus::InProgress);
  CHECK_FALSE(r.next_query().has_value());  // still waiting for the real answer
  r.on_response(reply(*q, Rcode::NoError, {mx("school.example", 10, "mx1.school.example")},
                      {a("mx1.school.example", "10.0.1.25")}),
                no_pick);
  CHECK(r.status() == ResolveStatus::Done);
}

TEST_CASE("ids wrap, an MX behind a CNAME is followed, a duplicate host is tried once") {
  MxResolver r("alias.example", 65535);
  auto q = r.next_query();
  REQUIRE(q);
  CHECK(q->id == 65535);
  r.on_response(reply(*q, Rcode::NoError,
                      {{"alias.example", Type::CNAME, 300, 0, "real.example"}, mx("real.example", 20, "mx.real.example"),
                       mx("real.example", 10, "mx.real.example")}),
                no_pick);
  auto q2 = r.next_query();
  REQUIRE(q2);
  CHECK(q2->id == 0);
  r.on_response(reply(*q2, Rcode::NoError, {a("mx.real.example", "192.0.2.3")}), no_pick);
  REQUIRE(r.status() == ResolveStatus::Done);
  REQUIRE(r.targets().size() == 1);
  CHECK(r.targets()[0].preference == 10);
}

TEST_CASE("an empty pick function leaves equal preferences in answer order instead of throwing") {
  MxResolver r("x.example", 1);
  auto q = r.next_query();
  r.on_response(reply(*q, Rcode::NoError, {mx("x.example", 5, "a"), mx("x.example", 5, "b")},
                      {a("a", "1.0.0.1"), a("b", "1.0.0.2")}),
                {});
  CHECK(hosts(r) == "a=1.0.0.1, b=1.0.0.2");
}
