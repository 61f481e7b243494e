// A delay warning is not a bounce: the trace says which in `action`, the transcript prints DELAY for
// a warning and BOUNCE only for a real bounce, and the `bounced` expectation ignores warnings.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lesson.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {
// bob's server never comes back; the relay warns after 20 minutes and gives up after `give_up`.
scenario::Scenario never_returns(Duration give_up) {
  auto s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") {
      h.retry.warn_after = 20 * kMinute;
      h.retry.give_up = give_up;
    }
  s.failures = lesson::outage("mx.home.example", 0);
  scenario::Expectation bounced;
  bounced.kind = scenario::ExpectKind::Bounced;
  bounced.message = "m1";
  s.expect = {bounced};
  return s;
}

std::vector<trace::Event> reports(const world::World& w) {
  std::vector<trace::Event> out;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Bounce) out.push_back(e);
  return out;
}

// The report itself enters the queue right after the event that announces it.
std::string report_queue_id(const world::World& w, const trace::Event& e) {
  const auto& next = w.trace().events().at(e.seq + 1);
  REQUIRE(next.kind == trace::Kind::Queue);
  CHECK(next.as<trace::data::Queue>().to == trace::QueueName::Incoming);
  CHECK(next.as<trace::data::Queue>().sender == "");  // a DSN has the null sender
  CHECK(next.as<trace::data::Queue>().log.rfind("from=<>,", 0) == 0);
  CHECK(e.as<trace::data::Bounce>().report_queue_id == next.queue_id);
  return next.queue_id;
}
}  // namespace

TEST_CASE("delay warning: action delayed, a DELAY line that says the server keeps trying") {
  world::World w(never_returns(2 * kHour));
  w.run();
  const auto r = reports(w);
  REQUIRE(r.size() == 2);
  const trace::Event& warning = r[0];
  CHECK(warning.as<trace::data::Bounce>().action == trace::BounceAction::Delayed);
  CHECK(warning.host == "relay.isp.example");
  CHECK(warning.peer == "alice@school.example");
  const std::string report = report_queue_id(w, warning);
  CHECK(trace::transcript_line(warning) == format_time(warning.time) + "  DELAY relay.isp.example " +
                                               warning.queue_id + ": delay warning to <alice@school.example> as " +
                                               report + " (still trying)");
  CHECK(trace::to_json_line(warning) ==
        "{\"seq\":" + std::to_string(warning.seq) + ",\"t\":" + std::to_string(warning.time) +
            ",\"kind\":\"bounce\",\"host\":\"relay.isp.example\",\"peer\":\"alice@school.example\","
            "\"queue_id\":\"" + warning.queue_id + "\",\"message_id\":\"" + warning.message_id +
            "\",\"action\":\"delayed\",\"report\":\"" + report + "\"}");
}

TEST_CASE("bounce after give_up: action failed, a BOUNCE line, and the bounced expectation holds") {
  world::World w(never_returns(2 * kHour));
  w.run();
  const auto r = reports(w);
  REQUIRE(r.size() == 2);
  const trace::Event& bounce = r[1];
  CHECK(bounce.as<trace::data::Bounce>().action == trace::BounceAction::Failed);
  CHECK(bounce.queue_id == r[0].queue_id);  // both are about the same queued message
  const std::string report = report_queue_id(w, bounce);
  CHECK(trace::transcript_line(bounce) == format_time(bounce.time) + "  BOUNCE relay.isp.example " + bounce.queue_id +
                                              ": bounce to <alice@school.example> as " + report);
  CHECK(trace::to_json_line(bounce).find(",\"action\":\"failed\",\"report\":\"" + report + "\"}") != std::string::npos);
  const auto results = world::check_expectations(w);
  REQUIRE(results.size() == 1);
  CHECK(results[0].ok);
}

TEST_CASE("a delay warning in the sender's mailbox does not satisfy the bounced expectation") {
  world::World w(never_returns(5 * kDay));
  w.run(3 * kHour);
  const auto r = reports(w);
  REQUIRE(r.size() == 1);
  CHECK(r[0].as<trace::data::Bounce>().action == trace::BounceAction::Delayed);
  const auto* inbox = world::inbox_of(w, "alice@school.example");
  REQUIRE(inbox);
  CHECK(inbox->messages.size() == 1);  // the warning arrived
  const auto results = world::check_expectations(w);
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].detail.en == "no bounce about " + r[0].message_id + " for alice@school.example");
}
