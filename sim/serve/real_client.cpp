#include "sim/serve/real_client.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "sim/nodes/address.hpp"

namespace mailsim::serve {

namespace {

std::string dotted(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) + "." +
         std::to_string(a & 255);
}

struct Network {
  std::uint32_t base;
  std::uint32_t mask;
  std::string relay;  // the host that relays for it
};

std::optional<Network> relayed_network(const scenario::Scenario& s) {
  for (const auto& h : s.hosts)
    for (const auto& cidr : h.relay_from) {
      const auto slash = cidr.find('/');
      const auto net = nodes::parse_ipv4(cidr.substr(0, slash));
      const int bits = slash == std::string::npos ? 32 : std::atoi(cidr.c_str() + slash + 1);
      if (net && bits >= 8 && bits <= 24) {
        const std::uint32_t mask = ~0u << (32 - bits);
        return Network{*net & mask, mask, h.name};
      }
    }
  return std::nullopt;
}

// A lesson whose servers trust no network (everyone logs in with SMTP AUTH): the real client joins
// the lesson's first client host in its /24, as one more device of the same users at home.
std::optional<Network> clients_network(const scenario::Scenario& s) {
  for (const auto& h : s.hosts)
    if (h.role == scenario::Role::Client)
      if (const auto a = nodes::parse_ipv4(h.address)) return Network{*a & 0xFFFFFF00u, 0xFFFFFF00u, h.name};
  return std::nullopt;
}

bool taken(const scenario::Scenario& s, const std::string& address) {
  return std::any_of(s.hosts.begin(), s.hosts.end(), [&](const auto& h) { return h.address == address; });
}

}  // namespace

scenario::Scenario with_real_client(scenario::Scenario s) {
  const std::string name(kRealClientHost);
  if (std::any_of(s.hosts.begin(), s.hosts.end(), [&](const auto& h) { return h.name == name; })) return s;

  auto net = relayed_network(s);
  if (!net) net = clients_network(s);
  std::string address = "10.250.0.1";
  if (net)
    for (std::uint32_t last : {250u, 251u, 252u, 253u, 249u, 248u}) {
      address = dotted(net->base | last);
      if (!taken(s, address)) break;
    }

  // Attach it where the lesson's own clients are: the router of that network, else the relay itself.
  std::string attach = net ? net->relay : (s.hosts.empty() ? "" : s.hosts.front().name);
  if (net)
    for (const auto& h : s.hosts) {
      const auto a = nodes::parse_ipv4(h.address);
      if (h.role == scenario::Role::Router && a && (*a & net->mask) == net->base) {
        attach = h.name;
        break;
      }
    }

  scenario::Host h;
  h.name = name;
  h.address = address;
  h.role = scenario::Role::Client;
  // Bottom left, under the lesson's clients, when the scenario places its hosts itself.
  const bool placed = std::all_of(s.hosts.begin(), s.hosts.end(), [](const auto& x) { return x.position.has_value(); });
  if (placed && !s.hosts.empty()) h.position = std::make_pair(0.05, 0.95);
  s.hosts.push_back(std::move(h));
  if (!attach.empty()) s.links.push_back({name, attach, kMillisecond});
  return s;
}

}  // namespace mailsim::serve
