#pragma once
// The SMTP server's states and its transition table (RFC 5321 §3 and §4.1.4), as data.
//
// Theory of operation (after h11's _state.py): every state transition of the server lives in the
// table in server_states.cpp; server.cpp looks a command up there and never moves between states on
// its own. The table does not know how replies are worded or how arguments are parsed: it says in
// which states a command may be given, where a positive reply (2xx/3xx) leads and where a negative one
// (4xx/5xx, from syntax checks, limits, hooks or forced replies) leads. A command out of sequence is
// refused by the table itself (503 "bad sequence of commands", RFC 5321 §4.2.4), before its
// arguments are looked at, as Postfix does.
//
// Two rules hold in every state and are not rows of the table:
//   - any 421 reply closes the connection (RFC 5321 §3.8), whatever the state, and so does a 521
//     (RFC 7504; sent for a bare LF under smtpd_forbid_bare_newline = strict);
//   - a mail transaction (reverse-path, forward-paths, data) exists only in Mail, Rcpt and Data;
//     entering any other state clears it (this is how RSET, EHLO and end of data reset, §4.1.4).
//
// A GUI draws the state diagram from server_transitions(): one node per ServerState, one edge per
// row (on_success solid, on_failure dashed, refusals as self-loops labelled with their code).
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::smtp {

enum class ServerState {
  Connected,  // TCP connection open, 220 greeting sent (or about to be); no EHLO/HELO yet (§3.1)
  NoService,  // greeted with 554 instead of 220: only QUIT is accepted, the rest gets 503 (§3.1)
  Greeted,    // after EHLO/HELO (§4.1.1.1): no mail transaction in progress
  Mail,       // MAIL accepted (§4.1.1.2): reverse-path known, no recipient accepted yet
  Rcpt,       // at least one RCPT accepted (§4.1.1.3): DATA may follow
  Data,       // after 354: reading mail data up to <CRLF>.<CRLF> (§4.1.1.4)
  Closed,     // after 221 or 421: nothing more is read (§4.1.1.10, §3.8)
};

// What the client can say, as the server classifies it. EndOfData is the end of mail data indicator
// <CRLF>.<CRLF>; Other is any verb the server does not know (answered 500), or EXPN (answered 502).
enum class Command { Ehlo, Helo, Mail, Rcpt, Data, EndOfData, Rset, Noop, Vrfy, Help, Quit, Other };

struct Transition {
  ServerState from;
  Command command;
  ServerState on_success;         // after a 2xx or 3xx reply
  ServerState on_failure;         // after a 4xx or 5xx reply
  int refusal_code = 0;           // non-zero: the command is out of sequence in `from` and is
  std::string_view refusal_text;  // answered "<code> 5.5.1 <text>" without being looked at
};

// The whole table, in a fixed order (by state, then by command).
const std::vector<Transition>& server_transitions();
// The row for (state, command), or nullptr when the command cannot occur there (nothing is read in
// Closed; in Data every line is mail data until EndOfData).
const Transition* find_transition(ServerState from, Command command);

// "Connected", "Greeted", ... as in the enum.
std::string to_string(ServerState state);
// "EHLO", "MAIL", ..., "<CRLF>.<CRLF>" for EndOfData, "other" for Other.
std::string to_string(Command command);

}  // namespace mailsim::smtp
