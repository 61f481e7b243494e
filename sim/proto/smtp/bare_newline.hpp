#pragma once
// What an SMTP server does with a line that ends in a bare <LF> instead of <CR><LF>: Postfix's
// smtpd_forbid_bare_newline, with its names and values, so students meet the same parameter in a
// real main.cf. The point is SMTP smuggling: a sender hides a second transaction behind a fake end
// of data ("<LF>.<CR><LF>") that one server takes for the end and another does not.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::smtp {

enum class BareNewline {
  // "no": the old behaviour, and the vulnerable one. A bare LF ends a line like CRLF, so "." alone
  // on such a line ends the data: "<LF>.<LF>", "<LF>.<CR><LF>" and "<CR><LF>.<LF>" all do.
  No,
  // "normal" (Postfix 3.9's default; "yes" is its alias): only <CR><LF>.<CR><LF> ends the data.
  // Lines ending in a bare LF are still taken as lines, as many legitimate clients send them.
  Normal,
  // "strict": a bare LF anywhere, in a command or in the data, is answered
  // "521 5.5.2 Error: bare <LF> received" and the connection closes; nothing of the transaction is
  // queued.
  Strict,
};

// "no", "normal" (or "yes"), "strict", any case; nullopt for anything else.
std::optional<BareNewline> parse_bare_newline(std::string_view value);
// "no", "normal", "strict".
std::string to_string(BareNewline policy);

}  // namespace mailsim::smtp
