// The POP3 server's state diagram, drawn from its transition table (states.cpp).
#include "sim/proto/pop3/diagram.hpp"

namespace mailsim::pop3 {

proto::Diagram server_diagram(bool with_refusals) {
  std::vector<proto::DiagramRow> rows;
  for (const Transition& t : transitions())
    if (!t.on_continue)
      rows.push_back({to_string(t.from), to_string(t.command), to_string(t.on_success), to_string(t.on_failure),
                      t.refusal.empty() ? "" : "-ERR"});
  std::vector<std::string> states;
  for (const State s : {State::Authorization, State::AuthExchange, State::TlsHandshake, State::Transaction, State::Update, State::Closed})
    states.push_back(to_string(s));
  proto::Diagram d = proto::table_diagram("pop3-server", "POP3 server (RFC 1939)", states, {to_string(State::Closed)},
                                          rows, "+OK", "-ERR", with_refusals);
  // The SASL exchange's rows have three outcomes, each its own edge.
  for (const Transition& t : transitions()) {
    if (!t.on_continue) continue;
    d.add(to_string(t.from), to_string(t.on_success), proto::EdgeKind::Success, to_string(t.command), "+OK");
    d.add(to_string(t.from), to_string(*t.on_continue), proto::EdgeKind::Success, to_string(t.command), "+");
    d.add(to_string(t.from), to_string(t.on_failure), proto::EdgeKind::Failure, to_string(t.command), "-ERR");
  }
  return d;
}

}  // namespace mailsim::pop3
