#pragma once
// The POP3 server's states and its transition table (RFC 1939 §3), as data.
//
// Theory of operation (after h11's _state.py): every state transition of the server lives in the
// table in states.cpp; server.cpp looks a command up there and never moves between states on its
// own. The table does not word replies or parse arguments: it says in which states a command may be
// given, where a positive reply (+OK) leads and where a negative one (-ERR) leads. A command given
// in the wrong state is refused by the table itself, before its arguments are looked at.
//
// RFC 1939 names three states: AUTHORIZATION (after the greeting, until USER/PASS succeed and the
// maildrop is locked), TRANSACTION (the session works on its numbered snapshot of the maildrop) and
// UPDATE (entered by QUIT from TRANSACTION: the marked messages are removed, the lock released, the
// connection closed). Closed is ours: nothing more is read. UPDATE lasts no longer than the reply to
// QUIT, so its only row is the pseudo-command UpdateDone, taken as soon as the removal is done.
//
// APOP (§7) logs in in one command; AUTH (RFC 5034) runs a SASL exchange, a line mode of its own:
// after a "+ " continuation the server reads the client's responses in AUTH EXCHANGE until +OK (the
// maildrop is open: TRANSACTION) or -ERR (back to AUTHORIZATION). Those rows are the only ones with
// three outcomes: +OK, "+ " (on_continue) and -ERR. A credential lookup that answers later holds the
// row taken until its answer (Server::resume).
//
// The session's own events are rows too: the greeting; too many bad commands close the connection
// ("-ERR too many errors"); a lost connection closes and never enters UPDATE: nothing is deleted
// (§6). Something happening where the table has no row is a defect of the table: the server closes
// and says so (Server::table_miss()).
//
// Which keyword names a command, its handler and its CAPA tag live in commands.hpp.
// `mailsim diagram pop3-server` draws the table (diagram.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::pop3 {

// TlsHandshake (RFC 2595 §4): after "+OK Begin TLS negotiation now." to STLS the byte stream belongs
// to the TLS layer (sim/proto/tls/starttls.hpp) and the server reads nothing; whatever plaintext
// followed the STLS line is dropped (the CVE-2011-0411 class). The handshake's end is an event:
// TlsEstablished goes back to AUTHORIZATION with everything learnt before forgotten (no new greeting,
// §4: the client sends CAPA again), TlsFailed closes.
enum class State { Authorization, AuthExchange, TlsHandshake, Transaction, Update, Closed };

// What the client can say, as the server classifies it (RFC 1939 §§4-7, CAPA from RFC 2449 §5, AUTH
// from RFC 5034). Other is any verb the server does not know. AuthResponse is a line read in AUTH
// EXCHANGE. STLS is RFC 2595's. The rest are not sent by anyone: UpdateDone is the server finishing its work in UPDATE;
// Greeting, TooManyErrors and ConnectionLost are the session's own events.
enum class Command {
  User, Pass, Quit, Stat, List, Retr, Dele, Noop, Rset, Top, Uidl, Apop, Auth, Capa, Stls, Other,
  AuthResponse, UpdateDone, Greeting, TooManyErrors, ConnectionLost,
  // The TLS layer's events after STLS (RFC 2595 §4): the handshake completed, or it failed.
  // ImplicitTls: the session starts inside TLS (port 995, RFC 8314), the handshake before the greeting.
  TlsEstablished, TlsFailed, ImplicitTls,
};

struct Transition {
  State from;
  Command command;
  State on_success;               // after a +OK reply
  State on_failure;               // after a -ERR reply
  std::string_view refusal;       // non-empty: the command is not valid in `from`; it is answered
                                  // "-ERR <refusal>" without being looked at, the state unchanged
  std::optional<State> on_continue = std::nullopt;  // after a "+ " continuation (AUTH), when set
};

// The whole table, in a fixed order (by state, then by command).
const std::vector<Transition>& transitions();
// The row for (state, command), or nullptr when the command cannot occur there (nothing is read in
// UPDATE or Closed).
const Transition* find_transition(State from, Command command);

// "AUTHORIZATION", "TRANSACTION", "UPDATE" as RFC 1939 writes them; "AUTH EXCHANGE", "TLS HANDSHAKE",
// "CLOSED".
std::string to_string(State state);
// "USER", "PASS", ...; "other" for Other, "SASL response", "(update done)" for UpdateDone,
// "greeting", "too many errors", "connection lost", "TLS established", "TLS failed".
std::string to_string(Command command);

}  // namespace mailsim::pop3
