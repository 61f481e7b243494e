#include "viz/model/bench_crowd.hpp"

namespace mailsim::viz {

std::vector<trace::Event> make_crowd(const world::World& w, std::size_t count, Time start, Duration window,
                                     Duration flight) {
  std::vector<net::Network::Route> routes;
  const auto& hosts = w.scenario().hosts;
  for (const auto& a : hosts)
    for (const auto& b : hosts) {
      if (a.name == b.name || a.role == scenario::Role::Router || b.role == scenario::Role::Router) continue;
      if (auto r = w.network().route(a.name, b.name); r && r->latency() > 0) routes.push_back(std::move(*r));
    }
  std::vector<trace::Event> out;
  if (routes.empty()) return out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& r = routes[i % routes.size()];
    trace::Event e;
    trace::data::Segment line;
    line.what = trace::Payload::Content;
    line.text = "benchmark line " + std::to_string(i);
    e.data = std::move(line);
    e.kind = trace::Kind::Segment;
    e.time = start + static_cast<Time>(static_cast<double>(window) * static_cast<double>(i) / static_cast<double>(count));
    e.host = r.hosts.front();
    e.peer = r.hosts.back();
    e.protocol = "smtp";
    e.dir = trace::Direction::ClientToServer;
    e.arrive = e.time + flight;
    for (std::size_t k = 0; k < r.hosts.size(); ++k)
      e.path.push_back({r.hosts[k], e.time + flight * r.at[k] / r.latency()});
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace mailsim::viz
