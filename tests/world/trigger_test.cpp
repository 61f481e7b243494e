// Triggers (sim/world/trigger.hpp) against the traces of real lessons: each kind fires on the event
// the lesson's transcript shows, at its time; nth counts, after delays; captions `on` an event are
// shown by the world when it happens, and not at all when it never does.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/world/trigger.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"

using namespace mailsim;
using scenario::Trigger;
using Kind = Trigger::Kind;

namespace {


Trigger trigger(Kind k) {
  Trigger t;
  t.kind = k;
  return t;
}

// The time `t` fires in a run of `s` (its own captions removed, so they do not move the trace),
// or -1 when it never does.
Time fire_time(scenario::Scenario s, const Trigger& t) {
  s.captions.clear();
  world::World w(std::move(s));
  w.run();
  const auto& events = w.trace().events();
  const auto at = world::fire_points({&t}, events);
  return at[0] == events.size() ? -1 : events[at[0]].time;
}

// The captions the world showed: (time, index).
std::vector<std::pair<Time, std::size_t>> shown(const world::World& w) {
  std::vector<std::pair<Time, std::size_t>> out;
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Caption>()) out.emplace_back(e.time, c->index);
  return out;
}

constexpr Time ms(long long n) { return n * kMillisecond; }

}  // namespace

TEST_CASE("trigger: a reply code from a host, counted once per reply") {
  // unknown-user: "#3 S: 550 5.1.1 <nobody@home.example>: ..." at 10.290 from mx.home.example.
  Trigger t = trigger(Kind::Reply);
  t.code = 550;
  t.host = "mx.home.example";
  CHECK(fire_time(bundled_lesson("unknown-user"), t) == 10 * kSecond + ms(290));
  t.host = "relay.isp.example";  // the relay never says 550
  CHECK(fire_time(bundled_lesson("unknown-user"), t) == -1);
  // A multi-line reply is one reply: the 2nd 250 from mx.home.example in relay-mx is the one to
  // MAIL FROM (the first ended the EHLO reply, whose lines all carry 250).
  Trigger ehlo = trigger(Kind::Reply);
  ehlo.code_class = 2;
  ehlo.host = "mx.home.example";
  ehlo.nth = 2;  // 220 greeting, then the EHLO reply's last line
  const scenario::Scenario relay = bundled_lesson("relay-mx");
  scenario::Scenario copy = relay;
  copy.captions.clear();
  world::World w(std::move(copy));
  w.run();
  const auto& ev = w.trace().events();
  const std::size_t i = world::fire_points({&ehlo}, ev)[0];
  REQUIRE(i < ev.size());
  CHECK(ev[i].as<trace::data::Segment>().text == "250 8BITMIME");
}

TEST_CASE("trigger: the nth reply, with a class and an offset") {
  // greylisting: 451 at 10.290 and again at 5:10.438; then 250 for the data at 15:10.618.
  Trigger t = trigger(Kind::Reply);
  t.code = 451;
  t.nth = 2;
  CHECK(fire_time(bundled_lesson("greylisting"), t) == 5 * kMinute + 10 * kSecond + ms(438));
  t.nth = 3;
  CHECK(fire_time(bundled_lesson("greylisting"), t) == -1);
  Trigger four = trigger(Kind::Reply);
  four.code_class = 4;
  CHECK(fire_time(bundled_lesson("greylisting"), four) == 10 * kSecond + ms(290));
}

TEST_CASE("trigger: queue moves of a named message, deliveries and bounces") {
  // destination-down-retry: the relay defers m1 at 40.210 (connect timed out), the 2nd time at 6:10.230.
  Trigger d = trigger(Kind::Queue);
  d.queue = "deferred";
  d.host = "relay.isp.example";
  d.message = "m1";
  CHECK(fire_time(bundled_lesson("destination-down-retry"), d) == 40 * kSecond + ms(210));
  d.nth = 2;
  CHECK(fire_time(bundled_lesson("destination-down-retry"), d) == 6 * kMinute + 10 * kSecond + ms(230));
  d.host = "mail.school.example";  // the submission server never defers it
  CHECK(fire_time(bundled_lesson("destination-down-retry"), d) == -1);
  // basic-delivery: m1 stored in Bob's mailbox on mx.school.example after the data of hop 2.
  Trigger del = trigger(Kind::Delivered);
  del.message = "m1";
  const Time stored = fire_time(bundled_lesson("basic-delivery"), del);
  CHECK(stored > 10 * kSecond + ms(58));
  CHECK(stored < 10 * kSecond + ms(70));
  // unknown-user: the relay bounces m1 at 10.338; m1 is never delivered.
  Trigger b = trigger(Kind::Bounced);
  b.message = "m1";
  CHECK(fire_time(bundled_lesson("unknown-user"), b) == 10 * kSecond + ms(338));
  del.message = "m1";
  CHECK(fire_time(bundled_lesson("unknown-user"), del) == -1);
}

