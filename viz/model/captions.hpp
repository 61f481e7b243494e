#pragma once
// The caption on screen at a display time, read from the trace's Caption events rather than from
// the scenario's times: the world shows a caption `on` an event when that event happens, so a run
// with the teacher's failures has its own captions (some later, some never), and the app shows
// exactly those.
#include <cstdint>
#include <optional>

#include "sim/scenario/scenario.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

struct ShownCaption {
  const scenario::Caption* caption = nullptr;
  std::uint32_t event = 0;  // its Caption event in the model
};

// The latest caption that started at or before t and is still up; none between captions.
std::optional<ShownCaption> caption_at(const TraceModel& m, const scenario::Scenario& s, Time t);

// The connection a caption's focus names, as far as it exists at t: the latest one between its
// two hosts (either way round) that the server accepted by t. nullptr when the focus is a host only,
// or no such connection is open yet.
const Connection* focus_connection(const TraceModel& m, const scenario::Caption& c, Time t);

}  // namespace mailsim::viz
