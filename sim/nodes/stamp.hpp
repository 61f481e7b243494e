#pragma once
// What a server writes into a message it accepts: the Received: field every hop prepends
// (RFC 5321 §4.4), and, on a submission server, the Date: and Message-ID: a client left out
// (RFC 6409 §8.3).
#include <string>

#include "sim/net/network.hpp"
#include "sim/nodes/context.hpp"
#include "sim/proto/smtp/envelope.hpp"

namespace mailsim::nodes {

struct Stamped {
  std::string data;        // the message with the new fields
  std::string message_id;  // its Message-ID (found or added)
};

Stamped stamp_message(Context& ctx, const std::string& data, const smtp::Envelope& env, const net::Endpoint& from,
                      const std::string& by_host, const std::string& queue_id, bool complete_submission);

// The header block of a message (up to, not including, the empty line), CRLF lines.
std::string header_block(const std::string& data);

}  // namespace mailsim::nodes