TEST_CASE("trigger: a connect, its time-out, a refusal") {
  // backup-mx: mx1 gives no answer for 30 s, then the server dials mx2 at 40.046.
  Trigger to = trigger(Kind::TimedOut);
  to.peer = "mx1.home.example";
  CHECK(fire_time(bundled_lesson("backup-mx"), to) == 40 * kSecond + ms(46));
  Trigger c = trigger(Kind::Connect);
  c.peer = "mx2.home.example";
  c.host = "mail.school.example";
  CHECK(fire_time(bundled_lesson("backup-mx"), c) == 40 * kSecond + ms(46));
  c.peer = "mx1.home.example";
  CHECK(fire_time(bundled_lesson("backup-mx"), c) == 10 * kSecond + ms(46));
  // op25b's router rejects nothing (it drops); a refusal comes only from a host that refused.
  Trigger r = trigger(Kind::Refused);
  r.peer = "mx2.home.example";
  CHECK(fire_time(bundled_lesson("backup-mx"), r) == -1);
}

TEST_CASE("trigger: a failure by index or by host, and a fetch") {
  Trigger f = trigger(Kind::Failure);
  f.failure = 1;  // destination-down-retry: host_up at 40m
  CHECK(fire_time(bundled_lesson("destination-down-retry"), f) == 40 * kMinute);
  Trigger h = trigger(Kind::Failure);
  h.peer = "mx.home.example";
  CHECK(fire_time(bundled_lesson("destination-down-retry"), h) == 5 * kSecond);
  Trigger fetch = trigger(Kind::Fetched);
  fetch.host = "laptop.home.example";
  fetch.message = "m1";
  const Time got = fire_time(bundled_lesson("mail-waits-on-server"), fetch);
  CHECK(got > 3 * kMinute);
  CHECK(got < 3 * kMinute + kSecond);
}

TEST_CASE("trigger: the world shows a caption when its event happens, after its offset, or never") {
  scenario::Scenario s = bundled_lesson("backup-mx");
  s.captions.clear();
  scenario::Caption at_start;
  at_start.text.en = "start";
  s.captions.push_back(at_start);
  scenario::Caption on_switch;
  on_switch.on = trigger(Kind::Connect);
  on_switch.on->peer = "mx2.home.example";
  on_switch.on->after = 2 * kSecond;
  on_switch.text.en = "switch";
  s.captions.push_back(on_switch);
  scenario::Caption never;
  never.on = trigger(Kind::Bounced);
  never.on->message = "m1";
  never.text.en = "bounce";
  s.captions.push_back(never);
  world::World w(std::move(s));
  w.run();
  using P = std::pair<Time, std::size_t>;
  CHECK(shown(w) == std::vector<P>{{0, 0}, {42 * kSecond + ms(46), 1}});
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Caption>(); c && c->index == 1) {
      CHECK(c->text == "switch");
      CHECK(c->until == 52 * kSecond + ms(46));
      CHECK(w.caption_of(e) == &w.scenario().captions[1]);
    }
}

TEST_CASE("trigger: a caption on an event follows a teacher's failure, and the run repeats") {
  // In unknown-user the 550 comes at 10.290; with mx.home.example down from 5 s there is none.
  scenario::Scenario s = bundled_lesson("unknown-user");
  s.captions.clear();
  scenario::Caption c;
  c.on = trigger(Kind::Reply);
  c.on->code = 550;
  c.text.en = "550";
  s.captions.push_back(c);
  {
    world::World w(s);
    w.run();
    REQUIRE(shown(w).size() == 1);
    CHECK(shown(w)[0].first == 10 * kSecond + ms(290));
    world::World again(s);
    again.run();
    CHECK(shown(again) == shown(w));
  }
  world::World w(s);
  scenario::Failure down;
  down.kind = scenario::FailureKind::HostDown;
  down.host = "mx.home.example";
  w.scheduler().schedule_at(5 * kSecond, [&w, down] { w.inject(down); });
  w.run();
  CHECK(shown(w).empty());
}

TEST_CASE("trigger: every bundled caption on an event shows in its lesson's own run, once") {
  int lessons = 0, on_events = 0;
  for (const auto& file : bundled_lesson_files()) {
    const std::string path = file.string();
    CAPTURE(path);
    world::World w(scenario::load_file(path));
    w.run();
    ++lessons;
    const auto& caps = w.scenario().captions;
    std::vector<int> times(caps.size(), 0);
    for (const auto& [at, index] : shown(w)) ++times[index];
    for (std::size_t i = 0; i < caps.size(); ++i) {
      CAPTURE(i);
      CHECK(times[i] == 1);
      on_events += caps[i].on ? 1 : 0;
    }
    // The opening caption stays at a time; the others speak of events.
    REQUIRE_FALSE(caps.empty());
    CHECK_FALSE(caps[0].on);
  }
  CHECK(lessons >= 21);
  CHECK(on_events >= 60);
}
