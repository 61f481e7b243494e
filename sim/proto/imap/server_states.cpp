#include "sim/proto/imap/server_states.hpp"

#include <utility>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap {

namespace {

using S = State;
using C = Command;

constexpr std::string_view kNeedLogin = "not valid in the NOT AUTHENTICATED state: log in first";
constexpr std::string_view kLoggedIn = "not valid in the AUTHENTICATED state: already logged in";
constexpr std::string_view kNoMailbox = "not valid in the AUTHENTICATED state: select a mailbox first";
constexpr std::string_view kSelected = "not valid in the SELECTED state: already logged in";

Transition go(S from, C c, S on_ok, S on_no) { return Transition{from, c, on_ok, on_no, {}}; }
Transition stay(S from, C c) { return go(from, c, from, from); }
Transition refuse(S from, C c, std::string_view text) { return Transition{from, c, from, from, text}; }

std::vector<Transition> build() {
  std::vector<Transition> t;
  // Every state: CAPABILITY, NOOP and LOGOUT (§6.1). LOGOUT always ends the session.
  // Unknown commands stay put; their BAD is worded by the server.
  for (S s : {S::NotAuthenticated, S::Authenticated, S::Selected}) {
    t.push_back(stay(s, C::Capability));
    t.push_back(stay(s, C::Noop));
    t.push_back(go(s, C::Logout, S::Logout, S::Logout));
    t.push_back(stay(s, C::Other));
  }
  // Not Authenticated (§6.2): only a successful LOGIN or AUTHENTICATE moves on.
  t.push_back(go(S::NotAuthenticated, C::Authenticate, S::Authenticated, S::NotAuthenticated));
  t.push_back(go(S::NotAuthenticated, C::Login, S::Authenticated, S::NotAuthenticated));
  for (C c : {C::Select, C::Examine, C::Create, C::List, C::Lsub, C::Status, C::Append, C::Idle, C::Check,
              C::Close, C::Unselect, C::Expunge, C::Search, C::Fetch, C::Store, C::Uid})
    t.push_back(refuse(S::NotAuthenticated, c, kNeedLogin));

  // Authenticated (§6.3) and Selected (§6.4) share the mailbox commands. SELECT/EXAMINE: OK selects;
  // NO leaves nothing selected, even when a mailbox was selected before (§6.3.1).
  for (S s : {S::Authenticated, S::Selected}) {
    t.push_back(refuse(s, C::Authenticate, s == S::Selected ? kSelected : kLoggedIn));
    t.push_back(refuse(s, C::Login, s == S::Selected ? kSelected : kLoggedIn));
    t.push_back(go(s, C::Select, S::Selected, S::Authenticated));
    t.push_back(go(s, C::Examine, S::Selected, S::Authenticated));
    for (C c : {C::Create, C::List, C::Lsub, C::Status, C::Append, C::Idle}) t.push_back(stay(s, c));
  }
  for (C c : {C::Check, C::Close, C::Unselect, C::Expunge, C::Search, C::Fetch, C::Store, C::Uid})
    t.push_back(refuse(S::Authenticated, c, kNoMailbox));

  // Selected (§6.4): CLOSE and UNSELECT end the selection; everything else works on it.
  t.push_back(stay(S::Selected, C::Check));
  t.push_back(go(S::Selected, C::Close, S::Authenticated, S::Selected));
  t.push_back(go(S::Selected, C::Unselect, S::Authenticated, S::Selected));
  for (C c : {C::Expunge, C::Search, C::Fetch, C::Store, C::Uid}) t.push_back(stay(S::Selected, c));
  return t;
}

}  // namespace

const std::vector<Transition>& server_transitions() {
  static const std::vector<Transition> table = build();
  return table;
}

const Transition* find_transition(State from, Command command) {
  for (const Transition& t : server_transitions())
    if (t.from == from && t.command == command) return &t;
  return nullptr;
}

namespace {
constexpr std::pair<std::string_view, Command> kNames[] = {
    {"CAPABILITY", C::Capability}, {"NOOP", C::Noop},       {"LOGOUT", C::Logout},   {"AUTHENTICATE", C::Authenticate},
    {"LOGIN", C::Login},           {"SELECT", C::Select},   {"EXAMINE", C::Examine}, {"CREATE", C::Create},
    {"LIST", C::List},             {"LSUB", C::Lsub},       {"STATUS", C::Status},   {"APPEND", C::Append},
    {"IDLE", C::Idle},             {"CHECK", C::Check},     {"CLOSE", C::Close},     {"UNSELECT", C::Unselect},
    {"EXPUNGE", C::Expunge},       {"SEARCH", C::Search},   {"FETCH", C::Fetch},     {"STORE", C::Store},
    {"UID", C::Uid},
};
}  // namespace

Command parse_command(std::string_view name) {
  for (const auto& [n, c] : kNames)
    if (proto::iequals(name, n)) return c;
  return C::Other;
}

std::string to_string(State s) {
  switch (s) {
    case S::NotAuthenticated: return "NOT AUTHENTICATED";
    case S::Authenticated: return "AUTHENTICATED";
    case S::Selected: return "SELECTED";
    case S::Logout: return "LOGOUT";
  }
  return "?";
}

std::string to_string(Command c) {
  for (const auto& [n, cmd] : kNames)
    if (cmd == c) return std::string(n);
  return "other";
}

}  // namespace mailsim::imap
