#include "sim/proto/pop3/states.hpp"

#include "sim/proto/common/line_reader.hpp"

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

const std::vector<Transition> kTable = {
    // AUTHORIZATION (§4): USER and PASS identify the user; PASS succeeds only when the password
    // matches and the maildrop lock is free (§8), and only then is the maildrop opened. CAPA is valid
    // in every state (RFC 2449 §5). QUIT here closes without UPDATE: nothing was opened.
    stay(S::Authorization, C::User),
    go(S::Authorization, C::Pass, S::Transaction, S::Authorization),
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

    // TRANSACTION (§5): every command works on the session's snapshot; none leaves the state except
    // QUIT, which enters UPDATE (§6) whatever happens there.
    refuse(S::Transaction, C::User, kAlready),
    refuse(S::Transaction, C::Pass, kAlready),
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

}  // namespace

const std::vector<Transition>& transitions() { return kTable; }

const Transition* find_transition(State from, Command command) {
  for (const Transition& t : kTable) {
    if (t.from == from && t.command == command) return &t;
  }
  return nullptr;
}

Command parse_command(std::string_view keyword) {
  static constexpr std::pair<std::string_view, Command> kKeywords[] = {
      {"USER", C::User}, {"PASS", C::Pass}, {"QUIT", C::Quit}, {"STAT", C::Stat},
      {"LIST", C::List}, {"RETR", C::Retr}, {"DELE", C::Dele}, {"NOOP", C::Noop},
      {"RSET", C::Rset}, {"TOP", C::Top},   {"UIDL", C::Uidl}, {"CAPA", C::Capa},
  };
  for (const auto& [name, command] : kKeywords) {
    if (proto::iequals(keyword, name)) return command;
  }
  return C::Other;
}

std::string to_string(State state) {
  switch (state) {
    case S::Authorization: return "AUTHORIZATION";
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
    case C::Capa: return "CAPA";
    case C::Other: return "other";
    case C::UpdateDone: return "(update done)";
  }
  return "?";
}

}  // namespace mailsim::pop3
