#include "sim/proto/pop3/client_states.hpp"

#include "sim/proto/common/client_table.hpp"

namespace mailsim::pop3 {

namespace {

using S = ClientState;
using E = ClientEvent;

std::vector<ClientTransition> build_table() {
  std::vector<ClientTransition> t = {
      {S::AwaitGreeting, E::SendUser, S::AwaitUser},
      {S::AwaitGreeting, E::SendApop, S::AwaitApop},
      {S::AwaitGreeting, E::SendAuth, S::AwaitAuth},
      {S::AwaitGreeting, E::SendCapa, S::AwaitCapa},
      {S::AwaitCapa, E::StartTls, S::AwaitStls},
      {S::AwaitStls, E::TlsGoAhead, S::AwaitTls},
      {S::AwaitTls, E::TlsEstablished, S::AwaitCapa},
      {S::AwaitTls, E::TlsFailed, S::Done},
      {S::AwaitGreeting, E::ImplicitTls, S::AwaitTls},
      {S::AwaitTls, E::ImplicitTlsEstablished, S::AwaitGreeting},
      {S::AwaitUser, E::UserAccepted, S::AwaitPass},
      {S::AwaitPass, E::LoggedIn, S::AwaitUidl},
      {S::AwaitApop, E::LoggedIn, S::AwaitUidl},
      // RFC 5034 §4: challenges until +OK; "*" cancels, and the server's -ERR ends it.
      {S::AwaitAuth, E::AuthChallenge, S::AwaitAuth},
      {S::AwaitAuth, E::LoggedIn, S::AwaitUidl},
      // The listing, then one RETR per message not yet known (RFC 1939 §7 UIDL), DELE after each
      // when the job leaves nothing on the server.
      {S::AwaitUidl, E::Retrieve, S::AwaitRetr},
      {S::AwaitUidl, E::AllDone, S::AwaitQuit},
      {S::AwaitRetr, E::Delete, S::AwaitDele},
      {S::AwaitRetr, E::Retrieve, S::AwaitRetr},
      {S::AwaitRetr, E::AllDone, S::AwaitQuit},
      {S::AwaitDele, E::Retrieve, S::AwaitRetr},
      {S::AwaitDele, E::AllDone, S::AwaitQuit},
      {S::AwaitQuit, E::QuitAnswered, S::Done},
  };
  // The login, after the capabilities (no STLS, or inside TLS) or a refused STLS at level may.
  for (const S s : {S::AwaitCapa, S::AwaitStls}) {
    t.push_back({s, E::SendUser, S::AwaitUser});
    t.push_back({s, E::SendApop, S::AwaitApop});
    t.push_back({s, E::SendAuth, S::AwaitAuth});
  }
  for (const S s : {S::AwaitGreeting, S::AwaitCapa, S::AwaitStls, S::AwaitUser, S::AwaitPass, S::AwaitApop,
                    S::AwaitAuth, S::AwaitUidl, S::AwaitRetr, S::AwaitDele})
    t.push_back({s, E::Refused, S::AwaitQuit});
  for (const S s : {S::AwaitGreeting, S::AwaitCapa, S::AwaitStls, S::AwaitTls, S::AwaitUser, S::AwaitPass,
                    S::AwaitApop, S::AwaitAuth, S::AwaitUidl, S::AwaitRetr, S::AwaitDele, S::AwaitQuit}) {
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
    case S::AwaitCapa: return "AwaitCapa";
    case S::AwaitStls: return "AwaitStls";
    case S::AwaitTls: return "AwaitTls";
    case S::AwaitUser: return "AwaitUser";
    case S::AwaitPass: return "AwaitPass";
    case S::AwaitApop: return "AwaitApop";
    case S::AwaitAuth: return "AwaitAuth";
    case S::AwaitUidl: return "AwaitUidl";
    case S::AwaitRetr: return "AwaitRetr";
    case S::AwaitDele: return "AwaitDele";
    case S::AwaitQuit: return "AwaitQuit";
    case S::Done: return "Done";
  }
  return "?";
}

std::string to_string(ClientEvent event) {
  switch (event) {
    case E::SendCapa: return "CAPA";
    case E::StartTls: return "STLS";
    case E::TlsGoAhead: return "+OK to STLS";
    case E::TlsEstablished: return "TLS established (CAPA)";
    case E::TlsFailed: return "TLS failed or not verified";
    case E::ImplicitTls: return "implicit TLS";
    case E::ImplicitTlsEstablished: return "TLS established, implicit";
    case E::SendUser: return "USER";
    case E::SendApop: return "APOP";
    case E::SendAuth: return "AUTH";
    case E::UserAccepted: return "PASS";
    case E::AuthChallenge: return "SASL response";
    case E::LoggedIn: return "UIDL";
    case E::Retrieve: return "RETR";
    case E::Delete: return "DELE";
    case E::AllDone: return "QUIT";
    case E::Refused: return "-ERR or a limit (QUIT)";
    case E::QuitAnswered: return "reply to QUIT";
    case E::ProtocolError: return "protocol error";
    case E::ConnectionLost: return "connection lost";
  }
  return "?";
}

proto::Diagram client_diagram() {
  return proto::client_table_diagram("pop3-client", "POP3 client (RFC 1939)", client_transitions(),
      {S::AwaitGreeting, S::AwaitCapa, S::AwaitStls, S::AwaitTls, S::AwaitUser, S::AwaitPass, S::AwaitApop,
       S::AwaitAuth, S::AwaitUidl, S::AwaitRetr, S::AwaitDele, S::AwaitQuit, S::Done},
      S::Done);
}

}  // namespace mailsim::pop3
