#pragma once
// What the loopback bridge itself says to a real client before it closes the connection, in the
// words of the protocol the listener serves: SMTP's 421 (RFC 5321 §3.8, with Postfix's texts and
// RFC 3463 codes), POP3's -ERR (RFC 3206's [SYS/TEMP] where it applies), IMAP's untagged BYE
// (RFC 5530's [UNAVAILABLE] and [OVERQUOTA]). The simulated server never saw these clients, or has
// already been told that they are gone, so these lines are the bridge's, not the server's.
#include <string>

namespace mailsim::serve {

enum class Farewell {
  TooManyConnections,  // the connection limit is reached: refused before the server sees it
  Idle,                // nothing sent or read for the idle timeout
  LineTooLong,         // a line passed the bridge's limit (after the server's own, larger than it)
  TooMuchData,         // the connection sent more than it may hold in the world
  StorageFull,         // real clients brought all the mail the served world may hold
};

// The line, with CRLF. `protocol` is a Mapping's ("smtp", "submission", "pop3", "imap"); `host` is
// the simulated server's name, which SMTP puts in its 421 as RFC 5321 §4.2 shows.
std::string farewell(Farewell why, const std::string& protocol, const std::string& host);

}  // namespace mailsim::serve
