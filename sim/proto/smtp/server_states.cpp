#include "sim/proto/smtp/server_states.hpp"

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

// Two kinds of row: `go` (the command is looked at; its reply decides between the two next states)
// and `refuse` (out of sequence: answered at once, the state does not change).
Transition go(S from, C command, S on_success, S on_failure) {
  return Transition{from, command, on_success, on_failure, 0, {}};
}
Transition refuse(S from, C command, int code, std::string_view text) {
  return Transition{from, command, from, from, code, text};
}

// In every state where a session is open, NOOP, VRFY, HELP and unknown verbs never move the machine,
// and QUIT closes even when a forced reply makes it negative: the client is leaving either way.
// RSET ends a transaction; before EHLO/HELO it stays in Connected, since RSET does not replace the
// EHLO/HELO handshake (Postfix still answers "send HELO/EHLO first" to a MAIL after it).
const std::vector<Transition> kTable = {
    // Before EHLO/HELO (§4.1.4: a session starts with EHLO; like Postfix, NOOP, RSET, VRFY and HELP
    // are answered already).
    go(S::Connected, C::Ehlo, S::Greeted, S::Connected),
    go(S::Connected, C::Helo, S::Greeted, S::Connected),
    refuse(S::Connected, C::Mail, 503, kNeedHelo),
    refuse(S::Connected, C::Rcpt, 503, kNeedMail),
    refuse(S::Connected, C::Data, 503, kNeedRcpt),
    go(S::Connected, C::Rset, S::Connected, S::Connected),
    go(S::Connected, C::Noop, S::Connected, S::Connected),
    go(S::Connected, C::Vrfy, S::Connected, S::Connected),
    go(S::Connected, C::Help, S::Connected, S::Connected),
    go(S::Connected, C::Other, S::Connected, S::Connected),
    go(S::Connected, C::Quit, S::Closed, S::Closed),

    // After a 554 greeting: QUIT or nothing (§3.1).
    refuse(S::NoService, C::Ehlo, 503, kNoService),
    refuse(S::NoService, C::Helo, 503, kNoService),
    refuse(S::NoService, C::Mail, 503, kNoService),
    refuse(S::NoService, C::Rcpt, 503, kNoService),
    refuse(S::NoService, C::Data, 503, kNoService),
    refuse(S::NoService, C::Rset, 503, kNoService),
    refuse(S::NoService, C::Noop, 503, kNoService),
    refuse(S::NoService, C::Vrfy, 503, kNoService),
    refuse(S::NoService, C::Help, 503, kNoService),
    refuse(S::NoService, C::Other, 503, kNoService),
    go(S::NoService, C::Quit, S::Closed, S::Closed),

    // Session open, no transaction.
    go(S::Greeted, C::Ehlo, S::Greeted, S::Greeted),
    go(S::Greeted, C::Helo, S::Greeted, S::Greeted),
    go(S::Greeted, C::Mail, S::Mail, S::Greeted),
    refuse(S::Greeted, C::Rcpt, 503, kNeedMail),
    refuse(S::Greeted, C::Data, 503, kNeedRcpt),
    go(S::Greeted, C::Rset, S::Greeted, S::Greeted),
    go(S::Greeted, C::Noop, S::Greeted, S::Greeted),
    go(S::Greeted, C::Vrfy, S::Greeted, S::Greeted),
    go(S::Greeted, C::Help, S::Greeted, S::Greeted),
    go(S::Greeted, C::Other, S::Greeted, S::Greeted),
    go(S::Greeted, C::Quit, S::Closed, S::Closed),

    // MAIL accepted. EHLO/HELO in a transaction abandon it (§4.1.4), as RSET does.
    go(S::Mail, C::Ehlo, S::Greeted, S::Mail),
    go(S::Mail, C::Helo, S::Greeted, S::Mail),
    refuse(S::Mail, C::Mail, 503, kNested),
    go(S::Mail, C::Rcpt, S::Rcpt, S::Mail),
    refuse(S::Mail, C::Data, 554, kNoValidRcpt),
    go(S::Mail, C::Rset, S::Greeted, S::Mail),
    go(S::Mail, C::Noop, S::Mail, S::Mail),
    go(S::Mail, C::Vrfy, S::Mail, S::Mail),
    go(S::Mail, C::Help, S::Mail, S::Mail),
    go(S::Mail, C::Other, S::Mail, S::Mail),
    go(S::Mail, C::Quit, S::Closed, S::Closed),

    // At least one recipient accepted; a rejected further RCPT keeps those already accepted.
    go(S::Rcpt, C::Ehlo, S::Greeted, S::Rcpt),
    go(S::Rcpt, C::Helo, S::Greeted, S::Rcpt),
    refuse(S::Rcpt, C::Mail, 503, kNested),
    go(S::Rcpt, C::Rcpt, S::Rcpt, S::Rcpt),
    go(S::Rcpt, C::Data, S::Data, S::Rcpt),
    go(S::Rcpt, C::Rset, S::Greeted, S::Rcpt),
    go(S::Rcpt, C::Noop, S::Rcpt, S::Rcpt),
    go(S::Rcpt, C::Vrfy, S::Rcpt, S::Rcpt),
    go(S::Rcpt, C::Help, S::Rcpt, S::Rcpt),
    go(S::Rcpt, C::Other, S::Rcpt, S::Rcpt),
    go(S::Rcpt, C::Quit, S::Closed, S::Closed),

    // Mail data: the only "command" is its end. Accepted or not, the transaction is over (§4.1.1.4).
    go(S::Data, C::EndOfData, S::Greeted, S::Greeted),
};

}  // namespace

const std::vector<Transition>& server_transitions() { return kTable; }

const Transition* find_transition(ServerState from, Command command) {
  for (const Transition& t : kTable) {
    if (t.from == from && t.command == command) return &t;
  }
  return nullptr;
}

std::string to_string(ServerState state) {
  switch (state) {
    case S::Connected: return "Connected";
    case S::NoService: return "NoService";
    case S::Greeted: return "Greeted";
    case S::Mail: return "Mail";
    case S::Rcpt: return "Rcpt";
    case S::Data: return "Data";
    case S::Closed: return "Closed";
  }
  return "?";
}

std::string to_string(Command command) {
  switch (command) {
    case C::Ehlo: return "EHLO";
    case C::Helo: return "HELO";
    case C::Mail: return "MAIL";
    case C::Rcpt: return "RCPT";
    case C::Data: return "DATA";
    case C::EndOfData: return "<CRLF>.<CRLF>";
    case C::Rset: return "RSET";
    case C::Noop: return "NOOP";
    case C::Vrfy: return "VRFY";
    case C::Help: return "HELP";
    case C::Quit: return "QUIT";
    case C::Other: return "other";
  }
  return "?";
}

}  // namespace mailsim::smtp
