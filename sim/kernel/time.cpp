#include "sim/kernel/time.hpp"

#include <cctype>
#include <cstdio>

namespace mailsim {

std::string format_time(Time t) {
  const char* sign = t < 0 ? "-" : "";
  if (t < 0) t = -t;
  const std::int64_t days = t / kDay;
  const std::int64_t h = (t / kHour) % 24, m = (t / kMinute) % 60, s = (t / kSecond) % 60;
  const std::int64_t us = t % kSecond;
  char buf[64];
  if (days > 0)
    std::snprintf(buf, sizeof buf, "%s%lldd%02lld:%02lld:%02lld.%06lld", sign, (long long)days,
                  (long long)h, (long long)m, (long long)s, (long long)us);
  else
    std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld.%06lld", sign, (long long)h,
                  (long long)m, (long long)s, (long long)us);
  return buf;
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Duration total = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    // Whole and fractional part, kept in microseconds-of-unit to stay integral.
    std::int64_t whole = 0, frac = 0, frac_scale = 1;
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (whole > 1'000'000'000'000LL) return std::nullopt;
      whole = whole * 10 + (text[i++] - '0');
    }
    if (i < text.size() && text[i] == '.') {
      ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        if (frac_scale < 1'000'000) {
          frac = frac * 10 + (text[i] - '0');
          frac_scale *= 10;
        }
        ++i;
      }
    }
    if (i == start) return std::nullopt;
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    Duration scale;
    if (unit.empty() || unit == "s") scale = kSecond;
    else if (unit == "ms") scale = kMillisecond;
    else if (unit == "us") scale = kMicrosecond;
    else if (unit == "m" || unit == "min") scale = kMinute;
    else if (unit == "h") scale = kHour;
    else if (unit == "d") scale = kDay;
    else return std::nullopt;
    if (unit.empty() && any) return std::nullopt;  // "1h30" is ambiguous
    // A value int64 microseconds cannot hold is refused, never wrapped (\"99999999999d\").
    const Duration frac_part = frac * scale / frac_scale;  // frac < 1e6, so this cannot overflow
    if (whole > (INT64_MAX - frac_part) / scale) return std::nullopt;
    const Duration part = whole * scale + frac_part;
    if (part > INT64_MAX - total) return std::nullopt;
    total += part;
    any = true;
    if (unit.empty()) break;
  }
  if (i != text.size()) return std::nullopt;
  return total;
}

namespace {
// Howard Hinnant's civil_from_days: proleptic Gregorian date from days since 1970-01-01.
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yy + (m <= 2));
}
}  // namespace

std::string rfc5322_date(Time t, std::int64_t epoch_seconds) {
  static const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t secs = epoch_seconds + t / kSecond;
  std::int64_t days = secs / 86400, rem = secs % 86400;
  if (rem < 0) { rem += 86400; --days; }
  int y; unsigned mo, d;
  civil_from_days(days, y, mo, d);
  const int wd = static_cast<int>(((days % 7) + 7) % 7);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %u %s %d %02d:%02d:%02d +0000", kDays[wd], d, kMonths[mo - 1], y,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

}  // namespace mailsim
