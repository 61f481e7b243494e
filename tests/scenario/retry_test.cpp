// Retry presets: the documented defaults of each MTA (docs/retry-presets.md).
#include <doctest/doctest.h>

#include "sim/scenario/scenario.hpp"

using namespace mailsim;
using namespace mailsim::scenario;

TEST_CASE("postfix: minimal_backoff_time, maximal_backoff_time, maximal_queue_lifetime") {
  const auto r = retry_preset("postfix");
  REQUIRE(r);
  CHECK(r->first == 300 * kSecond);
  CHECK(r->max == 4000 * kSecond);
  CHECK(r->give_up == 5 * kDay);
  CHECK(r->warn_after == 0);
  CHECK(r->connect_timeout == 30 * kSecond);
  CHECK(*r == RetrySchedule{});  // the struct's defaults are Postfix's
}

TEST_CASE("sendmail: one queue run every 15 minutes, queuereturn 5d, queuewarn 4h") {
  const auto r = retry_preset("sendmail");
  REQUIRE(r);
  CHECK(r->first == 15 * kMinute);
  CHECK(r->max == 15 * kMinute);
  CHECK(r->give_up == 5 * kDay);
  CHECK(r->warn_after == 4 * kHour);
}

TEST_CASE("exim: the default retry rule, approximated, delay_warning 24h") {
  const auto r = retry_preset("exim");
  REQUIRE(r);
  CHECK(r->first == 15 * kMinute);
  CHECK(r->max == 6 * kHour);
  CHECK(r->give_up == 4 * kDay);
  CHECK(r->warn_after == 24 * kHour);
  CHECK(r->connect_timeout == 5 * kMinute);
}

TEST_CASE("qmail: 400 s first retry, queuelifetime 7 days, no delay warnings") {
  const auto r = retry_preset("qmail");
  REQUIRE(r);
  CHECK(r->first == 400 * kSecond);
  CHECK(r->max == 5 * kHour);
  CHECK(r->give_up == 7 * kDay);
  CHECK(r->warn_after == 0);
  CHECK(r->connect_timeout == 60 * kSecond);
}

TEST_CASE("unknown preset names") {
  CHECK_FALSE(retry_preset("smail"));
  CHECK_FALSE(retry_preset("Postfix"));  // names are exact, as in the files
  CHECK_FALSE(retry_preset(""));
}
