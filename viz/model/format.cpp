#include "viz/model/format.hpp"

#include <cstdio>

#include "viz/model/strings.hpp"

namespace mailsim::viz {

std::string format_clock(Time t) {
  const bool negative = t < 0;
  if (negative) t = -t;
  const long long ms = t / kMillisecond;
  const long long days = ms / 86'400'000, h = ms / 3'600'000 % 24, m = ms / 60'000 % 60, s = ms / 1000 % 60,
                  frac = ms % 1000;
  char buf[64];
  if (days > 0)
    std::snprintf(buf, sizeof buf, "%s%lldd %02lld:%02lld:%02lld.%03lld", negative ? "-" : "", days, h, m, s, frac);
  else if (h > 0)
    std::snprintf(buf, sizeof buf, "%s%lld:%02lld:%02lld.%03lld", negative ? "-" : "", h, m, s, frac);
  else
    std::snprintf(buf, sizeof buf, "%s%lld:%02lld.%03lld", negative ? "-" : "", m, s, frac);
  return buf;
}

std::string format_span(Duration d, Lang lang) {
  const bool ja = lang == Lang::Ja;
  char buf[64];
  if (d < 0) d = 0;
  if (d < kSecond) {
    std::snprintf(buf, sizeof buf, ja ? "%lldミリ秒" : "%lld ms", static_cast<long long>(d / kMillisecond));
  } else if (d < 10 * kSecond) {
    std::snprintf(buf, sizeof buf, ja ? "%.1f秒" : "%.1f s", static_cast<double>(d) / kSecond);
  } else if (d < kMinute) {
    std::snprintf(buf, sizeof buf, ja ? "%lld秒" : "%lld s", static_cast<long long>(d / kSecond));
  } else if (d < kHour) {
    std::snprintf(buf, sizeof buf, ja ? "%lld分%02lld秒" : "%lld m %02lld s", static_cast<long long>(d / kMinute),
                  static_cast<long long>(d / kSecond % 60));
  } else if (d < kDay) {
    std::snprintf(buf, sizeof buf, ja ? "%lld時間%02lld分" : "%lld h %02lld m", static_cast<long long>(d / kHour),
                  static_cast<long long>(d / kMinute % 60));
  } else {
    std::snprintf(buf, sizeof buf, ja ? "%lld日%lld時間" : "%lld d %lld h", static_cast<long long>(d / kDay),
                  static_cast<long long>(d / kHour % 24));
  }
  return buf;
}

std::string seconds_text(Time t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(t / kSecond),
                static_cast<long long>(t % kSecond));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "s";
}

std::string lesson_title(const std::string& title, unsigned student, Lang lang) {
  if (student == 0) return title;
  char buf[512];
  std::snprintf(buf, sizeof buf, tr(Str::StudentTitle, lang), student, title.c_str());
  return buf;
}

}  // namespace mailsim::viz
