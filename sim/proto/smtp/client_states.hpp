#pragma once
// The SMTP client's states and its transition table (RFC 5321 §3, §4.1; RFC 2920 PIPELINING), as
// data, like the server's (server_states.hpp).
//
// Theory of operation: the state names what the client waits for. A reply (or the loss of the
// connection) is turned into one event by the handler of the state, which knows what the reply
// means there (EHLO 5xx: the server does not know EHLO, try HELO; the last RCPT reply with nobody
// accepted: nothing to send), and the table says where that event leads. Only client.cpp's go()
// changes the state, and only through this table; an event with no row is a defect of the table:
// the machine stops (Client::table_miss()), and the tests look.
//
//   AwaitGreeting --greeted--> AwaitEhlo --hello accepted--> AwaitMail --mail accepted--> AwaitRcpt
//                                  \--EHLO unknown--> AwaitHelo --hello accepted--/          |
//                                  \--authenticate--> AwaitAuth --235--/   (334: respond, stay)
//                                                      AwaitAuth --cancel--> AwaitAuthCancel
//   AwaitRcpt --recipients done--> AwaitData --go ahead--> AwaitDataEnd --data answered--> AwaitQuit
//   AwaitQuit --quit answered--> Done
//
// SMTP AUTH (RFC 4954) comes between EHLO and MAIL when the job asks for it; cancelling ("*", when a
// challenge cannot be answered or the server cannot prove itself) waits for the server's 501. With
// STARTTLS it comes after the EHLO inside TLS, or after a refused STARTTLS at "may".
//
// STARTTLS (RFC 3207), when the EHLO reply offers it and the job's smtp_tls_security_level asks:
//   AwaitEhlo --start TLS--> AwaitStarttls --220--> AwaitTls --TLS established--> AwaitEhlo (again)
//   AwaitStarttls --refused, may--> AwaitMail (on in plain text);  AwaitTls --TLS failed--> Done
// In AwaitTls the TLS layer (run by the glue) has the bytes; the machine reads none.
//
// Implicit TLS (RFC 8314, smtp_tls_wrappermode, port 465): start() enters AwaitTls before any byte,
//   AwaitGreeting --implicit TLS--> AwaitTls --TLS established (wrapper)--> AwaitGreeting
// and the session goes on inside TLS from the greeting, as on a plain connection.
// The glue's timeout (the server says nothing: a plain client on 465 waiting for a greeting that
// never comes) ends AwaitGreeting and AwaitTls without QUIT.
//
// Refusals lead to AwaitQuit (after sending QUIT). In every state before Done, a 421 (the server
// closes the channel, §3.8), a reply we cannot read, and a lost connection end the dialog at once.
#include <string>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::smtp {

enum class ClientState {
  AwaitGreeting, AwaitEhlo, AwaitHelo, AwaitStarttls, AwaitTls, AwaitAuth, AwaitAuthCancel, AwaitMail, AwaitRcpt,
  AwaitData, AwaitDataEnd,
  AwaitQuit, Done
};

enum class ClientEvent {
  Greeted,            // 220 greeting: send EHLO
  Refused,            // greeting, EHLO 4xx, HELO, MAIL or DATA refused, or the message too big
                      // for the SIZE offered: give up, QUIT
  EhloUnknown,        // EHLO 5xx: the server does not know EHLO (§4.1.4); send HELO
  HelloAccepted,      // EHLO/HELO 2xx: start the transaction (MAIL; pipelined: MAIL, RCPTs, DATA)
  Authenticate,       // EHLO 2xx offering the job's mechanism: AUTH (with the initial response)
  AuthChallenge,      // 334: the mechanism's response
  AuthAccepted,       // 235: start the transaction, as after EHLO
  AuthCancel,         // a challenge we cannot answer: "*", then the server's 501
  NothingToSend,      // no recipients: QUIT
  MailAccepted,       // MAIL 2xx: the RCPTs (pipelined: their replies come next)
  MailRefusedPipelined,  // MAIL refused while pipelining: the RCPT and DATA replies still come
  RcptNext,           // a RCPT reply, more recipients to go
  RcptDone,           // the last RCPT reply, at least one accepted (pipelined: always): DATA
  NoneAccepted,       // the last RCPT reply, nobody accepted, not pipelining: QUIT
  GoAhead,            // 354: send the message and its "."
  DataAnswered,       // the reply after the message decides every accepted recipient: QUIT
  QuitAnswered,       // any reply to QUIT
  StartTls,           // EHLO 2xx offers STARTTLS and the policy wants TLS: send STARTTLS
  TlsGoAhead,         // 220 to STARTTLS: the TLS handshake (the glue's) comes next
  StarttlsRefused,    // STARTTLS refused at smtp_tls_security_level = may: on in plain text
  TlsEstablished,     // the handshake completed (and, at verify, the certificate checked): EHLO again
  TlsFailed,          // the handshake failed, or at verify the certificate did not verify: no QUIT
  ImplicitTls,        // smtp_tls_wrappermode (RFC 8314, port 465): the connection opens with TLS
  ImplicitTlsEstablished,  // ... and its handshake completed: the greeting comes next, inside TLS
  TimedOut,           // nothing came from the server within the client's timeout: no QUIT
  Closing,            // 421: the server is closing the channel; no QUIT (nobody would read it)
  ProtocolError,      // a reply we cannot parse, or one too long to keep
  ConnectionLost,     // the connection ended before Done; keep it last, find_client_row sizes its index by it
};

struct ClientTransition {
  ClientState from;
  ClientEvent event;
  ClientState to;
};

const std::vector<ClientTransition>& client_transitions();
const ClientTransition* find_client_transition(ClientState from, ClientEvent event);

std::string to_string(ClientState state);   // "AwaitGreeting", ...
std::string to_string(ClientEvent event);   // "greeted", "EHLO unknown", ...

// The client's state diagram, drawn from the table.
proto::Diagram client_diagram();

}  // namespace mailsim::smtp
