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
};

}  // namespace mailsim::smtp
