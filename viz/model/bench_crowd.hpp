#pragma once
// A crowd of made-up envelopes for mailsim-gui --bench-frames: enough packets in flight at once to
// measure frame times under load (the bundled lessons have a handful at a time).
#include <cstddef>
#include <vector>

#include "sim/trace/event.hpp"
#include "sim/world/world.hpp"

namespace mailsim::viz {

// `count` message lines between the world's mail hosts (clients, servers), sent evenly over `window`
// from `start`, each taking `flight` along its real route (hop times scaled). Deterministic.
std::vector<trace::Event> make_crowd(const world::World& w, std::size_t count, Time start, Duration window,
                                     Duration flight);

}  // namespace mailsim::viz
