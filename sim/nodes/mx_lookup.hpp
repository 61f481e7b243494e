#pragma once
// Runs a sans-I/O DNS machine (dns::MxResolver, spf::Evaluator, dkim::Verifier,
// dmarc::PolicyDiscovery) over datagrams from one host to its DNS server, with a timeout per query,
// so every lookup a node makes is a packet on the map.
#include <functional>
#include <optional>
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/proto/dns/resolver.hpp"

namespace mailsim::nodes {

// What run_dns needs of a machine: the next query (nullopt while one is outstanding or when done),
// the answer to it, its timeout, and whether the machine has finished.
struct DnsExchange {
  std::function<std::optional<dns::Message>()> next_query;
  std::function<void(const dns::Message&)> on_response;
  std::function<void()> on_timeout;
  std::function<bool()> done;
  std::function<void()> finished;  // once, when done() becomes true
};

// `dns_address` must not be empty. Sends each query the machine names from `host` to
// dns_address:53 and hands it the answer, or a DnsTimeout event and on_timeout() after `timeout`.
void run_dns(Context& ctx, const std::string& host, const std::string& dns_address, Duration timeout, DnsExchange x);

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
