#pragma once
// What the world holds of every actor on the map: a server of some role, or one of a host's mail
// programs (a client's sending half, its reading half). The world keeps one list of nodes, built by
// each role's factory (sim/world/node_kinds.cpp) from the role's descriptor (sim/scenario/roles.hpp),
// and tells each of them every failure the lesson's timeline applies: the network's own (a host, a
// link, a service) the network applies itself, a node reacts to those that concern it (a DNS zone
// change, a forced SMTP reply on its host). What a node listens on it registers with the network,
// which is where serve/ and viz/ ask for listeners.
#include <string>

#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class Node {
 public:
  virtual ~Node() = default;
  // The host the node runs on.
  virtual const std::string& host() const = 0;
  // A failure was just applied (after the network's part of it).
  virtual void apply(const scenario::Failure&) {}
};

}  // namespace mailsim::nodes
