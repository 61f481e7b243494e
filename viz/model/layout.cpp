#include "viz/model/layout.hpp"

#include <algorithm>
#include <array>

#include "sim/nodes/ports.hpp"
#include "sim/scenario/roles.hpp"

namespace mailsim::viz {

using scenario::Role;

namespace {
int column_of(Role r) { return scenario::info(r).lane; }
}  // namespace

std::vector<Vec2> layout_hosts(const scenario::Scenario& s) {
  std::vector<Vec2> out(s.hosts.size());
  const bool all_placed =
      std::all_of(s.hosts.begin(), s.hosts.end(), [](const scenario::Host& h) { return h.position.has_value(); });
  if (all_placed) {
    for (std::size_t i = 0; i < s.hosts.size(); ++i)
      out[i] = {static_cast<float>(s.hosts[i].position->first), static_cast<float>(s.hosts[i].position->second)};
    return out;
  }
  std::array<int, scenario::kLanes> count{};
  for (const auto& h : s.hosts) ++count[column_of(h.role)];
  std::array<int, scenario::kLanes> x_slot{};
  int used = 0;
  for (int c = 0; c < scenario::kLanes; ++c) x_slot[c] = count[c] ? used++ : -1;
  std::array<int, scenario::kLanes> seen{};
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const int c = column_of(s.hosts[i].role);
    const int row = seen[c]++;
    out[i] = {(static_cast<float>(x_slot[c]) + 0.5f) / static_cast<float>(used),
              (static_cast<float>(row) + 0.5f) / static_cast<float>(count[c])};
  }
  return out;
}

std::map<std::string, std::vector<std::uint16_t>> service_ports(const world::World& w) {
  std::map<std::string, std::vector<std::uint16_t>> out;
  for (const auto& h : w.scenario().hosts)
    for (const nodes::ServedPort& p : nodes::served_ports(w.network(), h.name)) out[h.name].push_back(p.port);
  return out;
}

}  // namespace mailsim::viz
