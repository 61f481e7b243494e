#pragma once
// The SMTP server's states and its transition table (RFC 5321 §3 and §4.1.4), as data.
//
// Theory of operation (after h11's _state.py): every state change of the server goes through the
// table in server_states.cpp, and server.cpp never moves between states on its own. The table holds
// a row for each thing that can happen in each state: a command from the client, a line read in a
// line mode (mail data), and the session's own events (the greeting, a 421 or 521 that closes, the
// error limit). A row says where a positive reply (2xx/3xx) leads and where a negative one (4xx/5xx,
// from syntax checks, limits, hooks or forced replies) leads. A command out of sequence is refused by
// the table itself (503 "bad sequence of commands", RFC 5321 §4.2.4), before its arguments are
// looked at, as Postfix does. Something happening where the table has no row is a defect of the
// table: the machine closes with a 421 and says so (Server::table_miss()), and the tests look.
//
// One rule holds beside the table: a mail transaction (reverse-path, forward-paths, data) exists only
// in Mail, Rcpt and Data; entering any other state clears it (this is how RSET, EHLO and end of data
// reset, §4.1.4). What a command does besides moving the state (EHLO opens an ESMTP session, HELO a
// plain one) is part of its row.
//
// SMTP AUTH (RFC 4954) is a second line mode: after a 334 challenge the server reads the client's
// SASL responses in Auth, one per line, until 235 (authenticated), 5xx or 454 end the exchange back in
// Greeted. Its rows are the only ones with three outcomes: a 2xx, a 3xx (on_continue) and a failure.
// AUTH during a transaction is refused by the table (503, §4); AUTH after a successful AUTH by its
// handler (503 too), since being authenticated is the session's, not a state of its own.
//
// STARTTLS (RFC 3207) is a line mode of its own: after "220 2.0.0 Ready to start TLS" the machine is in
// TlsHandshake and reads nothing: the byte stream belongs to the TLS layer (sim/proto/tls), which the
// session glue runs, and whatever plaintext came after the STARTTLS line is discarded, never read as
// a command (the CVE-2011-0411 class of injection). The glue reports the handshake's end as an
// event: TlsEstablished restarts the session in Connected with everything learnt before forgotten
// (RFC 3207 §4.2: EHLO name, ESMTP, the transaction), TlsFailed closes it. With implicit TLS
// (RFC 8314, port 465) the session starts in TlsHandshake (ImplicitTls, in place of the greeting),
// and the greeting follows TlsEstablished, inside TLS.
//
// The table does not know how replies are worded or how arguments are parsed; which verb names a
// command, its handler, HELP and its failure-injection point live in server_commands.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::smtp {

enum class ServerState {
  Connected,  // TCP connection open, 220 greeting sent (or about to be); no EHLO/HELO yet (§3.1)
  NoService,  // greeted with 554 instead of 220: only QUIT is accepted, the rest gets 503 (§3.1)
  Greeted,    // after EHLO/HELO (§4.1.1.1): no mail transaction in progress
  Auth,       // after a 334: reading the client's SASL responses, one per line (RFC 4954 §4)
  Mail,       // MAIL accepted (§4.1.1.2): reverse-path known, no recipient accepted yet
  Rcpt,       // at least one RCPT accepted (§4.1.1.3): DATA may follow
  Data,       // after 354: reading mail data up to <CRLF>.<CRLF> (§4.1.1.4)
  TlsHandshake,  // after 220 to STARTTLS: the TLS layer has the bytes until its handshake ends
  Closed,     // after 221, 421 or 521: nothing more is read (§4.1.1.10, §3.8)
};

// What moves the machine: a command as the server classifies it, a line of a line mode, or an event
// of the session itself.
enum class Command {
  // Commands (RFC 5321 §4.1.1, AUTH from RFC 4954, STARTTLS from RFC 3207). Other is any verb the
  // server does not know (502).
  Ehlo, Helo, Auth, Mail, Rcpt, Data, Rset, Noop, Vrfy, Expn, Help, Quit, Starttls, Other,
  // Mail data, read after the 354: a line of it, and the end-of-data indicator <CRLF>.<CRLF>.
  DataLine, EndOfData,
  // A line read after AUTH's 334: the client's base64 response, or "*" to cancel (RFC 4954 §4).
  AuthResponse,
  // The session's own events. Greeting: start() sends 220 (positive) or refuses service (554).
  // Closing: the server sent 421 (§3.8) or 521 (RFC 7504), whoever decided it, and closes.
  // TooManyErrors: the reply just sent reached the error limit; "421 4.7.0 ... too many errors".
  Greeting, Closing, TooManyErrors,
  // The TLS layer's events: ImplicitTls, the session starts inside TLS (smtpd_tls_wrappermode,
  // RFC 8314): the handshake comes before the greeting; after STARTTLS (RFC 3207) or ImplicitTls,
  // the handshake completed, or it failed.
  ImplicitTls, TlsEstablished, TlsFailed,
};

// What a row does to the session besides its state, on success.
// EHLO: extensions may be used; HELO: they may not; TlsRestart: a new session inside TLS.
enum class SessionEffect { None, Esmtp, Smtp, TlsRestart };

struct Transition {
  ServerState from;
  Command command;
  ServerState on_success;         // after a 2xx or 3xx reply
  ServerState on_failure;         // after a 4xx or 5xx reply
  int refusal_code = 0;           // non-zero: the command is out of sequence in `from` and is
  std::string_view refusal_text;  // answered "<code> 5.5.1 <text>" without being looked at
  SessionEffect effect = SessionEffect::None;
  // Where a 3xx leads when it is not where a 2xx does: AUTH's 334 continues the exchange, its 235
  // ends it. Unset: a 3xx is a success like a 2xx (DATA's 354).
  std::optional<ServerState> on_continue = std::nullopt;
  // The state after `reply_code`.
  ServerState next(int reply_code) const;
};

// The whole table, in a fixed order (by state, then by command).
const std::vector<Transition>& server_transitions();
// The row for (state, command), or nullptr when it cannot occur there (nothing is read in Closed; in
// Data there are only data lines and their end).
const Transition* find_transition(ServerState from, Command command);

// "Connected", "Greeted", ... as in the enum.
std::string to_string(ServerState state);
// "EHLO", "MAIL", ...; "<CRLF>.<CRLF>" for EndOfData, "data line", "SASL response", "greeting",
// "421/521", "too many errors", "TLS established", "TLS failed", "other" for Other.
std::string to_string(Command command);

// An input as the diagram names it (the end of data without angle brackets, which Mermaid reads as
// markup): to_string(), but "CRLF.CRLF" for EndOfData.
std::string diagram_input(Command command);

// The state diagram drawn from the table (for `mailsim diagram smtp-server` and the app's panel).
// Refusals (503/554 self-loops) are left out unless asked for: they would hide the path of a
// transaction behind a dozen loops.
proto::Diagram server_diagram(bool with_refusals = false);

}  // namespace mailsim::smtp
