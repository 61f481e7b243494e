#pragma once
// An SMTP reply (RFC 5321 §4.2): a three-digit code, an optional enhanced status code (RFC 3463,
// RFC 2034 ENHANCEDSTATUSCODES) and one or more text lines.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

struct Reply {
  int code = 0;
  std::string enhanced;             // "2.1.0"; empty when not used
  std::vector<std::string> lines;   // at least one; text after the code (and enhanced code)
  // Made by this side, not said by the server (Postfix's DSN_BY_LOCAL_MTA): TLS required but not
  // offered, a certificate not verified, a greeting that never came. A log words it as the bare
  // text ("status=deferred (TLS is required, but ...)"), never as "host ... said: 454 ...".
  bool local = false;

  int klass() const { return code / 100; }       // 2, 3, 4 or 5
  bool positive() const { return code >= 200 && code < 400; }
  bool transient() const { return klass() == 4; }
  bool permanent() const { return klass() == 5; }

  // Wire form: "250-first\r\n250 last\r\n"; the enhanced code, when set, starts every line.
  std::string serialize() const;
  // "550 5.1.1 <bob@x>: user unknown" on one line (lines joined by " / "), for logs and bounces.
  std::string summary() const;

  bool operator==(const Reply&) const = default;
};

// Builds a one-line reply.
Reply make_reply(int code, std::string enhanced, std::string text);

// Incremental parser for a server's replies, used by the client (multi-line per §4.2.1).
class ReplyParser {
 public:
  // Feeds one line without CRLF. Returns a complete reply when `line` was its last line.
  // A malformed line yields a reply with code 0 and the line as text.
  std::optional<Reply> feed_line(std::string_view line, bool expect_enhanced);

 private:
  std::optional<Reply> partial_;
};

}  // namespace mailsim::smtp
