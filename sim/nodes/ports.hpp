#pragma once
// What a host serves, as the nodes registered it with the network: the one place the map's port
// list and `mailsim serve`'s mappings come from, so a port a lesson adds (465 for
// smtpd_tls_wrappermode, 993 and 995 for Dovecot's ssl) shows and is served without a change there.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/net/network.hpp"

namespace mailsim::nodes {

// IANA's service name of a port whose connections are inside TLS from the first byte (RFC 8314
// §7): "submissions", "imaps", "pop3s"; "" for a port whose protocol starts in plain text.
std::string implicit_tls_name(const std::string& protocol, std::uint16_t port);

struct ServedPort {
  std::uint16_t port = 0;
  std::string protocol;   // as the node listens: "smtp", "submission", "pop3", "imap", "dns", "auth"...
  std::string tls_name;   // implicit TLS: IANA's name ("submissions"); "" otherwise
};

// The ports `host` serves: its plain-text ones first (streams and datagram services alike), then
// its implicit-TLS ones, each group by port.
std::vector<ServedPort> served_ports(const net::Network& net, const std::string& host);

}  // namespace mailsim::nodes
