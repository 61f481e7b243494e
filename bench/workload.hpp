#pragma once
// The load scenarios `mailsim-bench` runs, generated as lesson JSON so they go through the same
// loader, world and nodes as any lesson: N messages of about 1 KB, each client -> submission ->
// relay (MX lookup) -> destination -> mailbox.
#include <cstddef>
#include <string>

namespace mailsim::bench {

struct Workload {
  std::string name;              // "spread", "burst", "many", "topology"
  std::size_t messages = 1000;
  std::size_t clients = 1;       // sending PCs on the school network
  std::size_t domains = 1;       // destination domains, one MX each
  std::size_t extra_routers = 0; // a chain of routers between the relay and the destinations
  bool burst = false;            // all messages at once, else one every 10 ms
};

// The scenario JSON for `w`.
std::string scenario_json(const Workload& w);

}  // namespace mailsim::bench
