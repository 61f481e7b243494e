#include "sim/proto/imap/client_states.hpp"

#include "sim/proto/common/client_table.hpp"

namespace mailsim::imap {

namespace {

using S = ClientState;
using E = ClientEvent;

std::vector<ClientTransition> build_table() {
  std::vector<ClientTransition> t = {
      {S::AwaitGreeting, E::Login, S::AwaitLogin},
      {S::AwaitGreeting, E::Select, S::AwaitSelect},  // PREAUTH (§7.1.4)
      {S::AwaitGreeting, E::Capability, S::AwaitCapability},
      {S::AwaitGreeting, E::StartTls, S::AwaitStarttls},
      {S::AwaitCapability, E::StartTls, S::AwaitStarttls},
      {S::AwaitCapability, E::Login, S::AwaitLogin},
      {S::AwaitStarttls, E::TlsGoAhead, S::AwaitTls},
      {S::AwaitStarttls, E::Login, S::AwaitLogin},  // refused at level may: on in plain text
      {S::AwaitTls, E::TlsEstablished, S::AwaitCapability},
      {S::AwaitTls, E::TlsFailed, S::Done},
      {S::AwaitGreeting, E::ImplicitTls, S::AwaitTls},
      {S::AwaitTls, E::ImplicitTlsEstablished, S::AwaitGreeting},
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
  // TLS required but not offered or refused: LOGOUT, with no password sent.
  for (const S s : {S::AwaitGreeting, S::AwaitCapability, S::AwaitStarttls, S::AwaitLogin, S::AwaitSelect,
                    S::AwaitFetch, S::AwaitIdleStart, S::Idling, S::AwaitIdleEnd})
    t.push_back({s, E::Logout, S::AwaitLogout});
  for (const S s : {S::AwaitGreeting, S::AwaitCapability, S::AwaitStarttls, S::AwaitTls, S::AwaitLogin, S::AwaitSelect, S::AwaitFetch, S::AwaitIdleStart, S::Idling,
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
  return proto::find_client_row<S::Done, E::ConnectionLost>(client_transitions(), from, event);
}

std::string to_string(ClientState state) {
  switch (state) {
    case S::AwaitGreeting: return "AwaitGreeting";
    case S::AwaitCapability: return "AwaitCapability";
    case S::AwaitStarttls: return "AwaitStarttls";
    case S::AwaitTls: return "AwaitTls";
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
    case E::Capability: return "CAPABILITY";
    case E::StartTls: return "STARTTLS";
    case E::TlsGoAhead: return "OK to STARTTLS";
    case E::TlsEstablished: return "TLS established (CAPABILITY)";
    case E::TlsFailed: return "TLS failed or not verified";
    case E::ImplicitTls: return "implicit TLS";
    case E::ImplicitTlsEstablished: return "TLS established, implicit";
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
  return proto::client_table_diagram("imap-client", "IMAP client (RFC 3501)", client_transitions(),
      {S::AwaitGreeting, S::AwaitCapability, S::AwaitStarttls, S::AwaitTls, S::AwaitLogin, S::AwaitSelect, S::AwaitFetch, S::AwaitIdleStart, S::Idling,
       S::AwaitIdleEnd, S::AwaitLogout, S::Done},
      S::Done);
}

}  // namespace mailsim::imap
