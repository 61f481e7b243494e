#pragma once
// Virtual time. Everything in sim/ runs on this clock; nothing reads the wall clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim {

// Microseconds since the start of the scenario.
using Time = std::int64_t;
using Duration = std::int64_t;

constexpr Duration kMicrosecond = 1;
constexpr Duration kMillisecond = 1000;
constexpr Duration kSecond = 1000 * kMillisecond;
constexpr Duration kMinute = 60 * kSecond;
constexpr Duration kHour = 60 * kMinute;
constexpr Duration kDay = 24 * kHour;

// "T+00:05:00.250000" style stamp used by the transcript; days are shown when non-zero.
std::string format_time(Time t);

// Parses a duration as the scenario files write them: "300s", "40m", "5d", "1h30m", "250ms",
// "12us", or a plain number of seconds ("90", "1.5"). Returns nullopt on anything else, and on a
// value too large for int64 microseconds (about 292,000 years).
std::optional<Duration> parse_duration(std::string_view text);

// RFC 5322 date-time for virtual time t, with the scenario's epoch (seconds since 1970, UTC).
std::string rfc5322_date(Time t, std::int64_t epoch_seconds);

}  // namespace mailsim
