// The scenario's own settings: title, description, seed, epoch, until, default_latency.
#include <limits>

#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Exactly "YYYY-MM-DDTHH:MM:SSZ": one unambiguous spelling, always UTC, so a lesson's Date: headers
// do not depend on the classroom's time zone.
std::optional<std::int64_t> parse_utc(const std::string& s) {
  if (s.size() != 20) return std::nullopt;
  const char* shape = "dddd-dd-ddTdd:dd:ddZ";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i]) return std::nullopt;
  }
  auto num = [&](std::size_t at, std::size_t len) { return std::stoi(s.substr(at, len)); };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2),
            se = num(17, 2);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12) return std::nullopt;
  const int month_days = kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
  if (d < 1 || d > month_days || h > 23 || mi > 59 || se > 59) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + se;
}

}  // namespace

void parse_header(const Node& root, Scenario& s) {
  s.title = root["title"].text();
  if (auto n = root.get("description")) s.description = n->text();
  if (auto n = root.get("seed"))
    s.seed = static_cast<std::uint64_t>(n->integer(0, std::numeric_limits<std::int64_t>::max()));
  if (auto n = root.get("epoch")) {
    const std::string text = n->string();
    const auto t = parse_utc(text);
    if (!t) n->fail(in_quotes(text) + " is not a UTC time like \"2025-11-03T09:00:00Z\"");
    s.epoch = *t;
  }
  if (auto n = root.get("until")) {
    s.until = n->duration();
    if (s.until == 0) n->fail("'until' must be later than 0s (leave it out to run until nothing is pending)");
    if (s.until > kLongestRun)
      n->fail("'until' can be at most " + describe(kLongestRun) + " (the longest a lesson runs)");
  }
  if (auto n = root.get("default_latency")) s.default_latency = n->duration();
  if (auto n = root.get("focus")) {
    s.focus = n->string();
    if (s.focus != "queues" && s.focus != "mailboxes" && s.focus != "dns" && s.focus != "failures" &&
        s.focus != "captured" && s.focus != "checks")
      n->fail(in_quotes(s.focus) + " is not what the inspector can open on: queues, mailboxes, dns, failures, captured or checks");
  }
}

void check_before_until(const Scenario& s, const Node& where, Time at) {
  if (s.until > 0 && at > s.until)
    where.fail(describe(at) + " is after 'until' (" + describe(s.until) + "), so it would never happen");
  if (at > kLongestRun)
    where.fail(describe(at) + " is after " + describe(kLongestRun) + ", the longest a lesson runs, so it would never happen");
}

void check_run_ends(const Node& root, const Scenario& s) {
  if (s.until > 0) return;
  // A device that reads mail checks again after every session (or reconnects after IDLE), so without
  // `until` nothing would ever say that the lesson is over.
  const auto clients = list_of(root, "clients");
  for (std::size_t i = 0; i < s.clients.size(); ++i)
    if (s.clients[i].fetch.protocol != Fetch::Protocol::None)
      clients[i]["fetch"].fail("a device that reads mail checks for new mail again and again, so the lesson would "
                               "never end: set 'until' at the top of the file (e.g. \"until\": \"10m\")");
}

}  // namespace mailsim::scenario::detail
