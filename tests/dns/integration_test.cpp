// The resolver against a ZoneSet, as the simulation wires them: every query and answer crosses the
// wire format, so encode, decode, zone logic and resolver are checked together.
#include <doctest/doctest.h>

#include "sim/proto/dns/resolver.hpp"
#include "sim/proto/dns/zone.hpp"

using namespace mailsim::dns;

namespace {

ZoneSet world() {
  ZoneSet z;
  z.add({"school.example", Type::MX, 300, 20, "mx2.school.example"});
  z.add({"school.example", Type::MX, 300, 10, "mx1.school.example"});
  z.add({"school.example", Type::MX, 300, 10, "mx1b.school.example"});
  z.add({"school.example", Type::MX, 300, 30, "backup.isp.example"});  // no A record: a CNAME
  z.add({"mx1.school.example", Type::A, 300, 0, "10.0.1.25"});
  z.add({"mx1b.school.example", Type::A, 300, 0, "10.0.1.24"});
  z.add({"mx2.school.example", Type::A, 300, 0, "10.0.1.26"});
  z.add({"backup.isp.example", Type::CNAME, 300, 0, "relay.isp.example"});
  z.add({"relay.isp.example", Type::A, 300, 0, "192.0.2.50"});
  z.add({"plain.example", Type::A, 300, 0, "192.0.2.80"});
  z.add({"plain.example", Type::TXT, 300, 0, "no MX here"});
  z.add({"nomail.example", Type::MX, 300, 0, "."});
  z.add({"dangling.example", Type::MX, 300, 10, "nowhere.dangling.example"});
  return z;
}

struct Run {
  ResolveStatus status;
  std::string targets;                 // "host pref address, ..." (strings, so a failure prints them)
  std::string error;
  std::vector<std::string> transcript;  // summaries of every query and answer
};

// The loop a DNS client node runs: query -> server -> answer, until the resolver is done.
Run resolve(const ZoneSet& zone, const std::string& domain, std::function<std::uint64_t(std::uint64_t)> pick) {
  MxResolver r(domain, 1000);
  Run run;
  for (int guard = 0; guard < 20; ++guard) {
    auto q = r.next_query();
    if (!q) break;
    auto q_in = Message::decode(q->encode());
    REQUIRE(q_in);
    auto a_in = Message::decode(zone.answer(*q_in).encode());
    REQUIRE(a_in);
    run.transcript.push_back(q->summary());
    run.transcript.push_back(a_in->summary());
    r.on_response(*a_in, pick);
  }
  run.status = r.status();
  run.error = r.error();
  for (const MxTarget& t : r.targets()) {
    if (!run.targets.empty()) run.targets += ", ";
    run.targets += t.host + " " + std::to_string(t.preference) + " " + t.address;
  }
  return run;
}

std::uint64_t keep_order(std::uint64_t n) { return n - 1; }  // Fisher-Yates swaps [i] with itself

}  // namespace

TEST_CASE("MX hosts in preference order, equal ones shuffled, a CNAMEd exchange looked up") {
  const Run run = resolve(world(), "school.example", keep_order);
  CHECK(run.status == ResolveStatus::Done);
  CHECK(run.targets ==
        "mx1.school.example 10 10.0.1.25, mx1b.school.example 10 10.0.1.24, mx2.school.example 20 10.0.1.26, "
        "backup.isp.example 30 192.0.2.50");
  CHECK(run.transcript == std::vector<std::string>{
      "query id=1000 MX school.example",
      "response id=1000 NOERROR MX school.example: 20 mx2.school.example, 10 mx1.school.example, "
      "10 mx1b.school.example, 30 backup.isp.example",
      "query id=1001 A backup.isp.example",
      "response id=1001 NOERROR A backup.isp.example: CNAME relay.isp.example, 192.0.2.50"});

  const Run swapped = resolve(world(), "SCHOOL.example.", [](std::uint64_t) { return 0; });
  CHECK(swapped.targets.starts_with("mx1b.school.example 10 10.0.1.24, mx1.school.example 10 10.0.1.25, "));
}

TEST_CASE("a domain without MX falls back to its own address") {
  const Run run = resolve(world(), "plain.example", keep_order);
  CHECK(run.status == ResolveStatus::Done);
  CHECK(run.targets == "plain.example 0 192.0.2.80");
  REQUIRE(run.transcript.size() == 4);
  CHECK(run.transcript[1] == "response id=1000 NOERROR MX plain.example: (no records)");
}

TEST_CASE("failures through the zone: NXDOMAIN, null MX, dangling exchange") {
  const Run nx = resolve(world(), "nosuch.example", keep_order);
  CHECK(nx.status == ResolveStatus::PermFail);
  CHECK(nx.error == "Host or domain name not found. Name service error for name=nosuch.example type=MX: Host not found");

  const Run null_mx = resolve(world(), "nomail.example", keep_order);
  CHECK(null_mx.status == ResolveStatus::PermFail);
  CHECK(null_mx.error == "Domain does not accept mail (null MX)");

  const Run dangling = resolve(world(), "dangling.example", keep_order);
  CHECK(dangling.status == ResolveStatus::TempFail);
  CHECK(dangling.error ==
        "Host or domain name not found. Name service error for name=nowhere.dangling.example type=A: Host not found");
}

TEST_CASE("removing a domain's MX records at run time switches it to the implicit MX") {
  ZoneSet z = world();
  z.remove("school.example", Type::MX);
  z.add({"school.example", Type::A, 300, 0, "10.0.1.1"});
  const Run run = resolve(z, "school.example", keep_order);
  CHECK(run.targets == "school.example 0 10.0.1.1");
}
