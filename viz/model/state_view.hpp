#pragma once
// What the state-diagram panel shows for one connection at the display time: each end's protocol
// machine (the server's first), the state it is in, and the row it took last — read from the Step
// events the machines reported, so the lit edge is the one the machine really took, stepping back
// as well as forward. The drawing (viz/app/state_panel.cpp) only places what this says.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/proto/common/diagram.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

struct MachineAt {
  std::string machine;                // the diagram's name: "smtp-server", "imap-client", ...
  std::string host;                   // the host that runs it
  bool server = false;                // the connection's server end
  std::string state;                  // where it is at t: the last step's target, or the start state
  std::optional<std::uint32_t> last;  // the Step event it took last at or before t
  std::size_t taken = 0;              // steps taken up to t
};

// The machines of `c` that report steps, the server's first; one that has taken no step yet at t is
// in its diagram's start state.
std::vector<MachineAt> machines_at(const TraceModel& m, const Connection& c, Time t);

// The diagram's row of `state` (its index in Diagram::states), or -1.
int state_row(const proto::Diagram& d, const std::string& state);
// The edge of `d` the Step event `step` took, or nullptr (a step the diagram lacks: a defect the
// bundled-lesson test catches).
const proto::DiagramEdge* lit_edge(const proto::Diagram& d, const trace::Event& step);

}  // namespace mailsim::viz
