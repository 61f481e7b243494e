// What the map and the inspector show in a load lesson: which hosts share a domain's mail (two or
// more MX hosts of the same preference) and how many messages each has accepted by a moment.
#include <doctest/doctest.h>

#include "sim/scenario/load.hpp"
#include "viz/model/load_share.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {
scenario::Scenario bundled(const std::string& name) {
  return scenario::load_file(std::string(MAILSIM_SOURCE_DIR) + "/scenarios/" + name);
}
}  // namespace

TEST_CASE("load sharing: the hosts of MX records with the same preference, none for a backup MX") {
  CHECK(load_shared_hosts(bundled("load-distribution.json")) ==
        std::vector<std::string>{"mx1.bigmail.example", "mx2.bigmail.example", "mx3.bigmail.example"});
  // Preferences 10 and 20: a backup, not a share.
  CHECK(load_shared_hosts(bundled("backup-mx.json")).empty());
  CHECK(load_shared_hosts(bundled("relay-mx.json")).empty());
}

TEST_CASE("load sharing: each MX host's accepted count grows, and stands still while it is down") {
  Session s(bundled("load-distribution.json"));
  const TraceModel& m = s.model();
  const std::string mx2 = "mx2.bigmail.example";
  CHECK(m.accepted(mx2, 0) == 0);
  const int at_down = m.accepted(mx2, 2 * kMinute);
  CHECK(at_down >= 20);
  // Down from 2:00 to 4:00: it takes nothing in.
  CHECK(m.accepted(mx2, 4 * kMinute) == at_down);
  CHECK(m.accepted(mx2, 9 * kMinute) > at_down);
  // The three shares add up to all 240 messages, as the mailbox server's count does.
  int sum = 0;
  for (const auto& h : load_shared_hosts(s.scenario())) sum += m.accepted(h, 9 * kMinute);
  CHECK(sum == 240);
  CHECK(m.accepted("store.bigmail.example", 9 * kMinute) == 240);
  REQUIRE(m.accepted_series(mx2) != nullptr);
  CHECK(m.accepted_series(mx2)->back().second == m.accepted(mx2, 9 * kMinute));
  CHECK(m.accepted_series("pc1.school.example") == nullptr);
}
