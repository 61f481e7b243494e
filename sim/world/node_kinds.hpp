#pragma once
// The other half of a role's descriptor (sim/scenario/roles.hpp): the factory that builds its nodes
// from the lesson. Kept here because the scenario layer cannot see the nodes.
#include <memory>
#include <vector>

#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::world {

struct NodeBuild {
  nodes::Context& ctx;
  const scenario::Scenario& scenario;
  std::vector<std::unique_ptr<nodes::Node>>& nodes;  // where the new nodes go, in building order
};

// The servers of one host, by its role (a router adds its packet filter to the network and a
// client host nothing: its mail programs come from the lesson's `clients`).
void make_host_nodes(NodeBuild& b, const scenario::Host& h);
// The mail programs of one entry of the lesson's `clients`: its sending half when it has a
// submission server, its reading half when it fetches. Built after every host's servers.
void make_client_nodes(NodeBuild& b, const scenario::Client& c);

}  // namespace mailsim::world
