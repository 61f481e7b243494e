#pragma once
// Where hosts sit on the map, and which services they run.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/world/world.hpp"
#include "viz/model/geometry.hpp"

namespace mailsim::viz {

// Normalised map positions for the scenario's hosts, in scenario order. The scenario's own positions
// when every host has one; otherwise columns by role, left to right as mail flows: clients |
// submission | routers | relays | dns | destinations, each column spread evenly top to bottom.
std::vector<Vec2> layout_hosts(const scenario::Scenario& s);

// The ports each host serves, by host name (what the map labels and its failure menus offer), as
// the world's nodes registered them with its network: plain-text ones first, then implicit TLS
// (nodes::served_ports). Asked of a world, not worked out from the role, so that what the map
// shows is what a client can connect to.
std::map<std::string, std::vector<std::uint16_t>> service_ports(const world::World& w);

}  // namespace mailsim::viz
