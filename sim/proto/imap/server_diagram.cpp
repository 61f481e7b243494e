// The IMAP server's state diagram, drawn from its transition table (server_states.cpp).
#include "sim/proto/imap/server_diagram.hpp"

namespace mailsim::imap {

proto::Diagram server_diagram(bool with_refusals) {
  std::vector<proto::DiagramRow> rows;
  for (const Transition& t : server_transitions())
    rows.push_back({to_string(t.from), to_string(t.command), to_string(t.on_ok), to_string(t.on_no),
                    t.refusal.empty() ? "" : "BAD"});
  std::vector<std::string> states;
  for (const State s : {State::NotAuthenticated, State::Authenticated, State::Selected, State::Logout})
    states.push_back(to_string(s));
  return proto::table_diagram("imap-server", "IMAP4rev1 server (RFC 3501)", states, {to_string(State::Logout)}, rows,
                              "OK", "NO", with_refusals);
}

}  // namespace mailsim::imap
