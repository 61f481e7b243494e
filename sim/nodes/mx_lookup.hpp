#pragma once
// Runs a dns::MxResolver over datagrams from one host to its DNS server, with a timeout per query.
#include <functional>
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/proto/dns/resolver.hpp"

namespace mailsim::nodes {

struct MxLookupResult {
  dns::ResolveStatus status = dns::ResolveStatus::TempFail;
  std::vector<dns::MxTarget> targets;
  std::string error;
};

// `dns_address` empty: no DNS server known, a temporary failure at once. `address_only`: `domain` is
// a host whose A record alone is asked (relayhost = [name]).
void lookup_mx(Context& ctx, const std::string& host, const std::string& dns_address, const std::string& domain,
               Duration timeout, std::function<void(MxLookupResult)> done, bool address_only = false);

}  // namespace mailsim::nodes
