// The IMAP server's state diagram, drawn from its transition table (server_states.cpp).
#include "sim/proto/imap/server_diagram.hpp"

namespace mailsim::imap {

proto::Diagram server_diagram(bool with_refusals) {
  std::vector<proto::DiagramRow> rows;
  for (const Transition& t : server_transitions()) {
    // A "+" that starts a line mode is an arrow of its own ("IDLE +"). A command that only ever
    // goes on that way (IDLE: its OK comes with DONE) has no other arrow worth drawing.
    const bool continues = t.on_continue != t.from;
    if (continues) rows.push_back({to_string(t.from), to_string(t.command) + " +", to_string(t.on_continue),
                                   to_string(t.on_continue), ""});
    if (continues && t.on_ok == t.from && t.on_no == t.from) continue;
    // A BAD leaves a command where it was (§7.1.3); a line mode ends with a BAD as with a NO.
    rows.push_back({to_string(t.from), to_string(t.command), to_string(t.on_ok), to_string(t.on_no),
                    t.refusal.empty() ? "" : "BAD"});
  }
  std::vector<std::string> states;
  for (const State s : {State::NotAuthenticated, State::Authenticating, State::Authenticated, State::Selected,
                        State::IdleAuthenticated, State::IdleSelected, State::TlsHandshake, State::Logout})
    states.push_back(to_string(s));
  return proto::table_diagram("imap-server", "IMAP4rev1 server (RFC 3501)", states, {to_string(State::Logout)}, rows,
                              "OK", "NO", with_refusals);
}

}  // namespace mailsim::imap
