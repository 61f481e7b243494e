#include "viz/model/timeline.hpp"

#include <algorithm>

namespace mailsim::viz {

std::optional<Time> next_event_time(const TraceModel& m, unsigned mask, Time t) {
  const auto& ev = m.events();
  for (std::size_t i = m.count_until(t); i < ev.size(); ++i)
    if (m.category(static_cast<std::uint32_t>(i)) & mask) return ev[i].time;
  return std::nullopt;
}

std::optional<Time> prev_event_time(const TraceModel& m, unsigned mask, Time t) {
  const auto& ev = m.events();
  // Events before t: those counted up to t - 1 (times are whole microseconds).
  for (std::size_t i = m.count_until(t - 1); i-- > 0;)
    if (m.category(static_cast<std::uint32_t>(i)) & mask) return ev[i].time;
  return std::nullopt;
}

std::vector<std::uint32_t> filter_events(const TraceModel& m, unsigned mask) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < m.events().size(); ++i)
    if (m.category(i) & mask) out.push_back(i);
  return out;
}

std::size_t visible_count(const TraceModel& m, const std::vector<std::uint32_t>& filtered, Time t) {
  const auto& ev = m.events();
  auto it = std::upper_bound(filtered.begin(), filtered.end(), t,
                             [&](Time v, std::uint32_t i) { return v < ev[i].time; });
  return static_cast<std::size_t>(it - filtered.begin());
}

}  // namespace mailsim::viz
