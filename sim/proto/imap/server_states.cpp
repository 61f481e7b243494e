#include "sim/proto/imap/server_states.hpp"

#include <array>

#include "sim/proto/imap/server_commands.hpp"

namespace mailsim::imap {

namespace {

using S = State;
using C = Command;

constexpr std::string_view kNeedLogin = "not valid in the NOT AUTHENTICATED state: log in first";
constexpr std::string_view kLoggedIn = "not valid in the AUTHENTICATED state: already logged in";
constexpr std::string_view kNoMailbox = "not valid in the AUTHENTICATED state: select a mailbox first";
constexpr std::string_view kSelected = "not valid in the SELECTED state: already logged in";
constexpr std::string_view kBeforeSelect = "not valid in the SELECTED state: only before a mailbox is selected";

constexpr S kCommandStates[] = {S::NotAuthenticated, S::Authenticated, S::Selected};

Transition stay(S from, C c) { return Transition{from, c, from, from, from, from, {}}; }

bool valid_in(Where where, S s) {
  switch (where) {
    case Where::Anywhere: return true;
    case Where::NotAuthenticated: return s == S::NotAuthenticated;
    case Where::Authenticated: return s == S::Authenticated || s == S::Selected;
    case Where::BeforeSelect: return s == S::Authenticated;
    case Where::Selected: return s == S::Selected;
    case Where::LineMode: return false;
  }
  return false;
}

std::string_view refusal(Where where, S s) {
  if (s == S::NotAuthenticated) return kNeedLogin;
  if (where == Where::NotAuthenticated) return s == S::Selected ? kSelected : kLoggedIn;
  if (where == Where::BeforeSelect) return kBeforeSelect;
  return kNoMailbox;  // a Selected command in Authenticated
}

Transition command_row(const ServerCommand& c, S s) {
  Transition t = stay(s, c.command);
  if (!valid_in(c.where, s)) {
    t.refusal = refusal(c.where, s);
    return t;
  }
  switch (c.leads) {
    case Leads::Stay: break;
    case Leads::LogsIn: t.on_ok = S::Authenticated; break;
    case Leads::Authenticates:
      t.on_ok = S::Authenticated;
      t.on_continue = S::Authenticating;
      break;
    case Leads::Selects:
      t.on_ok = S::Selected;
      t.on_no = S::Authenticated;
      break;
    case Leads::Deselects: t.on_ok = S::Authenticated; break;
    case Leads::LogsOut: t.on_ok = t.on_no = S::Logout; break;
    case Leads::Idles: t.on_continue = s == S::Selected ? S::IdleSelected : S::IdleAuthenticated; break;
    case Leads::StartsTls: t.on_ok = S::TlsHandshake; break;
  }
  return t;
}

// A line mode ends with the tagged answer, whatever it is: every outcome leads to `to`.
Transition line_mode(S from, C c, S on_ok, S otherwise) {
  return Transition{from, c, on_ok, otherwise, otherwise, from, {}};
}
Transition event(S from, C c, S to) { return Transition{from, c, to, to, to, from, {}}; }

std::vector<Transition> build() {
  std::vector<Transition> t;
  t.push_back(stay(S::NotAuthenticated, C::Greeting));
  // Implicit TLS (RFC 8314, port 993): the handshake comes first; the greeting follows inside it.
  t.push_back(event(S::NotAuthenticated, C::ImplicitTls, S::TlsHandshake));
  for (S s : kCommandStates)
    for (const ServerCommand& c : server_commands())
      if (c.where != Where::LineMode) t.push_back(command_row(c, s));
  // The SASL response: OK logs in; a refusal, a BAD response or "*" (cancelled) go back (§6.2.2).
  t.push_back(line_mode(S::Authenticating, C::SaslResponse, S::Authenticated, S::NotAuthenticated));
  // DONE ends IDLE; any other line gets a BAD, which ends it too.
  t.push_back(line_mode(S::IdleAuthenticated, C::Done, S::Authenticated, S::Authenticated));
  t.push_back(line_mode(S::IdleSelected, C::Done, S::Selected, S::Selected));
  // The error limit is reached by a tagged answer, once its own row has been taken: only in the
  // command states. The server's own BYE and a lost connection end the session from anywhere.
  for (S s : kCommandStates) t.push_back(event(s, C::TooManyErrors, S::Logout));
  // The handshake after STARTTLS: only its end. Inside TLS the session starts again Not
  // Authenticated, the client asks for the capabilities anew (RFC 9051 §6.2.1).
  t.push_back(event(S::TlsHandshake, C::TlsEstablished, S::NotAuthenticated));
  t.push_back(event(S::TlsHandshake, C::TlsFailed, S::Logout));
  t.push_back(event(S::TlsHandshake, C::ConnectionLost, S::Logout));
  for (S s : {S::NotAuthenticated, S::Authenticating, S::Authenticated, S::Selected, S::IdleAuthenticated,
              S::IdleSelected}) {
    t.push_back(event(s, C::Closing, S::Logout));
    t.push_back(event(s, C::ConnectionLost, S::Logout));
  }
  return t;
}

}  // namespace

const std::vector<Transition>& server_transitions() {
  static const std::vector<Transition> table = build();
  return table;
}

const Transition* find_transition(State from, Command command) {
  // Looked up for every line a client sends: an index by (state, command), built once.
  constexpr std::size_t kStates = static_cast<std::size_t>(S::Logout) + 1;
  constexpr std::size_t kCommands = static_cast<std::size_t>(C::ImplicitTls) + 1;  // the last Command
  using Index = std::array<std::array<const Transition*, kCommands>, kStates>;
  static const Index index = [] {
    Index ix{};
    for (const Transition& t : server_transitions())
      ix[static_cast<std::size_t>(t.from)][static_cast<std::size_t>(t.command)] = &t;
    return ix;
  }();
  return index[static_cast<std::size_t>(from)][static_cast<std::size_t>(command)];
}

std::string to_string(State s) {
  switch (s) {
    case S::NotAuthenticated: return "NOT AUTHENTICATED";
    case S::Authenticating: return "AUTHENTICATING";
    case S::Authenticated: return "AUTHENTICATED";
    case S::Selected: return "SELECTED";
    case S::IdleAuthenticated: return "IDLE (AUTHENTICATED)";
    case S::IdleSelected: return "IDLE (SELECTED)";
    case S::TlsHandshake: return "TLS HANDSHAKE";
    case S::Logout: return "LOGOUT";
  }
  return "?";
}

std::string to_string(Command c) {
  switch (c) {
    case C::Other: return "other";
    case C::SaslResponse: return "SASL response";
    case C::Done: return "DONE";
    case C::Greeting: return "greeting";
    case C::TooManyErrors: return "too many errors";
    case C::Closing: return "BYE";
    case C::ConnectionLost: return "connection lost";
    case C::TlsEstablished: return "TLS established";
    case C::TlsFailed: return "TLS failed";
    case C::ImplicitTls: return "implicit TLS";
    default: return std::string(server_command(c).name);
  }
}

}  // namespace mailsim::imap
