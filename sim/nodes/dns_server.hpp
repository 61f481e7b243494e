#pragma once
// An authoritative DNS server on UDP port 53, answering from the scenario's records.
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/proto/dns/zone.hpp"

namespace mailsim::nodes {

class DnsServer : public Node {
 public:
  DnsServer(Context& ctx, std::string host, dns::ZoneSet zones);
  dns::ZoneSet& zones() { return zones_; }
  const dns::ZoneSet& zones() const { return zones_; }
  const std::string& host() const override { return host_; }
  // dns_set and dns_remove change every DNS server's zones: the lesson's DNS is one service.
  void apply(const scenario::Failure& f) override;

 private:
  void on_query(const std::string& from, std::uint16_t from_port, std::string_view bytes);
  Context& ctx_;
  std::string host_;
  dns::ZoneSet zones_;
};

}  // namespace mailsim::nodes
