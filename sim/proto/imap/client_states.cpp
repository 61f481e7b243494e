#include "sim/proto/imap/client_states.hpp"

#include <array>

namespace mailsim::imap {

namespace {

using S = ClientState;
using E = ClientEvent;

std::vector<ClientTransition> build_table() {
  std::vector<ClientTransition> t = {
      {S::AwaitGreeting, E::Login, S::AwaitLogin},
      {S::AwaitGreeting, E::Select, S::AwaitSelect},  // PREAUTH (§7.1.4)
      {S::AwaitLogin, E::Select, S::AwaitSelect},
      {S::AwaitSelect, E::Fetch, S::AwaitFetch},
      {S::AwaitFetch, E::Idle, S::AwaitIdleStart},
      {S::AwaitSelect, E::Idle, S::AwaitIdleStart},
      {S::AwaitIdleStart, E::IdleStarted, S::Idling},
      {S::Idling, E::EndIdle, S::AwaitIdleEnd},
      {S::AwaitLogout, E::LogoutAnswered, S::Done},
  };
  // The tagged end of IDLE (ours after DONE, or the server's own before or during it): fetch the
  // news, idle again, or leave.
  for (const S s : {S::AwaitIdleStart, S::Idling, S::AwaitIdleEnd}) {
    t.push_back({s, E::Fetch, S::AwaitFetch});
    t.push_back({s, E::Idle, S::AwaitIdleStart});
  }
  for (const S s : {S::AwaitLogin, S::AwaitSelect, S::AwaitFetch, S::AwaitIdleStart, S::Idling, S::AwaitIdleEnd})
    t.push_back({s, E::Logout, S::AwaitLogout});
  for (const S s : {S::AwaitGreeting, S::AwaitLogin, S::AwaitSelect, S::AwaitFetch, S::AwaitIdleStart, S::Idling,
                    S::AwaitIdleEnd, S::AwaitLogout}) {
    t.push_back({s, E::ProtocolError, S::Done});
    t.push_back({s, E::ConnectionLost, S::Done});
  }
  return t;
}

}  // namespace

const std::vector<ClientTransition>& client_transitions() {
  static const std::vector<ClientTransition> table = build_table();
  return table;
}

const ClientTransition* find_client_transition(ClientState from, ClientEvent event) {
  constexpr std::size_t kStates = static_cast<std::size_t>(S::Done) + 1;
  constexpr std::size_t kEvents = static_cast<std::size_t>(E::ConnectionLost) + 1;
  using Index = std::array<std::array<const ClientTransition*, kEvents>, kStates>;
  static const Index index = [] {
    Index ix{};
    for (const ClientTransition& t : client_transitions())
      ix[static_cast<std::size_t>(t.from)][static_cast<std::size_t>(t.event)] = &t;
    return ix;
  }();
  return index[static_cast<std::size_t>(from)][static_cast<std::size_t>(event)];
}

std::string to_string(ClientState state) {
  switch (state) {
    case S::AwaitGreeting: return "AwaitGreeting";
    case S::AwaitLogin: return "AwaitLogin";
    case S::AwaitSelect: return "AwaitSelect";
    case S::AwaitFetch: return "AwaitFetch";
    case S::AwaitIdleStart: return "AwaitIdleStart";
    case S::Idling: return "Idling";
    case S::AwaitIdleEnd: return "AwaitIdleEnd";
    case S::AwaitLogout: return "AwaitLogout";
    case S::Done: return "Done";
  }
  return "?";
}

std::string to_string(ClientEvent event) {
  switch (event) {
    case E::Login: return "LOGIN";
    case E::Select: return "SELECT";
    case E::Fetch: return "UID FETCH";
    case E::Idle: return "IDLE";
    case E::IdleStarted: return "+ (idling)";
    case E::EndIdle: return "DONE";
    case E::Logout: return "LOGOUT";
    case E::LogoutAnswered: return "reply to LOGOUT";
    case E::ProtocolError: return "protocol error";
    case E::ConnectionLost: return "connection lost";
  }
  return "?";
}

proto::Diagram client_diagram() {
  std::vector<proto::DiagramRow> rows;
  for (const ClientTransition& t : client_transitions())
    rows.push_back({to_string(t.from), to_string(t.event), to_string(t.to), to_string(t.to), ""});
  std::vector<std::string> states;
  for (const S s : {S::AwaitGreeting, S::AwaitLogin, S::AwaitSelect, S::AwaitFetch, S::AwaitIdleStart, S::Idling,
                    S::AwaitIdleEnd, S::AwaitLogout, S::Done})
    states.push_back(to_string(s));
  return proto::table_diagram("imap-client", "IMAP client (RFC 3501)", states, {to_string(S::Done)}, rows, "", "",
                              false);
}

}  // namespace mailsim::imap
