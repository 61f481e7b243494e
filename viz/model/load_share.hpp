#pragma once
// Load distribution on the map: the servers that share a domain's mail because its MX records give
// them the same preference (RFC 5321 §5.1: the sender picks among them at random). For those the
// map and the inspector show how many messages each has accepted, which is the lesson's point.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace mailsim::viz {

// The lesson's hosts that are one of two or more MX hosts of the same preference for a domain (in
// the DNS records at the start), in the order the lesson lists its hosts.
std::vector<std::string> load_shared_hosts(const scenario::Scenario& s);

}  // namespace mailsim::viz
