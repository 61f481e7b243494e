#pragma once
// How SASL messages travel in SMTP (RFC 4954 §4), POP3 (RFC 5034 §4) and IMAP (RFC 3501 §6.2.2,
// RFC 4959): each message base64-encoded on a line of its own; a client line "*" cancels; an initial
// response given with the command is "=" when it is empty (SMTP, POP3, IMAP's SASL-IR alike).
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::sasl {

// A line the client sent during an exchange.
struct ClientLine {
  enum class Kind { Response, Cancel, Undecodable };
  Kind kind = Kind::Response;
  std::string response;  // Response: the decoded octets
};
ClientLine read_client_line(std::string_view line);

// The initial-response argument of the command: "=" is an empty response; otherwise base64.
// nullopt when it is not base64.
std::optional<std::string> read_initial_response(std::string_view argument);
// What the client sends as the initial-response argument ("=" for no octets).
std::string write_initial_response(std::string_view octets);
// What goes on a continuation line (a challenge, a response): base64, "" for no octets.
std::string write_message(std::string_view octets);

inline constexpr std::string_view kCancel = "*";

}  // namespace mailsim::sasl
