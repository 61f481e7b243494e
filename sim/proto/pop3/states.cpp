#include "sim/proto/pop3/states.hpp"


namespace mailsim::pop3 {

namespace {

using S = State;
using C = Command;

constexpr std::string_view kNotYet = "command not valid in AUTHORIZATION state";
constexpr std::string_view kAlready = "command not valid in TRANSACTION state";

Transition go(S from, C command, S on_success, S on_failure) {
  return Transition{from, command, on_success, on_failure, {}};
}
Transition stay(S from, C command) { return go(from, command, from, from); }
Transition refuse(S from, C command, std::string_view text) { return Transition{from, command, from, from, text}; }
// A step of a SASL exchange: +OK opens the maildrop, "+ " goes on, -ERR goes back.
Transition exchange(S from, C command) {
  Transition t{from, command, S::Transaction, S::Authorization, {}};
  t.on_continue = S::AuthExchange;
  return t;
}

std::vector<Transition> build_table() {
  std::vector<Transition> t = {
    // The greeting opens AUTHORIZATION (§4).
    stay(S::Authorization, C::Greeting),
    // Implicit TLS (RFC 8314, port 995): the handshake comes first; the greeting follows inside it.
    go(S::Authorization, C::ImplicitTls, S::TlsHandshake, S::TlsHandshake),

    // AUTHORIZATION (§4): USER and PASS identify the user; PASS succeeds only when the password
    // matches and the maildrop lock is free (§8), and only then is the maildrop opened. CAPA is valid
    // in every state (RFC 2449 §5). QUIT here closes without UPDATE: nothing was opened.
    stay(S::Authorization, C::User),
    go(S::Authorization, C::Pass, S::Transaction, S::Authorization),
    go(S::Authorization, C::Apop, S::Transaction, S::Authorization),
    exchange(S::Authorization, C::Auth),
    go(S::Authorization, C::Quit, S::Closed, S::Closed),
    refuse(S::Authorization, C::Stat, kNotYet),
    refuse(S::Authorization, C::List, kNotYet),
    refuse(S::Authorization, C::Retr, kNotYet),
    refuse(S::Authorization, C::Dele, kNotYet),
    refuse(S::Authorization, C::Noop, kNotYet),
    refuse(S::Authorization, C::Rset, kNotYet),
    refuse(S::Authorization, C::Top, kNotYet),
    refuse(S::Authorization, C::Uidl, kNotYet),
    stay(S::Authorization, C::Capa),
    stay(S::Authorization, C::Other),
    // STLS (RFC 2595 §4), only before a login: +OK hands the bytes to the TLS layer; a refusal
    // (not enabled, already active, a local problem) changes nothing.
    go(S::Authorization, C::Stls, S::TlsHandshake, S::Authorization),

    // TLS HANDSHAKE: no lines, only its end. Inside TLS the session is in AUTHORIZATION again, with
    // nothing of what the client said before kept (RFC 2595 §4).
    go(S::TlsHandshake, C::TlsEstablished, S::Authorization, S::Authorization),
    go(S::TlsHandshake, C::TlsFailed, S::Closed, S::Closed),
    go(S::TlsHandshake, C::ConnectionLost, S::Closed, S::Closed),

    // AUTH EXCHANGE (RFC 5034 §4): every line is a response ("*" cancels) until +OK or -ERR.
    exchange(S::AuthExchange, C::AuthResponse),

    // TRANSACTION (§5): every command works on the session's snapshot; none leaves the state except
    // QUIT, which enters UPDATE (§6) whatever happens there.
    refuse(S::Transaction, C::User, kAlready),
    refuse(S::Transaction, C::Pass, kAlready),
    refuse(S::Transaction, C::Apop, kAlready),
    refuse(S::Transaction, C::Auth, kAlready),
    refuse(S::Transaction, C::Stls, kAlready),
    go(S::Transaction, C::Quit, S::Update, S::Update),
    stay(S::Transaction, C::Stat),
    stay(S::Transaction, C::List),
    stay(S::Transaction, C::Retr),
    stay(S::Transaction, C::Dele),
    stay(S::Transaction, C::Noop),
    stay(S::Transaction, C::Rset),
    stay(S::Transaction, C::Top),
    stay(S::Transaction, C::Uidl),
    stay(S::Transaction, C::Capa),
    stay(S::Transaction, C::Other),

    // UPDATE (§6): the marked messages are removed and the connection closes, removed or not.
    go(S::Update, C::UpdateDone, S::Closed, S::Closed),
  };
  // In every state where commands are read: too many bad ones end the session, and so does a lost
  // connection, without UPDATE (§6: nothing is deleted). A connection lost during UPDATE is the
  // server's own work finishing: UpdateDone comes first.
  // (In AUTH EXCHANGE a negative reply ends the exchange first, but a client that floods the server
  // while a lookup is pending is cut off there.)
  for (const S s : {S::Authorization, S::AuthExchange, S::Transaction}) {
    t.push_back(go(s, C::TooManyErrors, S::Closed, S::Closed));
    t.push_back(go(s, C::ConnectionLost, S::Closed, S::Closed));
  }
  return t;
}

}  // namespace

const std::vector<Transition>& transitions() {
  static const std::vector<Transition> table = build_table();
  return table;
}

const Transition* find_transition(State from, Command command) {
  for (const Transition& t : transitions()) {
    if (t.from == from && t.command == command) return &t;
  }
  return nullptr;
}

std::string to_string(State state) {
  switch (state) {
    case S::Authorization: return "AUTHORIZATION";
    case S::AuthExchange: return "AUTH EXCHANGE";
    case S::TlsHandshake: return "TLS HANDSHAKE";
    case S::Transaction: return "TRANSACTION";
    case S::Update: return "UPDATE";
    case S::Closed: return "CLOSED";
  }
  return "?";
}

std::string to_string(Command command) {
  switch (command) {
    case C::User: return "USER";
    case C::Pass: return "PASS";
    case C::Quit: return "QUIT";
    case C::Stat: return "STAT";
    case C::List: return "LIST";
    case C::Retr: return "RETR";
    case C::Dele: return "DELE";
    case C::Noop: return "NOOP";
    case C::Rset: return "RSET";
    case C::Top: return "TOP";
    case C::Uidl: return "UIDL";
    case C::Apop: return "APOP";
    case C::Auth: return "AUTH";
    case C::AuthResponse: return "SASL response";
    case C::Capa: return "CAPA";
    case C::Stls: return "STLS";
    case C::TlsEstablished: return "TLS established";
    case C::TlsFailed: return "TLS failed";
    case C::ImplicitTls: return "implicit TLS";
    case C::Other: return "other";
    case C::UpdateDone: return "(update done)";
    case C::Greeting: return "greeting";
    case C::TooManyErrors: return "too many errors";
    case C::ConnectionLost: return "connection lost";
  }
  return "?";
}

}  // namespace mailsim::pop3
