#include "sim/proto/imap/dates.hpp"

#include <cstdio>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int month_of(std::string_view mon) {
  for (int m = 0; m < 12; ++m)
    if (proto::iequals(kMonths[m], mon)) return m + 1;
  return 0;
}

// Howard Hinnant's days_from_civil. Nullopt for a day the month does not have.
std::optional<std::int64_t> days(int y, int m, int d) {
  static constexpr int kLength[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kLength[m - 1]) return std::nullopt;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::optional<std::int64_t> parse_date(std::string_view s) {
  // date-day "-" date-month "-" date-year (the quotes, if any, were the argument parser's)
  const auto a = s.find('-'), b = a == std::string_view::npos ? a : s.find('-', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  const std::string_view day = s.substr(0, a), mon = s.substr(a + 1, b - a - 1), year = s.substr(b + 1);
  if (!digits(day) || day.size() > 2 || year.size() != 4 || !digits(year)) return std::nullopt;
  return days(number(year), month_of(mon), number(day));
}

std::optional<std::int64_t> rfc5322_day(std::string_view value) {
  std::string v(value);
  if (const auto comma = v.find(','); comma != std::string::npos && comma < 10) v.erase(0, comma + 1);
  int d = 0, y = 0;
  char mon[4] = {};
  if (std::sscanf(v.c_str(), " %d %3s %d", &d, mon, &y) != 3) return std::nullopt;
  if (y < 50) y += 2000;
  else if (y < 1000) y += 1900;
  return days(y, month_of(mon), d);
}

std::optional<DateTime> parse_date_time(std::string_view s) {
  // date-day-fixed "-" date-month "-" date-year SP time SP zone: "17-Jul-1996 02:44:25 -0700"
  if (s.size() != 26 || s[2] != '-' || s[6] != '-' || s[11] != ' ' || s[14] != ':' || s[17] != ':' || s[20] != ' ')
    return std::nullopt;
  const std::string_view day = s[0] == ' ' ? s.substr(1, 1) : s.substr(0, 2);
  const std::string_view year = s.substr(7, 4), hh = s.substr(12, 2), mm = s.substr(15, 2), ss = s.substr(18, 2);
  const std::string_view zone = s.substr(22, 4);
  if (!digits(day) || !digits(year) || !digits(hh) || !digits(mm) || !digits(ss) || !digits(zone) ||
      (s[21] != '+' && s[21] != '-'))
    return std::nullopt;
  const auto d = days(number(year), month_of(s.substr(3, 3)), number(day));
  if (!d || number(hh) > 23 || number(mm) > 59 || number(ss) > 60 || number(zone.substr(2)) > 59) return std::nullopt;
  const int zone_minutes = (s[21] == '-' ? -1 : 1) * (number(zone.substr(0, 2)) * 60 + number(zone.substr(2)));
  const std::int64_t local = *d * 86400 + number(hh) * 3600 + number(mm) * 60 + number(ss);
  return DateTime{local - zone_minutes * 60, zone_minutes};
}

std::string format_date_time(Time t, std::int64_t epoch_seconds, int zone_minutes) {
  // "Mon, 3 Nov 2025 09:00:10 +0000" of the local time -> "03-Nov-2025 09:00:10 -0700"
  const std::string d = rfc5322_date(t + zone_minutes * kMinute, epoch_seconds);
  int day = 0, year = 0;
  char mon[4] = {}, hms[9] = {};
  std::sscanf(d.c_str() + 5, "%d %3s %d %8s", &day, mon, &year, hms);
  const int z = zone_minutes < 0 ? -zone_minutes : zone_minutes;
  char buf[48];
  std::snprintf(buf, sizeof buf, "\"%02d-%s-%04d %s %c%02d%02d\"", day, mon, year, hms, zone_minutes < 0 ? '-' : '+',
                z / 60, z % 60);
  return buf;
}

}  // namespace mailsim::imap
