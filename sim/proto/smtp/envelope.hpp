#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::smtp {

// The SMTP envelope (RFC 5321 §2.3.1): what MAIL FROM and RCPT TO carried, not the header fields.
struct Envelope {
  std::string mail_from;                 // reverse-path without brackets; "" is the null path <>
  std::vector<std::string> rcpt_to;      // forward-paths without brackets, in RCPT order
  std::optional<std::size_t> size;       // SIZE= parameter (RFC 1870), if given
  bool body_8bit = false;                // BODY=8BITMIME (RFC 6152)
  std::string helo;                      // the name the client gave in EHLO/HELO
  bool esmtp = false;                    // EHLO (true) or HELO (false)
  // The session runs inside TLS (STARTTLS or implicit TLS): Received says "ESMTPS" (RFC 3848).
  // Set when the handshake ends, so it belongs to the session as the fields below do.
  bool tls = false;
  // SMTP AUTH (RFC 4954), named as Postfix logs them: the mechanism and the identity the session
  // authenticated as (for permit_sasl_authenticated); empty while not authenticated. They belong to
  // the session, not the transaction: RSET and a new EHLO keep them.
  std::string sasl_method;               // "PLAIN", "SCRAM-SHA-256", ...
  std::string sasl_username;
  // MAIL FROM's AUTH= parameter (RFC 4954 §5), xtext-decoded, as the server keeps it to pass on when
  // it relays: the mailbox an authenticated client vouches for, "" for AUTH=<> (which is also what a
  // client that is not authenticated gets, whatever it sent); nullopt when not given.
  std::optional<std::string> mail_auth = std::nullopt;
};

}  // namespace mailsim::smtp
