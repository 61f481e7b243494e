#pragma once
// What every node is given: the network it lives on, the world's clock, trace and seeded RNG.
#include <cstdint>
#include <string>

#include "sim/kernel/rng.hpp"
#include "sim/kernel/scheduler.hpp"
#include "sim/net/network.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::nodes {

class TlsHosts;

struct Context {
  net::Network& net;
  Scheduler& scheduler;
  trace::Trace& trace;
  Rng& rng;
  std::int64_t epoch = 0;  // virtual time 0 as Unix seconds, for Date: and Received: fields
  TlsHosts* tls = nullptr;  // the world's TLS (sim/nodes/tls_hosts.hpp); null when no host offers it

  Time now() const { return scheduler.now(); }
  // Postfix-style queue id: 10 upper-case hex digits from the seeded RNG.
  std::string new_queue_id();
  // A fresh SASL nonce from the seeded RNG, shaped like the msg-id digits of RFC 1939 and RFC 2195
  // ("1896.697170952"): CRAM-MD5's and APOP's challenge, SCRAM's client and server nonces.
  std::string new_nonce();
  // A trace Note from `host`.
  void note(const std::string& host, const std::string& text, const std::string& message = {});
};

}  // namespace mailsim::nodes
