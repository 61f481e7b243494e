#pragma once
// Where hosts sit on the map, and which services they run.
#include <cstdint>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "viz/model/geometry.hpp"

namespace mailsim::viz {

// Normalised map positions for the scenario's hosts, in scenario order. The scenario's own positions
// when every host has one; otherwise columns by role, left to right as mail flows: clients |
// submission | routers | relays | dns | destinations, each column spread evenly top to bottom.
std::vector<Vec2> layout_hosts(const scenario::Scenario& s);

// The ports a host of this role listens on (what the map labels and failure menus offer).
std::vector<std::uint16_t> service_ports(scenario::Role role);
// ... and what this host adds: SMTPS on 465 beside 587 with smtpd_tls_wrappermode.
std::vector<std::uint16_t> service_ports(const scenario::Host& host);

}  // namespace mailsim::viz
