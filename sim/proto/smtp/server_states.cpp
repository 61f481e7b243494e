#include "sim/proto/smtp/server_states.hpp"

#include <array>

namespace mailsim::smtp {

namespace {

using S = ServerState;
using C = Command;

// Refusal texts, worded as Postfix's smtpd words them so students can compare transcripts.
constexpr std::string_view kNeedHelo = "Error: send HELO/EHLO first";
constexpr std::string_view kNested = "Error: nested MAIL command";
constexpr std::string_view kNeedMail = "Error: need MAIL command";
constexpr std::string_view kNeedRcpt = "Error: need RCPT command";
// DATA after MAIL whose recipients were all rejected: with PIPELINING the client sent DATA before it
// saw the RCPT replies, so this is not its mistake in sequence but a failed transaction (554).
constexpr std::string_view kNoValidRcpt = "Error: no valid recipients";
// RFC 5321 §3.1: after a 554 greeting the server "SHOULD respond to any intervening commands with
// 503" until QUIT.
constexpr std::string_view kNoService = "Error: no SMTP service here";
// RFC 4954 §4: "The AUTH command is not permitted during a mail transaction." Nor STARTTLS: the
// handshake restarts the session, which would silently drop the transaction.
constexpr std::string_view kInTransaction = "Error: MAIL transaction in progress";

// Two kinds of row: `go` (the command is looked at; its reply decides between the two next states)
// and `refuse` (out of sequence: answered at once, the state does not change).
Transition go(S from, C command, S on_success, S on_failure, SessionEffect effect = SessionEffect::None) {
  return Transition{from, command, on_success, on_failure, 0, {}, effect};
}
Transition refuse(S from, C command, int code, std::string_view text) {
  return Transition{from, command, from, from, code, text, SessionEffect::None};
}
// A step of a SASL exchange: 2xx ends it, 3xx continues it, 4xx/5xx ends it too.
Transition exchange(S from, C command, S on_success, S on_continue, S on_failure) {
  Transition t{from, command, on_success, on_failure, 0, {}, SessionEffect::None};
  t.on_continue = on_continue;
  return t;
}

constexpr SessionEffect kEsmtp = SessionEffect::Esmtp;
constexpr SessionEffect kSmtp = SessionEffect::Smtp;
constexpr SessionEffect kTlsRestart = SessionEffect::TlsRestart;

// In every state where a session is open, NOOP, VRFY, EXPN, HELP and unknown verbs never move the
// machine, and QUIT closes even when a forced reply makes it negative: the client is leaving either
// way. RSET ends a transaction; before EHLO/HELO it stays in Connected, since RSET does not replace
// the EHLO/HELO handshake (Postfix still answers "send HELO/EHLO first" to a MAIL after it).
std::vector<Transition> build_table() {
  std::vector<Transition> t = {
      // The greeting (§3.1): 220 opens the session; 554 refuses service but waits for QUIT; a 421
      // greeting is refused service that then closes (the Closing row below).
      go(S::Connected, C::Greeting, S::Connected, S::NoService),

      // Before EHLO/HELO (§4.1.4: a session starts with EHLO; like Postfix, NOOP, RSET, VRFY and HELP
      // are answered already).
      go(S::Connected, C::Ehlo, S::Greeted, S::Connected, kEsmtp),
      go(S::Connected, C::Helo, S::Greeted, S::Connected, kSmtp),
      refuse(S::Connected, C::Auth, 503, kNeedHelo),
      refuse(S::Connected, C::Mail, 503, kNeedHelo),
      refuse(S::Connected, C::Rcpt, 503, kNeedMail),
      refuse(S::Connected, C::Data, 503, kNeedRcpt),
      go(S::Connected, C::Rset, S::Connected, S::Connected),
      go(S::Connected, C::Noop, S::Connected, S::Connected),
      go(S::Connected, C::Vrfy, S::Connected, S::Connected),
      go(S::Connected, C::Expn, S::Connected, S::Connected),
      go(S::Connected, C::Help, S::Connected, S::Connected),
      go(S::Connected, C::Other, S::Connected, S::Connected),
      go(S::Connected, C::Quit, S::Closed, S::Closed),
      // STARTTLS is an extension: a client learns of it from the EHLO reply (RFC 3207 §4).
      refuse(S::Connected, C::Starttls, 503, kNeedHelo),

      // After a 554 greeting: QUIT or nothing (§3.1).
      refuse(S::NoService, C::Ehlo, 503, kNoService),
      refuse(S::NoService, C::Helo, 503, kNoService),
      refuse(S::NoService, C::Auth, 503, kNoService),
      refuse(S::NoService, C::Mail, 503, kNoService),
      refuse(S::NoService, C::Rcpt, 503, kNoService),
      refuse(S::NoService, C::Data, 503, kNoService),
      refuse(S::NoService, C::Rset, 503, kNoService),
      refuse(S::NoService, C::Noop, 503, kNoService),
      refuse(S::NoService, C::Vrfy, 503, kNoService),
      refuse(S::NoService, C::Expn, 503, kNoService),
      refuse(S::NoService, C::Help, 503, kNoService),
      refuse(S::NoService, C::Other, 503, kNoService),
      go(S::NoService, C::Quit, S::Closed, S::Closed),
      refuse(S::NoService, C::Starttls, 503, kNoService),

      // Session open, no transaction.
      go(S::Greeted, C::Ehlo, S::Greeted, S::Greeted, kEsmtp),
      go(S::Greeted, C::Helo, S::Greeted, S::Greeted, kSmtp),
      // RFC 4954 §4: 235 (or an initial response that settles it at once), 334 and the exchange is
      // on, or a refusal (503 twice, 504 unknown mechanism, 538, 501, 535, 454).
      exchange(S::Greeted, C::Auth, S::Greeted, S::Auth, S::Greeted),
      go(S::Greeted, C::Mail, S::Mail, S::Greeted),
      refuse(S::Greeted, C::Rcpt, 503, kNeedMail),
      refuse(S::Greeted, C::Data, 503, kNeedRcpt),
      go(S::Greeted, C::Rset, S::Greeted, S::Greeted),
      go(S::Greeted, C::Noop, S::Greeted, S::Greeted),
      go(S::Greeted, C::Vrfy, S::Greeted, S::Greeted),
      go(S::Greeted, C::Expn, S::Greeted, S::Greeted),
      go(S::Greeted, C::Help, S::Greeted, S::Greeted),
      go(S::Greeted, C::Other, S::Greeted, S::Greeted),
      go(S::Greeted, C::Quit, S::Closed, S::Closed),
      // 220: the TLS layer takes over the bytes; 454/501/502/503: nothing changes.
      go(S::Greeted, C::Starttls, S::TlsHandshake, S::Greeted),

      // MAIL accepted. EHLO/HELO in a transaction abandon it (§4.1.4), as RSET does.
      go(S::Mail, C::Ehlo, S::Greeted, S::Mail, kEsmtp),
      go(S::Mail, C::Helo, S::Greeted, S::Mail, kSmtp),
      refuse(S::Mail, C::Auth, 503, kInTransaction),
      refuse(S::Mail, C::Mail, 503, kNested),
      go(S::Mail, C::Rcpt, S::Rcpt, S::Mail),
      refuse(S::Mail, C::Data, 554, kNoValidRcpt),
      go(S::Mail, C::Rset, S::Greeted, S::Mail),
      go(S::Mail, C::Noop, S::Mail, S::Mail),
      go(S::Mail, C::Vrfy, S::Mail, S::Mail),
      go(S::Mail, C::Expn, S::Mail, S::Mail),
      go(S::Mail, C::Help, S::Mail, S::Mail),
      go(S::Mail, C::Other, S::Mail, S::Mail),
      go(S::Mail, C::Quit, S::Closed, S::Closed),
      refuse(S::Mail, C::Starttls, 503, kInTransaction),

      // At least one recipient accepted; a rejected further RCPT keeps those already accepted.
      go(S::Rcpt, C::Ehlo, S::Greeted, S::Rcpt, kEsmtp),
      go(S::Rcpt, C::Helo, S::Greeted, S::Rcpt, kSmtp),
      refuse(S::Rcpt, C::Auth, 503, kInTransaction),
      refuse(S::Rcpt, C::Mail, 503, kNested),
      go(S::Rcpt, C::Rcpt, S::Rcpt, S::Rcpt),
      go(S::Rcpt, C::Data, S::Data, S::Rcpt),
      go(S::Rcpt, C::Rset, S::Greeted, S::Rcpt),
      go(S::Rcpt, C::Noop, S::Rcpt, S::Rcpt),
      go(S::Rcpt, C::Vrfy, S::Rcpt, S::Rcpt),
      go(S::Rcpt, C::Expn, S::Rcpt, S::Rcpt),
      go(S::Rcpt, C::Help, S::Rcpt, S::Rcpt),
      go(S::Rcpt, C::Other, S::Rcpt, S::Rcpt),
      go(S::Rcpt, C::Quit, S::Closed, S::Closed),
      refuse(S::Rcpt, C::Starttls, 503, kInTransaction),

      // Mail data: lines until its end. Accepted or not, the transaction is over (§4.1.1.4).
      go(S::Data, C::DataLine, S::Data, S::Data),
      go(S::Data, C::EndOfData, S::Greeted, S::Greeted),

      // The SASL exchange: each response gets the next challenge (334), or the exchange ends (235,
      // 535, 501 for "*" or bad base64, 454 when the credentials could not be looked up).
      exchange(S::Auth, C::AuthResponse, S::Greeted, S::Auth, S::Greeted),

      // The TLS handshake after STARTTLS: no lines, only its end. Inside TLS the client starts
      // again with EHLO (RFC 3207 §4.2); a failed handshake leaves nothing to talk over.
      go(S::TlsHandshake, C::TlsEstablished, S::Connected, S::Connected, kTlsRestart),
      // Implicit TLS (RFC 8314 §3.3): the handshake first, the greeting after it, inside TLS.
      go(S::Connected, C::ImplicitTls, S::TlsHandshake, S::TlsHandshake),
      go(S::TlsHandshake, C::TlsFailed, S::Closed, S::Closed),
  };
  // §3.8: a 421 closes from any state where the server speaks, and so does a 521 (RFC 7504). Like
  // Postfix's smtpd_hard_error_limit, the error limit closes wherever a negative reply can be sent
  // (not in Data, which has no replies until its end, nor in Auth, whose negative replies all end
  // the exchange first).
  for (const S s : {S::Connected, S::NoService, S::Greeted, S::Auth, S::Mail, S::Rcpt, S::Data})
    t.push_back(go(s, C::Closing, S::Closed, S::Closed));
  for (const S s : {S::Connected, S::NoService, S::Greeted, S::Mail, S::Rcpt})
    t.push_back(go(s, C::TooManyErrors, S::Closed, S::Closed));
  return t;
}

}  // namespace

ServerState Transition::next(int reply_code) const {
  if (reply_code / 100 == 3 && on_continue) return *on_continue;
  return reply_code >= 200 && reply_code < 400 ? on_success : on_failure;
}

const std::vector<Transition>& server_transitions() {
  static const std::vector<Transition> table = build_table();
  return table;
}

const Transition* find_transition(ServerState from, Command command) {
  // Looked up for every line a peer sends: an index by (state, command), built once from the table.
  constexpr std::size_t kStates = static_cast<std::size_t>(S::Closed) + 1;
  constexpr std::size_t kCommands = static_cast<std::size_t>(C::TlsFailed) + 1;
  using Index = std::array<std::array<const Transition*, kCommands>, kStates>;
  static const Index index = [] {
    Index ix{};
    for (const Transition& t : server_transitions())
      ix[static_cast<std::size_t>(t.from)][static_cast<std::size_t>(t.command)] = &t;
    return ix;
  }();
  return index[static_cast<std::size_t>(from)][static_cast<std::size_t>(command)];
}

std::string to_string(ServerState state) {
  switch (state) {
    case S::Connected: return "Connected";
    case S::NoService: return "NoService";
    case S::Greeted: return "Greeted";
    case S::Auth: return "Auth";
    case S::Mail: return "Mail";
    case S::Rcpt: return "Rcpt";
    case S::Data: return "Data";
    case S::TlsHandshake: return "TlsHandshake";
    case S::Closed: return "Closed";
  }
  return "?";
}

std::string to_string(Command command) {
  switch (command) {
    case C::Ehlo: return "EHLO";
    case C::Helo: return "HELO";
    case C::Auth: return "AUTH";
    case C::Mail: return "MAIL";
    case C::Rcpt: return "RCPT";
    case C::Data: return "DATA";
    case C::EndOfData: return "<CRLF>.<CRLF>";
    case C::Rset: return "RSET";
    case C::Noop: return "NOOP";
    case C::Vrfy: return "VRFY";
    case C::Expn: return "EXPN";
    case C::Help: return "HELP";
    case C::Quit: return "QUIT";
    case C::Starttls: return "STARTTLS";
    case C::Other: return "other";
    case C::DataLine: return "data line";
    case C::AuthResponse: return "SASL response";
    case C::Greeting: return "greeting";
    case C::Closing: return "421/521";
    case C::TooManyErrors: return "too many errors";
    case C::ImplicitTls: return "implicit TLS";
    case C::TlsEstablished: return "TLS established";
    case C::TlsFailed: return "TLS failed";
  }
  return "?";
}

std::string diagram_input(Command command) {
  return command == C::EndOfData ? std::string("CRLF.CRLF") : to_string(command);
}

proto::Diagram server_diagram(bool with_refusals) {
  std::vector<proto::DiagramRow> rows;
  for (const Transition& t : server_transitions())
    if (!t.on_continue)
      rows.push_back({to_string(t.from), diagram_input(t.command), to_string(t.on_success), to_string(t.on_failure),
                      t.refusal_code ? std::to_string(t.refusal_code) : ""});
  std::vector<std::string> states;
  for (const S s : {S::Connected, S::NoService, S::Greeted, S::Auth, S::Mail, S::Rcpt, S::Data, S::TlsHandshake, S::Closed})
    states.push_back(to_string(s));
  proto::Diagram d = proto::table_diagram("smtp-server", "SMTP server (RFC 5321)", states,
                                          {to_string(S::Closed)}, rows, "2xx/3xx", "4xx/5xx", with_refusals);
  // The SASL exchange's rows have three outcomes, each its own edge.
  for (const Transition& t : server_transitions()) {
    if (!t.on_continue) continue;
    d.add(to_string(t.from), to_string(t.on_success), proto::EdgeKind::Success, diagram_input(t.command), "2xx");
    d.add(to_string(t.from), to_string(*t.on_continue), proto::EdgeKind::Success, diagram_input(t.command), "3xx");
    d.add(to_string(t.from), to_string(t.on_failure), proto::EdgeKind::Failure, diagram_input(t.command), "4xx/5xx");
  }
  return d;
}

}  // namespace mailsim::smtp
