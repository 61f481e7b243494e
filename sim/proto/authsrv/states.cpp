#include "sim/proto/authsrv/states.hpp"

namespace mailsim::authsrv {

const char* to_string(ServerState s) {
  switch (s) {
    case ServerState::AwaitVersion: return "AwaitVersion";
    case ServerState::AwaitCpid: return "AwaitCpid";
    case ServerState::Ready: return "Ready";
    case ServerState::Challenged: return "Challenged";
    case ServerState::Closed: return "Closed";
  }
  return "?";
}

const char* to_string(ClientState s) {
  switch (s) {
    case ClientState::Handshake: return "Handshake";
    case ClientState::Ready: return "Ready";
    case ClientState::Requesting: return "Requesting";
    case ClientState::Challenged: return "Challenged";
    case ClientState::Broken: return "Broken";
  }
  return "?";
}

const std::vector<Row<ServerState>>& server_rows() {
  using S = ServerState;
  using O = Outcome;
  static const std::vector<Row<S>> rows = {
      {S::AwaitVersion, "VERSION", S::AwaitCpid, O::Ok},
      {S::AwaitVersion, "error", S::Closed, O::Fail},   // no VERSION first, or not version 1
      {S::AwaitCpid, "CPID", S::Ready, O::Ok},
      {S::AwaitCpid, "CONT", S::AwaitCpid, O::Fail},    // for a request it does not have
      {S::AwaitCpid, "error", S::Closed, O::Fail},      // AUTH before CPID, ...
      {S::Ready, "CPID", S::Ready, O::Ok},
      {S::Ready, "AUTH", S::Ready, O::Ok},              // OK: logged in
      {S::Ready, "AUTH", S::Ready, O::Fail},            // FAIL
      {S::Ready, "AUTH", S::Challenged, O::Cont},       // CONT: a challenge for the user
      {S::Ready, "CONT", S::Ready, O::Fail},            // for a request it does not have
      {S::Ready, "error", S::Closed, O::Fail},
      {S::Challenged, "CPID", S::Challenged, O::Ok},
      {S::Challenged, "CONT", S::Ready, O::Ok},
      {S::Challenged, "CONT", S::Ready, O::Fail},
      {S::Challenged, "CONT", S::Challenged, O::Cont},  // SCRAM's second round
      // Requests may be under way side by side (Dovecot's request ids): one ends, another waits.
      {S::Challenged, "CONT", S::Challenged, O::Ok},
      {S::Challenged, "CONT", S::Challenged, O::Fail},
      {S::Challenged, "AUTH", S::Challenged, O::Ok},
      {S::Challenged, "AUTH", S::Challenged, O::Fail},
      {S::Challenged, "AUTH", S::Challenged, O::Cont},
      {S::Challenged, "error", S::Closed, O::Fail},
  };
  return rows;
}

const std::vector<Row<ClientState>>& client_rows() {
  using S = ClientState;
  using O = Outcome;
  static const std::vector<Row<S>> rows = {
      {S::Handshake, "send AUTH", S::Handshake, O::Ok},   // waits for DONE, then goes out
      {S::Handshake, "DONE", S::Ready, O::Ok},
      {S::Handshake, "DONE", S::Requesting, O::Ok},       // with the request that waited
      {S::Handshake, "DONE", S::Ready, O::Fail},          // ... for a mechanism not offered
      {S::Handshake, "error", S::Broken, O::Fail},
      {S::Ready, "send AUTH", S::Requesting, O::Ok},
      {S::Ready, "send AUTH", S::Ready, O::Fail},         // a mechanism the server did not list
      {S::Ready, "error", S::Broken, O::Fail},
      {S::Requesting, "CONT", S::Challenged, O::Cont},
      {S::Requesting, "OK", S::Ready, O::Ok},
      {S::Requesting, "FAIL", S::Ready, O::Fail},
      {S::Requesting, "error", S::Broken, O::Fail},
      {S::Challenged, "send CONT", S::Requesting, O::Ok},
      // The server may end the request before the user's answer.
      {S::Challenged, "CONT", S::Challenged, O::Cont},
      {S::Challenged, "OK", S::Ready, O::Ok},
      {S::Challenged, "FAIL", S::Ready, O::Fail},
      {S::Challenged, "error", S::Broken, O::Fail},
  };
  return rows;
}

namespace {
template <class State>
const Row<State>* find_in(const std::vector<Row<State>>& rows, State from, const std::string& input, State to) {
  for (const Row<State>& r : rows)
    if (r.from == from && r.to == to && input == r.input) return &r;
  return nullptr;
}

template <class State>
proto::Diagram diagram(std::string name, std::string title, const std::vector<Row<State>>& rows,
                       std::initializer_list<State> states, State final_state) {
  proto::Diagram d;
  d.name = std::move(name);
  d.title = std::move(title);
  for (const State s : states) d.add_state(to_string(s));
  d.final_states = {to_string(final_state)};
  for (const Row<State>& r : rows) {
    const bool loop = r.from == r.to;
    const proto::EdgeKind kind = r.outcome == Outcome::Fail ? (loop ? proto::EdgeKind::Always : proto::EdgeKind::Failure)
                                                            : (loop ? proto::EdgeKind::Always : proto::EdgeKind::Success);
    const char* outcome = r.outcome == Outcome::Ok ? "OK" : r.outcome == Outcome::Fail ? "FAIL" : "CONT";
    d.add(to_string(r.from), to_string(r.to), kind, r.input, loop ? "" : outcome);
  }
  return d;
}
}  // namespace

const Row<ServerState>* find_row(ServerState from, const std::string& input, ServerState to) {
  return find_in(server_rows(), from, input, to);
}
const Row<ClientState>* find_row(ClientState from, const std::string& input, ClientState to) {
  return find_in(client_rows(), from, input, to);
}

proto::Diagram server_diagram() {
  using S = ServerState;
  return diagram("auth-server", "Authentication server (Dovecot auth protocol)", server_rows(),
                 {S::AwaitVersion, S::AwaitCpid, S::Ready, S::Challenged, S::Closed}, S::Closed);
}

proto::Diagram client_diagram() {
  using S = ClientState;
  return diagram("auth-client", "Mail server asking the authentication server (Dovecot auth protocol)", client_rows(),
                 {S::Handshake, S::Ready, S::Requesting, S::Challenged, S::Broken}, S::Broken);
}

}  // namespace mailsim::authsrv
