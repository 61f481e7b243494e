#include "viz/model/playback.hpp"

#include <algorithm>

#include "viz/model/timeline.hpp"

namespace mailsim::viz {

void Playback::seek(Time to) {
  t = static_cast<double>(std::clamp<Time>(to, 0, end));
  quiet_until = -1;
}

bool caption_active(const TraceModel& m, Time t) {
  for (auto i : m.captions()) {
    const auto& e = m.events()[i];
    if (e.time <= t && t < e.as<trace::data::Caption>().until) return true;
  }
  return false;
}

void Playback::advance(double real_seconds, const TraceModel& m, bool busy) {
  if (!playing) return;
  double rate = speed * static_cast<double>(kSecond);  // virtual microseconds per real second
  if (skip_quiet) {
    if (quiet_until >= 0 && t < static_cast<double>(quiet_until)) {
      rate = std::max(rate, quiet_speed);
    } else if (quiet_until = -1; !busy) {
      const Time target = next_event_time(m, kAllCategories, now()).value_or(end);
      const double gap = static_cast<double>(std::min(target, end)) - t;
      const double budget = caption_active(m, now()) ? kQuietCaptionSeconds : kQuietSeconds;
      if (gap > rate * budget) {
        quiet_until = std::min(target, end);
        quiet_speed = gap / budget;
        rate = quiet_speed;
      }
    }
  }
  double next = t + rate * real_seconds;
  if (quiet_until >= 0 && next >= static_cast<double>(quiet_until)) {
    next = static_cast<double>(quiet_until);  // land on the event that ends the quiet, not past it
    quiet_until = -1;
  }
  if (next >= static_cast<double>(end)) {
    next = static_cast<double>(end);
    playing = false;
  }
  t = next;
}

}  // namespace mailsim::viz
