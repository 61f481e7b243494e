#include <doctest/doctest.h>

#include "sim/scenario/load.hpp"
#include "viz/model/session.hpp"
#include "viz/model/timeline.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {
// Alice sends one message to Bob at 10s, through a submission server that relays to Bob's server.
const char* kLesson = R"({"title": "t", "until": "2m",
  "hosts": [
    {"name": "pc1.school.example", "address": "10.0.0.10", "role": "client"},
    {"name": "mail.school.example", "address": "10.0.0.25", "role": "submission", "domains": ["school.example"],
     "relay_from": ["10.0.0.0/24"], "relayhost": "mx.home.example"},
    {"name": "mx.home.example", "address": "10.1.0.25", "role": "destination", "domains": ["home.example"]},
    {"name": "ns.example", "address": "10.2.0.53", "role": "dns"}],
  "links": [{"between": ["pc1.school.example", "mail.school.example"], "latency": "2ms"},
            {"between": ["mail.school.example", "mx.home.example"], "latency": "10ms"},
            {"between": ["mail.school.example", "ns.example"], "latency": "5ms"}],
  "dns": [{"name": "mx.home.example", "type": "A", "data": "10.1.0.25"}],
  "accounts": [{"address": "bob@home.example", "host": "mx.home.example"}],
  "clients": [{"host": "pc1.school.example", "account": "alice@school.example", "submission": "mail.school.example"}],
  "messages": [{"id": "m1", "at": "10s", "client": "pc1.school.example", "to": "bob@home.example", "subject": "Hi"}]})";
}  // namespace

TEST_CASE("the live world at time t matches the lesson's trace, forwards and after stepping back") {
  Session s(scenario::load_text(kLesson, "lesson.json"));
  const TraceModel& m = s.model();
  REQUIRE(m.events().size() > 20);
  CHECK(s.end() == 2 * kMinute);
  // Walk forward event by event, then back: the live world always has exactly the events up to t.
  std::vector<Time> times;
  for (std::optional<Time> t = Time{0}; t; t = next_event_time(m, kAllCategories, *t)) times.push_back(*t);
  for (Time t : times) REQUIRE(s.world_at(t).trace().size() == m.count_until(t));
  const std::size_t rebuilds = s.rebuilds();
  for (auto it = times.rbegin(); it != times.rend(); ++it) REQUIRE(s.world_at(*it).trace().size() == m.count_until(*it));
  CHECK(s.rebuilds() > rebuilds);  // going back needs the world rebuilt
  // The live state follows: the message is in the submission queue in the middle of its relaying.
  const auto& mta = *s.world_at(m.last_time()).mta("mail.school.example");
  CHECK(mta.queue().empty());
  CHECK(s.world_at(m.last_time()).destination("mx.home.example")->store().find("bob")->folders.at("INBOX").messages.size() == 1);
}

TEST_CASE("an injected failure changes the lesson and survives stepping back") {
  Session s(scenario::load_text(kLesson, "lesson.json"));
  const std::uint64_t rev = s.revision();
  scenario::Failure f;
  f.at = 5 * kSecond;
  f.kind = scenario::FailureKind::HostDown;
  f.host = "mx.home.example";
  s.inject(f);
  CHECK(s.revision() > rev);
  REQUIRE(s.injected().size() == 1);
  const TraceModel& m = s.model();
  REQUIRE(m.failures().size() == 1);
  CHECK(m.events()[m.failures()[0]].time == 5 * kSecond);
  CHECK_FALSE(m.host_up(*m.host_index("mx.home.example"), 6 * kSecond));
  CHECK(m.queue_length("mail.school.example", 11 * kSecond) == 1);
  // Step back to before the failure and forward again: the rebuilt world has it too.
  s.world_at(m.last_time());
  CHECK_FALSE(s.world_at(4 * kSecond).network().host("mx.home.example")->up == false);
  CHECK_FALSE(s.world_at(6 * kSecond).network().host("mx.home.example")->up);
  CHECK(s.world_at(30 * kSecond).mta("mail.school.example")->queue().size() == 1);
  s.remove_injected(0);
  CHECK(s.model().failures().empty());
  CHECK(s.world_at(30 * kSecond).mta("mail.school.example")->queue().empty());
}
