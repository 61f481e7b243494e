#include "sim/proto/smtp/client_states.hpp"

#include "sim/proto/common/client_table.hpp"

namespace mailsim::smtp {

namespace {

using S = ClientState;
using E = ClientEvent;

std::vector<ClientTransition> build_table() {
  std::vector<ClientTransition> t = {
      {S::AwaitGreeting, E::Greeted, S::AwaitEhlo},
      {S::AwaitGreeting, E::Refused, S::AwaitQuit},

      {S::AwaitEhlo, E::HelloAccepted, S::AwaitMail},
      {S::AwaitEhlo, E::Authenticate, S::AwaitAuth},
      {S::AwaitEhlo, E::EhloUnknown, S::AwaitHelo},
      {S::AwaitEhlo, E::NothingToSend, S::AwaitQuit},
      {S::AwaitEhlo, E::Refused, S::AwaitQuit},

      {S::AwaitEhlo, E::StartTls, S::AwaitStarttls},

      {S::AwaitHelo, E::HelloAccepted, S::AwaitMail},
      {S::AwaitHelo, E::NothingToSend, S::AwaitQuit},
      {S::AwaitHelo, E::Refused, S::AwaitQuit},

      // RFC 4954 §4: 334 challenges until 235; a refusal (535, 454, 504 ...) or a message too big for
      // the SIZE offered ends it. Nobody to deliver to is known before AUTH, so it is not asked.
      {S::AwaitAuth, E::AuthChallenge, S::AwaitAuth},
      {S::AwaitAuth, E::AuthAccepted, S::AwaitMail},
      {S::AwaitAuth, E::AuthCancel, S::AwaitAuthCancel},
      {S::AwaitAuth, E::Refused, S::AwaitQuit},
      {S::AwaitAuthCancel, E::Refused, S::AwaitQuit},

      {S::AwaitStarttls, E::TlsGoAhead, S::AwaitTls},
      {S::AwaitStarttls, E::StarttlsRefused, S::AwaitMail},
      // STARTTLS refused at "may": AUTH goes on in plain text, as Postfix's smtp client does.
      {S::AwaitStarttls, E::Authenticate, S::AwaitAuth},
      {S::AwaitStarttls, E::NothingToSend, S::AwaitQuit},
      {S::AwaitStarttls, E::Refused, S::AwaitQuit},

      // RFC 3207 §4.2: inside TLS the session starts again with EHLO. A failed handshake leaves
      // nothing to say QUIT over.
      {S::AwaitTls, E::TlsEstablished, S::AwaitEhlo},
      {S::AwaitTls, E::TlsFailed, S::Done},
      // RFC 8314 §3.3: on the submissions port TLS comes first, then the server's greeting.
      {S::AwaitGreeting, E::ImplicitTls, S::AwaitTls},
      {S::AwaitTls, E::ImplicitTlsEstablished, S::AwaitGreeting},
      // Waiting for a server that says nothing: the client gives up (its timeout), no QUIT.
      {S::AwaitGreeting, E::TimedOut, S::Done},
      {S::AwaitTls, E::TimedOut, S::Done},

      {S::AwaitMail, E::MailAccepted, S::AwaitRcpt},
      {S::AwaitMail, E::MailRefusedPipelined, S::AwaitRcpt},
      {S::AwaitMail, E::Refused, S::AwaitQuit},

      {S::AwaitRcpt, E::RcptNext, S::AwaitRcpt},
      {S::AwaitRcpt, E::RcptDone, S::AwaitData},
      {S::AwaitRcpt, E::NoneAccepted, S::AwaitQuit},

      {S::AwaitData, E::GoAhead, S::AwaitDataEnd},
      {S::AwaitData, E::Refused, S::AwaitQuit},

      {S::AwaitDataEnd, E::DataAnswered, S::AwaitQuit},

      {S::AwaitQuit, E::QuitAnswered, S::Done},
  };
  // What can end the dialog in any state before Done. In AwaitTls no reply is read, so only the
  // connection can end it.
  t.push_back({S::AwaitTls, E::ConnectionLost, S::Done});
  for (const S s : {S::AwaitGreeting, S::AwaitEhlo, S::AwaitHelo, S::AwaitStarttls, S::AwaitAuth, S::AwaitAuthCancel,
                    S::AwaitMail, S::AwaitRcpt, S::AwaitData, S::AwaitDataEnd, S::AwaitQuit}) {
    if (s != S::AwaitQuit) t.push_back({s, E::Closing, S::Done});  // in AwaitQuit a 421 answers QUIT
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
    case S::AwaitEhlo: return "AwaitEhlo";
    case S::AwaitHelo: return "AwaitHelo";
    case S::AwaitAuth: return "AwaitAuth";
    case S::AwaitAuthCancel: return "AwaitAuthCancel";
    case S::AwaitStarttls: return "AwaitStarttls";
    case S::AwaitTls: return "AwaitTls";
    case S::AwaitMail: return "AwaitMail";
    case S::AwaitRcpt: return "AwaitRcpt";
    case S::AwaitData: return "AwaitData";
    case S::AwaitDataEnd: return "AwaitDataEnd";
    case S::AwaitQuit: return "AwaitQuit";
    case S::Done: return "Done";
  }
  return "?";
}

std::string to_string(ClientEvent event) {
  switch (event) {
    case E::Greeted: return "220 greeting";
    case E::Refused: return "refused";
    case E::EhloUnknown: return "EHLO 5xx";
    case E::HelloAccepted: return "EHLO/HELO 2xx";
    case E::Authenticate: return "EHLO 2xx, AUTH wanted";
    case E::AuthChallenge: return "334";
    case E::AuthAccepted: return "235";
    case E::AuthCancel: return "challenge not answerable";
    case E::NothingToSend: return "no recipients";
    case E::MailAccepted: return "MAIL 2xx";
    case E::MailRefusedPipelined: return "MAIL refused, pipelined";
    case E::RcptNext: return "RCPT reply, more to go";
    case E::RcptDone: return "last RCPT reply";
    case E::NoneAccepted: return "nobody accepted";
    case E::GoAhead: return "354";
    case E::DataAnswered: return "reply after the data";
    case E::QuitAnswered: return "reply to QUIT";
    case E::StartTls: return "STARTTLS offered";
    case E::TlsGoAhead: return "220 to STARTTLS";
    case E::StarttlsRefused: return "STARTTLS refused, may";
    case E::TlsEstablished: return "TLS established";
    case E::TlsFailed: return "TLS failed";
    case E::ImplicitTls: return "implicit TLS";
    case E::ImplicitTlsEstablished: return "TLS established, implicit";
    case E::TimedOut: return "timed out";
    case E::Closing: return "421";
    case E::ProtocolError: return "unreadable reply";
    case E::ConnectionLost: return "connection lost";
  }
  return "?";
}

proto::Diagram client_diagram() {
  return proto::client_table_diagram("smtp-client", "SMTP client (RFC 5321)", client_transitions(),
      {S::AwaitGreeting, S::AwaitEhlo, S::AwaitHelo, S::AwaitStarttls, S::AwaitTls, S::AwaitAuth,
       S::AwaitAuthCancel, S::AwaitMail, S::AwaitRcpt, S::AwaitData, S::AwaitDataEnd, S::AwaitQuit, S::Done},
      S::Done);
}

}  // namespace mailsim::smtp
