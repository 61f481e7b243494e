#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "sim/kernel/rng.hpp"
#include "sim/kernel/scheduler.hpp"
#include "sim/kernel/time.hpp"

using namespace mailsim;

TEST_CASE("events at equal times run in the order they were scheduled") {
  Scheduler s;
  std::string order;
  s.schedule(10, [&] { order += "b"; });
  s.schedule(5, [&] { order += "a"; });
  s.schedule(10, [&] { order += "c"; });
  s.schedule(10, [&] { s.schedule(0, [&] { order += "e"; }); order += "d"; });
  s.run();
  CHECK(order == "abcde");
  CHECK(s.now() == 10);
  CHECK(s.events_run() == 5);
}

TEST_CASE("cancel removes an event, run stops at the limit and leaves later events") {
  Scheduler s;
  std::string order;
  auto id = s.schedule(1, [&] { order += "x"; });
  s.schedule(2, [&] { order += "y"; });
  s.schedule(50, [&] { order += "z"; });
  s.cancel(id);
  s.run(20);
  CHECK(order == "y");
  CHECK(s.now() == 20);
  CHECK(s.next_time() == 50);
  s.run();
  CHECK(order == "yz");
}

// An id names one event: once it ran (or was cancelled), cancelling it again must not drop the
// event that now uses the same place; 0 is never an id, so "no timer yet" cancels nothing.
TEST_CASE("a spent id or 0 cancels nothing, whatever reuses its place") {
  Scheduler s;
  std::string order;
  const auto first = s.schedule(1, [&] { order += "a"; });
  s.cancel(0);
  s.run(1);
  CHECK(order == "a");
  const auto second = s.schedule(1, [&] { order += "b"; });  // takes the place `first` had
  CHECK(second != first);
  s.cancel(first);
  const auto third = s.schedule(2, [&] { order += "c"; });
  s.cancel(third);
  s.cancel(third);
  s.run();
  CHECK(order == "ab");
  CHECK(s.pending() == 0);
}

TEST_CASE("seeded RNG replays the same sequence and stays in range") {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    CHECK(x == b.next());
    differs |= x != c.next();
  }
  CHECK(differs);
  // A fixed value pins the algorithm: a change here changes every recorded trace.
  CHECK(Rng(1).next() == 0xb3f2af6d0fc710c5ULL);
  for (int i = 0; i < 1000; ++i) CHECK(a.below(3) < 3);
}

TEST_CASE("durations parse as scenario files write them") {
  CHECK(parse_duration("300s") == 300 * kSecond);
  CHECK(parse_duration("40m") == 40 * kMinute);
  CHECK(parse_duration("1h30m") == 90 * kMinute);
  CHECK(parse_duration("5d") == 5 * kDay);
  CHECK(parse_duration("250ms") == 250 * kMillisecond);
  CHECK(parse_duration("1.5") == 1500 * kMillisecond);
  CHECK(parse_duration("90") == 90 * kSecond);
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("5x"));
  CHECK_FALSE(parse_duration("m"));
  CHECK_FALSE(parse_duration("1h30"));
  // Beyond int64 microseconds: refused, not wrapped around to some other time.
  CHECK(parse_duration("106751991d4h") == 106751991 * kDay + 4 * kHour);
  CHECK_FALSE(parse_duration("106751992d"));
  CHECK_FALSE(parse_duration("106751991d5h"));
  CHECK_FALSE(parse_duration("99999999999d"));
}

TEST_CASE("time formats for the transcript and for Date: fields") {
  CHECK(format_time(0) == "00:00:00.000000");
  CHECK(format_time(kHour + 2 * kMinute + 3 * kSecond + 4) == "01:02:03.000004");
  CHECK(format_time(2 * kDay + kSecond) == "2d00:00:01.000000");
  // 2025-11-03 09:00:00 UTC was a Monday.
  CHECK(rfc5322_date(5 * kSecond, 1762160400) == "Mon, 3 Nov 2025 09:00:05 +0000");
  CHECK(rfc5322_date(0, 0) == "Thu, 1 Jan 1970 00:00:00 +0000");
}

TEST_CASE("the scheduler holds only what is pending, however many events it has run") {
  Scheduler s;
  int ran = 0;
  std::function<void()> again = [&] {
    if (++ran < 100000) s.schedule(1, again);
  };
  s.schedule(1, again);
  const auto cancelled = s.schedule(5, [&] { ran = -1; });
  s.cancel(cancelled);
  s.run();
  CHECK(ran == 100000);
  CHECK(s.pending() == 0);  // it kept a slot for every event it ever scheduled
  CHECK(s.events_run() == 100000);
}
