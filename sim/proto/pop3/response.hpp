#pragma once
// A POP3 server's answer to one command (RFC 1939 §3): a status line and, for multi-line replies,
// the lines that follow.
#include <string>

namespace mailsim::pop3 {

struct Response {
  bool ok = true;
  std::string text;   // after "+OK " / "-ERR " (or "+ " for a continuation)
  std::string body;   // multi-line data, already byte-stuffed and terminated, or empty
  bool bad = false;   // counts toward max_errors (syntax, sequence, unknown command, failed login)
  // A SASL challenge (RFC 5034 §4): sent as "+ <text>", the exchange goes on. ok stays true.
  bool continuation = false;
  // Not a reply yet: a credential lookup answers later, and Server::resume() sends the reply.
  bool pending = false;
};

}  // namespace mailsim::pop3
