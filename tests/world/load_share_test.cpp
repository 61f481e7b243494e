// Load distribution, run: three MX hosts of the same preference share 240 messages (the bundled
// lesson's `repeat`), about a third each while all are up; while mx2 is down it takes none and the
// other two take its share. The accepted expectation counts each server's messages, and says how
// many when it does not hold.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

const std::string kLesson = "load-distribution.json";
const std::string kMx[] = {"mx1.bigmail.example", "mx2.bigmail.example", "mx3.bigmail.example"};

// Messages each MX took in (queued, once per queue id) before `from`, and from `from` until `to`.
std::map<std::string, int> taken(const world::World& w, Time from, Time to) {
  std::map<std::string, std::set<std::string>> ids;
  for (const auto& e : w.trace().events())
    if (e.time >= from && e.time < to && trace::takes_in_message(e)) ids[e.host].insert(e.queue_id);
  std::map<std::string, int> n;
  for (const auto& h : kMx) n[h] = static_cast<int>(ids[h].size());
  return n;
}

}  // namespace

TEST_CASE("load distribution: equal-preference MX hosts share the messages, and a host that is down takes none") {
  world::World w(scenario::load_text(lesson_text(kLesson), kLesson));
  w.run();
  REQUIRE(w.scenario().messages.size() == 240);
  // All three up (the first two minutes, about 90 messages): each takes a fair part.
  const auto before = taken(w, 0, 2 * kMinute);
  int sum = 0;
  for (const auto& h : kMx) {
    CAPTURE(h);
    CHECK(before.at(h) >= 20);
    sum += before.at(h);
  }
  CHECK(sum >= 85);
  // mx2 down from 2:00 to 4:00: nothing reaches it, the others take everything.
  const auto down = taken(w, 2 * kMinute, 4 * kMinute);
  CHECK(down.at("mx2.bigmail.example") == 0);
  CHECK(down.at("mx1.bigmail.example") + down.at("mx3.bigmail.example") >= 70);  // 90 sent, a few late by a timeout
  // Back up: it takes its share again.
  CHECK(taken(w, 4 * kMinute, 9 * kMinute).at("mx2.bigmail.example") >= 10);
  // Every message reached the mailbox server, once.
  std::set<std::string> stored;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Delivery && e.host == "store.bigmail.example") stored.insert(e.queue_id);
  CHECK(stored.size() == 240);
  const auto results = world::check_expectations(w);
  for (const auto& r : results) CHECK_MESSAGE(r.ok, r.description.en);
}

TEST_CASE("accepted expectation: says how many the server took in when it is fewer than asked") {
  const std::string text = edited(lesson_text(kLesson), R"({"accepted": "mx2.bigmail.example", "count": 30})",
                                  R"({"accepted": "mx2.bigmail.example", "count": 100})");
  world::World w(scenario::load_text(text, kLesson));
  w.run();
  const auto results = world::check_expectations(w);
  REQUIRE(results.size() >= 2);
  CHECK_FALSE(results[1].ok);
  CHECK(results[1].description.en == "mx2.bigmail.example accepted at least 100 messages");
  CHECK(results[1].description.ja == "mx2.bigmail.example が 100 通以上を受け付けた");
  CHECK(results[1].detail.en == std::to_string(taken(w, 0, 9 * kMinute).at("mx2.bigmail.example")) + " accepted");
  CHECK(results[0].ok);
}
