#pragma once
// Moving through the lesson by events: step to the next or previous event that passes the filters,
// and the filtered event list (the Wireshark-like packet list).
#include <cstdint>
#include <optional>
#include <vector>

#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

// The time of the first event in `mask` strictly after t.
std::optional<Time> next_event_time(const TraceModel& m, unsigned mask, Time t);
// The time of the last event in `mask` strictly before t. Equal-time events are one step: they
// appear together on screen.
std::optional<Time> prev_event_time(const TraceModel& m, unsigned mask, Time t);

// Indices of the events in `mask`, in order.
std::vector<std::uint32_t> filter_events(const TraceModel& m, unsigned mask);

// How many of `filtered` (indices in time order) have happened by t: the list shows that many.
std::size_t visible_count(const TraceModel& m, const std::vector<std::uint32_t>& filtered, Time t);

}  // namespace mailsim::viz
