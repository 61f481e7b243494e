#pragma once
// The POP3 client's states and its transition table (RFC 1939, RFC 5034), as data: every state
// change of the client goes through this table (client.cpp never assigns a state of its own), as in
// the SMTP client (sim/proto/smtp/client_states.hpp), so `mailsim diagram pop3-client` and the app's
// panel draw what the machine does. An event with no row where it happens is a defect of the table:
// the client stops (Client::table_miss()), and the tests look.
//
//   AwaitGreeting --USER--> AwaitUser --PASS--> AwaitPass --+OK--> AwaitUidl   (or APOP / AUTH)
//   AwaitUidl --RETR--> AwaitRetr [--DELE--> AwaitDele] --RETR--> ... --QUIT--> AwaitQuit --> Done
// A -ERR, a listing or message past its limit, or a job that cannot log in: QUIT (Refused). A reply
// that is no POP3 reply, or the connection gone: Done at once.
//
// STLS (RFC 2595), when the job's TLS level is not none: the capabilities first, then TLS, then
// the capabilities again, inside TLS, before the login:
//   AwaitGreeting --CAPA--> AwaitCapa --STLS--> AwaitStls --+OK--> AwaitTls --TLS established--> AwaitCapa
//   AwaitCapa / AwaitStls --USER, APOP, AUTH--> ... (no STLS offered or refused, level may; or inside TLS)
//   AwaitTls --TLS failed, certificate not verified--> Done
#include <string>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::pop3 {

enum class ClientState {
  AwaitGreeting, AwaitCapa, AwaitStls, AwaitTls, AwaitUser, AwaitPass, AwaitApop, AwaitAuth, AwaitUidl, AwaitRetr,
  AwaitDele, AwaitQuit, Done
};

enum class ClientEvent {
  SendCapa,        // +OK greeting and a TLS level: CAPA (RFC 2449), to see whether STLS is offered
  StartTls,        // STLS listed, TLS not on yet: STLS
  TlsGoAhead,      // +OK to STLS: the bytes are the TLS layer's
  TlsEstablished,  // the handshake ended (and the certificate is good enough): CAPA again
  TlsFailed,       // the handshake failed, or the certificate did not verify (level verify)
  SendUser,        // +OK greeting, USER/PASS login: USER
  SendApop,        // +OK greeting with a timestamp, APOP login: APOP name digest
  SendAuth,        // +OK greeting, AUTH login: AUTH mechanism [initial response]
  UserAccepted,    // +OK to USER: PASS
  AuthChallenge,   // "+ challenge" to AUTH: the mechanism's response, or "*"
  LoggedIn,        // +OK to PASS, APOP or AUTH: UIDL
  Retrieve,        // a message to download (after UIDL, RETR or DELE): RETR n
  Delete,          // the message is here and the job deletes: DELE n
  AllDone,         // nothing (more) to download: QUIT
  Refused,         // -ERR, a limit passed, or no way to log in: QUIT
  QuitAnswered,    // any reply to QUIT
  ProtocolError,   // not a POP3 reply, or a line too long
  ImplicitTls,             // wrappermode (RFC 8314, port 995): the connection opens with TLS
  ImplicitTlsEstablished,  // ... and its handshake completed: the greeting comes next, inside TLS
  ConnectionLost,  // the connection ended before Done; keep it last, find_client_row sizes its index by it
};

struct ClientTransition {
  ClientState from;
  ClientEvent event;
  ClientState to;
};

const std::vector<ClientTransition>& client_transitions();
const ClientTransition* find_client_transition(ClientState from, ClientEvent event);

std::string to_string(ClientState state);
std::string to_string(ClientEvent event);

// The state diagram from the table, for `mailsim diagram pop3-client`.
proto::Diagram client_diagram();

}  // namespace mailsim::pop3
