#include "viz/model/layout.hpp"

#include <algorithm>
#include <array>

namespace mailsim::viz {

using scenario::Role;

namespace {
int column_of(Role r) {
  switch (r) {
    case Role::Client: return 0;
    case Role::Submission: return 1;
    case Role::Router:
    case Role::Eavesdropper: return 2;
    case Role::Relay: return 3;
    case Role::Dns: return 4;
    case Role::Destination:
    case Role::Auth: return 5;
  }
  return 2;
}
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
  std::array<int, 6> count{};
  for (const auto& h : s.hosts) ++count[column_of(h.role)];
  std::array<int, 6> x_slot{};
  int used = 0;
  for (int c = 0; c < 6; ++c) x_slot[c] = count[c] ? used++ : -1;
  std::array<int, 6> seen{};
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const int c = column_of(s.hosts[i].role);
    const int row = seen[c]++;
    out[i] = {(static_cast<float>(x_slot[c]) + 0.5f) / static_cast<float>(used),
              (static_cast<float>(row) + 0.5f) / static_cast<float>(count[c])};
  }
  return out;
}

std::vector<std::uint16_t> service_ports(Role role) {
  switch (role) {
    case Role::Submission: return {587};
    case Role::Relay: return {25};
    case Role::Destination: return {25, 110, 143};
    case Role::Dns: return {53};
    case Role::Auth: return {12345};
    case Role::Client:
    case Role::Router:
    case Role::Eavesdropper: return {};
  }
  return {};
}

std::vector<std::uint16_t> service_ports(const scenario::Host& host) {
  std::vector<std::uint16_t> ports = service_ports(host.role);
  if (host.role == Role::Submission && host.smtpd_tls_wrappermode) ports.push_back(scenario::kSubmissionsPort);
  // Dovecot's imaps and pop3s listeners beside 143 and 110 when the host has a certificate.
  if (host.role == Role::Destination && host.ssl != proto::Ssl::No) {
    ports.push_back(scenario::kImapsPort);
    ports.push_back(scenario::kPop3sPort);
  }
  return ports;
}

}  // namespace mailsim::viz
