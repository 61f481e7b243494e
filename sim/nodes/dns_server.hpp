#pragma once
// An authoritative DNS server on UDP port 53, answering from the scenario's records.
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/proto/dns/zone.hpp"

namespace mailsim::nodes {

class DnsServer {
 public:
  DnsServer(Context& ctx, std::string host, dns::ZoneSet zones);
  dns::ZoneSet& zones() { return zones_; }
  const dns::ZoneSet& zones() const { return zones_; }
  const std::string& host() const { return host_; }

 private:
  void on_query(const std::string& from, std::uint16_t from_port, std::string_view bytes);
  Context& ctx_;
  std::string host_;
  dns::ZoneSet zones_;
};

}  // namespace mailsim::nodes
