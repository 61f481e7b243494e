#include "sim/nodes/ports.hpp"

#include <algorithm>

namespace mailsim::nodes {

std::string implicit_tls_name(const std::string& protocol, std::uint16_t port) {
  if (protocol == "submission" && port == 465) return "submissions";
  if (protocol == "imap" && port == 993) return "imaps";
  if (protocol == "pop3" && port == 995) return "pop3s";
  if (protocol == "submissions" || protocol == "imaps" || protocol == "pop3s") return protocol;
  return {};
}

std::vector<ServedPort> served_ports(const net::Network& net, const std::string& host) {
  std::vector<ServedPort> out;
  std::vector<net::Network::ListenerInfo> all = net.listeners();
  for (auto& d : net.datagram_services()) all.push_back(std::move(d));
  for (const auto& l : all)
    if (l.host == host) out.push_back({l.port, l.protocol, implicit_tls_name(l.protocol, l.port)});
  std::stable_sort(out.begin(), out.end(), [](const ServedPort& a, const ServedPort& b) {
    return a.tls_name.empty() != b.tls_name.empty() ? a.tls_name.empty() : a.port < b.port;
  });
  return out;
}

}  // namespace mailsim::nodes
