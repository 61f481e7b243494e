// Waiting made visible, from real lessons' traces: in destination-down-retry the relay's SYN to the
// switched-off mx.home.example stops there and the relay waits its 30 s connect timeout (an
// attempt of its own in the dialog's list), then its queue counts down to the next retry, which is
// when the next attempt really starts; with the relay's own host down, retries are paused. In op25b
// the infected PC's SYN stops at router.isp.example, dropped by its packet filter.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "sim/scenario/load.hpp"
#include "viz/model/session.hpp"
#include "viz/model/waiting.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {
scenario::Scenario lesson(const std::string& name) {
  return scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/" + name + ".json");
}
// The attempts from `client` to `server`, in order.
std::vector<const Attempt*> between(const Waiting& w, const std::string& client, const std::string& server) {
  std::vector<const Attempt*> out;
  for (const auto& a : w.attempts())
    if (a.client == client && a.server == server) out.push_back(&a);
  return out;
}
// The times `host` moved a message to its active queue (began an attempt).
std::vector<Time> to_active(const TraceModel& m, const std::string& host) {
  std::vector<Time> out;
  for (const auto& e : m.events())
    if (e.kind == trace::Kind::Queue && e.host == host && e.as<trace::data::Queue>().recipient.empty() &&
        e.as<trace::data::Queue>().to == trace::QueueName::Active)
      out.push_back(e.time);
  return out;
}
}  // namespace

TEST_CASE("waiting: the relay's SYN to a down server stops there, and it waits its connect timeout") {
  Session s(lesson("destination-down-retry"));
  const Waiting w(s.model());
  const auto tries = between(w, "relay.isp.example", "mx.home.example");
  // Five attempts until mx.home.example is back (the lesson's caption: "the fifth attempt").
  REQUIRE(tries.size() == 5);
  const Attempt& a = *tries[0];
  CHECK(a.reason == StopReason::HostDown);
  CHECK(a.stop_host == "mx.home.example");
  CHECK(a.end == AttemptEnd::TimedOut);
  CHECK(a.timeout == 30 * kSecond);
  CHECK(a.ended - a.sent == 30 * kSecond);
  // The SYN travels the whole way to the down host: the map animates it and marks where it stopped.
  const auto& syn = s.model().events()[a.connect];
  REQUIRE(syn.path.size() >= 2);
  CHECK(syn.path.back().host == "mx.home.example");
  CHECK(syn.path[syn.path.size() - 2].host == "router.home.example");
  CHECK(a.stopped == syn.arrive);
  CHECK(a.stopped > a.sent);
  // 12 s into the wait it is waiting, with its mark on the map; after the timeout it is not, and
  // its mark lingers only as long as asked.
  const Time mid = a.sent + 12 * kSecond;
  const auto waiting = w.waiting_at(mid);
  CHECK(std::find(waiting.begin(), waiting.end(), &a) != waiting.end());
  const auto marks = w.marks_at(mid, 0);
  CHECK(std::find(marks.begin(), marks.end(), &a) != marks.end());
  const auto after = w.waiting_at(a.ended);
  CHECK(std::find(after.begin(), after.end(), &a) == after.end());
  CHECK(w.marks_at(a.ended + 6 * kSecond, 5 * kSecond).empty());
  // Before its SYN got there, it is in flight, not waiting.
  CHECK(w.waiting_at(a.sent).empty());
  // The dialog: the attempt is newer than any line, so it is the story while waiting and after.
  const auto current = s.model().current_line(mid);
  REQUIRE(current);
  const Time since = s.model().events()[*current].time;
  CHECK(since < mid - kSecond);  // the hop before ended just after the SYN left: its 221 and close
  CHECK(w.latest_unanswered(mid, since) == &a);
  CHECK(w.latest_unanswered(since, since) == nullptr);  // while that dialog still speaks
  CHECK(w.latest_unanswered(a.ended + kMinute, since) == &a);
  // ... and listed, in order, with the other failed attempts, by the time they started.
  const auto listed = w.listed_until(tries[1]->sent);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0] == &a);
  CHECK(listed[1] == tries[1]);
  // The last attempt, when mx.home.example is back, is accepted: a connection, not in the list.
  CHECK(tries.back()->end == AttemptEnd::Accepted);
  CHECK(tries.back()->conn != 0);
  CHECK(tries.back()->reason == StopReason::None);
}

TEST_CASE("waiting: the relay's queue counts down to the very moment it tries again") {
  Session s(lesson("destination-down-retry"));
  const Waiting w(s.model());
  const auto tries = between(w, "relay.isp.example", "mx.home.example");
  const auto active = to_active(s.model(), "relay.isp.example");
  REQUIRE(tries.size() == 5);
  REQUIRE(active.size() == 5);
  CHECK_FALSE(w.retry_at("relay.isp.example", tries[0]->sent).deferred);  // active then
  for (std::size_t k = 0; k + 1 < active.size(); ++k) {
    // Just after each failed attempt the message is deferred until the next move to active.
    const Time t = tries[k]->ended + kSecond;
    const RetryState r = w.retry_at("relay.isp.example", t);
    CHECK(r.deferred);
    CHECK_FALSE(r.paused);
    CHECK(r.next == active[k + 1]);
  }
  // Postfix's schedule: 5 minutes after the first failure, then 10.
  CHECK(w.retry_at("relay.isp.example", tries[0]->ended + kSecond).next - tries[0]->ended == 5 * kMinute);
  CHECK(w.retry_at("relay.isp.example", tries[1]->ended + kSecond).next - tries[1]->ended == 10 * kMinute);
  // Delivered in the end: nothing deferred.
  CHECK_FALSE(w.retry_at("relay.isp.example", s.end()).deferred);
  // The submission server's queue never waits in this lesson.
  CHECK_FALSE(w.retry_at("mail.school.example", tries[0]->ended + kSecond).deferred);
}

