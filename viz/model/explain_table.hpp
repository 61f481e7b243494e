#pragma once
// The explanation tables (data only); explain.cpp looks things up in them.
#include <span>

#include "viz/model/explain.hpp"

namespace mailsim::viz::tables {

extern const std::span<const Explanation> smtp_commands;
extern const std::span<const Explanation> smtp_replies;     // keys "220", ..., and classes "2xx", ...
extern const std::span<const Explanation> ehlo_keywords;
extern const std::span<const Explanation> enhanced_status;  // "5.1.1", and classes "5.x.x"
extern const std::span<const Explanation> pop3;             // commands and "+OK", "-ERR", ".", "greeting"
extern const std::span<const Explanation> imap_commands;
extern const std::span<const Explanation> imap_responses;   // "OK", "NO", ..., "EXISTS", "+", "greeting"
extern const std::span<const Explanation> dns;              // "query A", "query MX", "NOERROR", ...
extern const std::span<const Explanation> tcp;              // "connect", "accepted", ...
extern const std::span<const Explanation> tls;              // handshake messages, "Alert ...", "established"
extern const std::span<const Explanation> tls_verify;       // OpenSSL's verify errors: "certificate has expired"

}  // namespace mailsim::viz::tables
