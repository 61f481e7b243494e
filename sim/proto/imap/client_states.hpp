#pragma once
// The IMAP client's states and its transition table (RFC 3501, IDLE from RFC 2177), as data: every
// state change of the client goes through this table (client.cpp assigns no state of its own), as in
// the SMTP and POP3 clients, so `mailsim diagram imap-client` and the app's panel draw what the
// machine does. An event with no row where it happens is a defect of the table: the client stops
// (Client::table_miss()), and the tests look.
//
//   AwaitGreeting --LOGIN--> AwaitLogin --SELECT--> AwaitSelect --UID FETCH--> AwaitFetch
//   --IDLE--> AwaitIdleStart --+--> Idling --DONE--> AwaitIdleEnd --UID FETCH / IDLE / LOGOUT--> ...
//   ... --LOGOUT--> AwaitLogout --> Done
// A tagged NO or BAD: LOGOUT. Bytes that are no IMAP, or the connection gone: Done at once.
//
// STARTTLS (RFC 9051 §6.2.1), when the job's TLS level is not none and the greeting's (or
// CAPABILITY's) capabilities name it:
//   AwaitGreeting --STARTTLS--> AwaitStarttls --OK--> AwaitTls --TLS established--> AwaitCapability
//   AwaitCapability --LOGIN--> AwaitLogin ...   (inside TLS the capabilities are asked for anew)
//   AwaitGreeting --CAPABILITY--> AwaitCapability  (a greeting without them)
//   AwaitStarttls --LOGIN--> (refused, level may);  AwaitTls --TLS failed, not verified--> Done
#include <string>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::imap {

enum class ClientState {
  AwaitGreeting, AwaitCapability, AwaitStarttls, AwaitTls, AwaitLogin, AwaitSelect, AwaitFetch, AwaitIdleStart, Idling, AwaitIdleEnd, AwaitLogout, Done
};

enum class ClientEvent {
  Capability,      // a greeting without capabilities and a TLS level: CAPABILITY
  StartTls,        // STARTTLS among the capabilities, TLS not on yet: STARTTLS
  TlsGoAhead,      // OK to STARTTLS: the bytes are the TLS layer's
  TlsEstablished,  // the handshake ended (and the certificate is good enough): CAPABILITY again
  TlsFailed,       // the handshake failed, or the certificate did not verify (level verify)
  Login,           // "* OK" greeting (or the capabilities, or a refused STARTTLS): LOGIN user password
  Select,          // LOGIN OK, or a PREAUTH greeting: SELECT mailbox
  Fetch,           // something new (after SELECT, or told while idling): UID FETCH n:*
  Idle,            // nothing (more) to fetch and the job waits for news: IDLE
  IdleStarted,     // "+" to IDLE: idling
  EndIdle,         // news, or asked to stop: DONE
  Logout,          // done, asked to stop, or a NO/BAD: LOGOUT
  LogoutAnswered,  // the tagged reply to LOGOUT
  ProtocolError,   // bytes that are no IMAP response, an unexpected tag, BYE before LOGOUT
  ImplicitTls,             // wrappermode (RFC 8314, port 993): the connection opens with TLS
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

// The state diagram from the table, for `mailsim diagram imap-client`.
proto::Diagram client_diagram();

}  // namespace mailsim::imap
