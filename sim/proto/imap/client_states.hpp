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
#include <string>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::imap {

enum class ClientState {
  AwaitGreeting, AwaitLogin, AwaitSelect, AwaitFetch, AwaitIdleStart, Idling, AwaitIdleEnd, AwaitLogout, Done
};

enum class ClientEvent {
  Login,           // "* OK" greeting: LOGIN user password
  Select,          // LOGIN OK, or a PREAUTH greeting: SELECT mailbox
  Fetch,           // something new (after SELECT, or told while idling): UID FETCH n:*
  Idle,            // nothing (more) to fetch and the job waits for news: IDLE
  IdleStarted,     // "+" to IDLE: idling
  EndIdle,         // news, or asked to stop: DONE
  Logout,          // done, asked to stop, or a NO/BAD: LOGOUT
  LogoutAnswered,  // the tagged reply to LOGOUT
  ProtocolError,   // bytes that are no IMAP response, an unexpected tag, BYE before LOGOUT
  ConnectionLost,  // the connection ended before Done
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
