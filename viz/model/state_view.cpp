#include "viz/model/state_view.hpp"

#include <algorithm>

#include "sim/world/machines.hpp"

namespace mailsim::viz {

std::vector<MachineAt> machines_at(const TraceModel& m, const Connection& c, Time t) {
  std::vector<MachineAt> out;
  const auto& ev = m.events();
  for (const std::uint32_t i : c.steps) {
    const trace::Event& e = ev[i];
    const auto& s = e.as<trace::data::Step>();
    auto it = std::find_if(out.begin(), out.end(), [&](const MachineAt& a) { return a.machine == s.machine; });
    if (it == out.end()) {
      MachineAt a;
      a.machine = s.machine;
      a.host = e.host;
      a.server = e.host == c.server;
      if (const auto d = world::machine_diagram(s.machine); d && !d->states.empty()) a.state = d->states.front();
      out.push_back(std::move(a));
      it = std::prev(out.end());
    }
    if (e.time > t) continue;
    it->state = s.to;
    it->last = i;
    ++it->taken;
  }
  std::stable_sort(out.begin(), out.end(), [](const MachineAt& a, const MachineAt& b) { return a.server > b.server; });
  return out;
}

int state_row(const proto::Diagram& d, const std::string& state) {
  const auto it = std::find(d.states.begin(), d.states.end(), state);
  return it == d.states.end() ? -1 : static_cast<int>(it - d.states.begin());
}

const proto::DiagramEdge* lit_edge(const proto::Diagram& d, const trace::Event& step) {
  const auto* s = step.get<trace::data::Step>();
  return s ? d.find(s->from, s->to, s->input) : nullptr;
}

}  // namespace mailsim::viz
