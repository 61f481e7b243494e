#pragma once
// The dates IMAP reads and writes: date (RFC 3501 §9, "3-Nov-2025", for SEARCH), date-time
// ("03-Nov-2025 09:00:10 +0000", INTERNALDATE and APPEND), and the day of an RFC 5322 Date field
// (SEARCH SENT*). Days count from 1970-01-01; virtual time maps to Unix time by the world's epoch.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/kernel/time.hpp"

namespace mailsim::imap {

// "3-Nov-2025" -> days; nullopt when it is no date.
std::optional<std::int64_t> parse_date(std::string_view s);
// The day of "Mon, 3 Nov 2025 09:00:10 +0000" (RFC 5322 §3.3; two-digit years read as §4.3 says),
// time and zone disregarded.
std::optional<std::int64_t> rfc5322_day(std::string_view value);

struct DateTime {
  std::int64_t unix_seconds;
  int zone_minutes;  // "-0700": -420
};
// date-time without its quotes: "17-Jul-1996 02:44:25 -0700" (the day may be " 7"); nullopt when
// it is not exactly that.
std::optional<DateTime> parse_date_time(std::string_view s);
// INTERNALDATE as §9 writes it, quoted, in the zone the message came with.
std::string format_date_time(Time t, std::int64_t epoch_seconds, int zone_minutes);

}  // namespace mailsim::imap
