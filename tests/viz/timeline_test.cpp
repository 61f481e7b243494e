#include <doctest/doctest.h>

#include "trace_builder.hpp"
#include "viz/model/playback.hpp"
#include "viz/model/timeline.hpp"

using namespace mailsim;
using namespace mailsim::viz;
using namespace vizt;

namespace {
// A small lesson: caption at 0; SMTP line and DNS query at 10; queue change at 20; POP3 line at 30;
// a host going down at 40.
TraceModel lesson() {
  std::vector<Event> ev;
  Event caption = plain(Kind::Caption, 0);
  caption.as<mailsim::trace::data::Caption>().until = 15;
  ev.push_back(caption);
  ev.push_back(line(1, "smtp", Direction::ClientToServer, Payload::Command, "EHLO a", {{"a", 10}, {"b", 12}}));
  Event dns = plain(Kind::Datagram, 10, "a", "dns");
  dns.as<mailsim::trace::data::Datagram>().summary = "query id=1 MX b.example";
  ev.push_back(dns);
  ev.push_back(plain(Kind::Queue, 20, "b"));
  ev.push_back(line(2, "pop3", Direction::ClientToServer, Payload::Command, "STAT", {{"a", 30}, {"b", 31}}));
  Event down = plain(Kind::HostState, 40, "b");
  down.as<mailsim::trace::data::HostState>().up = false;
  ev.push_back(down);
  return TraceModel(ev, {"a", "b"});
}
}  // namespace

TEST_CASE("events fall into the filter categories") {
  TraceModel m = lesson();
  CHECK(m.category(0) == kOther);
  CHECK(m.category(1) == kSmtp);
  CHECK(m.category(2) == kDns);
  CHECK(m.category(3) == kQueue);
  CHECK(m.category(4) == kPop3);
  CHECK(m.category(5) == kOther);
  Event imap = plain(Kind::Segment, 0, "a", "imap");
  CHECK(category_of(imap) == kImap);
  Event sub = plain(Kind::Connect, 0, "a", "submission");
  CHECK(category_of(sub) == kSmtp);
  CHECK(category_of(plain(Kind::Delivery, 0)) == kQueue);
  CHECK(category_of(plain(Kind::Failure, 0)) == kOther);
}

TEST_CASE("step forward lands on the next event, step back on the previous one") {
  TraceModel m = lesson();
  CHECK(next_event_time(m, kAllCategories, 0) == Time{10});
  CHECK(next_event_time(m, kAllCategories, 5) == Time{10});
  CHECK(next_event_time(m, kAllCategories, 10) == Time{20});
  CHECK(next_event_time(m, kAllCategories, 40) == std::nullopt);
  CHECK(prev_event_time(m, kAllCategories, 40) == Time{30});
  CHECK(prev_event_time(m, kAllCategories, 35) == Time{30});
  CHECK(prev_event_time(m, kAllCategories, 20) == Time{10});
  CHECK(prev_event_time(m, kAllCategories, 10) == Time{0});
  CHECK(prev_event_time(m, kAllCategories, 0) == std::nullopt);
  // Stepping follows the filters.
  CHECK(next_event_time(m, kPop3, 0) == Time{30});
  CHECK(next_event_time(m, kDns | kQueue, 10) == Time{20});
  CHECK(prev_event_time(m, kSmtp, 40) == Time{10});
  CHECK(prev_event_time(m, kImap, 40) == std::nullopt);
  // Forward then back returns to where it was.
  Time t = 10;
  t = *next_event_time(m, kAllCategories, t);
  t = *prev_event_time(m, kAllCategories, t);
  CHECK(t == 10);
}

TEST_CASE("the event list shows the filtered events that have happened") {
  TraceModel m = lesson();
  auto all = filter_events(m, kAllCategories);
  CHECK(all.size() == 6);
  auto smtp_dns = filter_events(m, kSmtp | kDns);
  CHECK(smtp_dns == std::vector<std::uint32_t>{1, 2});
  CHECK(filter_events(m, kImap).empty());
  CHECK(visible_count(m, all, -1) == 0);
  CHECK(visible_count(m, all, 0) == 1);
  CHECK(visible_count(m, all, 10) == 3);
  CHECK(visible_count(m, all, 29) == 4);
  CHECK(visible_count(m, all, 100) == 6);
  CHECK(visible_count(m, smtp_dns, 10) == 2);
  CHECK(m.count_until(9) == 1);
  CHECK(m.count_until(10) == 3);
}

TEST_CASE("state at time t: hosts, dialog line, captions") {
  TraceModel m = lesson();
  CHECK(m.host_up(1, 39));
  CHECK_FALSE(m.host_up(1, 40));
  CHECK(m.host_up(0, 100));
  CHECK_FALSE(m.current_line(9));
  CHECK(m.current_line(10) == 1u);
  CHECK(m.current_line(35) == 4u);
  CHECK(caption_active(m, 14));
  CHECK_FALSE(caption_active(m, 15));
}

TEST_CASE("playback: quiet stretches are crossed quickly and land on the next event") {
  TraceModel m = lesson();
  Playback p;
  p.end = 40;
  p.speed = 1e-6;  // one virtual microsecond per real second: a crawl
  p.playing = true;
  p.seek(20);
  // Nothing in flight at 20, the next event is at 30: crossed in kQuietSeconds, not in 10 s.
  p.advance(kQuietSeconds / 2, m, false);
  CHECK(p.t == doctest::Approx(25));
  p.advance(kQuietSeconds, m, false);
  CHECK(p.now() == 30);  // landed on it, not beyond
  // While something is in flight the set speed applies.
  p.advance(1.0, m, true);
  CHECK(p.now() == 31);
  // Without skipping, the crawl goes on.
  Playback q = p;
  q.skip_quiet = false;
  q.advance(2.0, m, false);
  CHECK(q.now() == 33);
  // Playing stops at the end.
  p.speed = 1000;
  p.advance(1.0, m, true);
  CHECK(p.now() == 40);
  CHECK_FALSE(p.playing);
}