TEST_CASE("waiting: while the queue's own host is down, its retries are paused") {
  Session s(lesson("destination-down-retry"));
  const Time first_fail = between(Waiting(s.model()), "relay.isp.example", "mx.home.example")[0]->ended;
  scenario::Failure down;
  down.at = first_fail + kMinute;
  down.kind = scenario::FailureKind::HostDown;
  down.host = "relay.isp.example";
  s.inject(down);
  const Waiting w(s.model());
  const RetryState r = w.retry_at("relay.isp.example", first_fail + 2 * kMinute);
  CHECK(r.deferred);
  CHECK(r.paused);
  // Before the relay went down the countdown ran.
  CHECK_FALSE(w.retry_at("relay.isp.example", first_fail + 30 * kSecond).paused);
}

TEST_CASE("waiting: in op25b the infected PC's SYN on port 25 is dropped at the ISP's router") {
  Session s(lesson("op25b"));
  const Waiting w(s.model());
  const Attempt* dropped = nullptr;
  for (const auto& a : w.attempts())
    if (a.reason == StopReason::Dropped) dropped = &a;
  REQUIRE(dropped);
  CHECK(dropped->stop_host == "router.isp.example");
  CHECK(dropped->port == 25);
  CHECK(dropped->end == AttemptEnd::TimedOut);
  const auto& syn = s.model().events()[dropped->connect];
  CHECK(syn.path.back().host == "router.isp.example");
  const auto marks = w.marks_at(dropped->stopped + kSecond, 0);
  CHECK(std::find(marks.begin(), marks.end(), dropped) != marks.end());
  // Accepted connections are no attempts of the list.
  for (const Attempt* a : w.listed_until(s.end())) CHECK(a->end != AttemptEnd::Accepted);
}

TEST_CASE("waiting: in smtps-465 the laptop is connected and waits for a greeting that never comes") {
  // The laptop speaks plain SMTP to port 465: it waits for a 220 while the server waits for its
  // ClientHello. Its mail program gives up after 100 s (mua.hpp's kServerTimeout).
  Session s(lesson("smtps-465"));
  const Waiting w(s.model());
  const auto laptop = between(w, "laptop.cafe.example", "mail.school.example");
  REQUIRE(laptop.size() == 1);
  const Attempt& a = *laptop[0];
  CHECK(a.end == AttemptEnd::Accepted);
  CHECK(a.reply_timeout == 100 * kSecond);
  CHECK_FALSE(a.silent_to_end);
  // Nothing came from the server: the wait ends when the laptop gives up and closes, 100 s on.
  CHECK(a.silence_ended - a.opened == 100 * kSecond);
  const Time mid = a.opened + 40 * kSecond;
  CHECK(a.silent_at(mid));
  CHECK_FALSE(a.silent_at(a.opened));  // a greeting takes milliseconds: no wait is shown at once
  CHECK_FALSE(a.silent_at(a.silence_ended));
  const auto waiting = w.waiting_at(mid);
  CHECK(std::find(waiting.begin(), waiting.end(), &a) != waiting.end());
  CHECK(w.by_conn(a.conn) == &a);
  const Wait wt = wait_of(a);
  CHECK(wt.greeting);
  CHECK(wait_label(wt, mid, Lang::En) == "connected, waiting for the greeting — 40 s of 1 m 40 s");
  CHECK(wait_label(wt, mid, Lang::Ja) == "接続済み、あいさつを待っています — 40秒 / 1分40秒");
  CHECK(wait_label(wt, mid, Lang::En, true) == "40 s / 1 m 40 s");  // on a crowded map
  // The phone's dialog ended long before: the laptop's silent connection is the story now.
  const auto current = s.model().current_line(mid);
  REQUIRE(current);
  CHECK(w.latest_unanswered(mid, s.model().events()[*current].time) == &a);
  // The phone's server answers its ClientHello at once: its connection never waits.
  const auto phone = between(w, "phone.cafe.example", "mail.school.example");
  REQUIRE(phone.size() == 1);
  CHECK(phone[0]->reply_timeout == 100 * kSecond);
  CHECK(phone[0]->silence_ended - phone[0]->opened < kSecond);
  for (Time t = phone[0]->opened; t < phone[0]->opened + 20 * kSecond; t += kSecond / 4)
    CHECK_FALSE(phone[0]->silent_at(t));
}

TEST_CASE("waiting: in relay-mx every server greets at once, so no open connection is shown waiting") {
  Session s(lesson("relay-mx"));
  const Waiting w(s.model());
  bool any = false;
  for (const auto& a : w.attempts()) {
    if (a.end != AttemptEnd::Accepted) continue;
    any = true;
    for (Time t = a.opened; t <= a.silence_ended + kSecond; t += kSecond / 2) CHECK_FALSE(a.silent_at(t));
  }
  CHECK(any);
}
