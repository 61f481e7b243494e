#pragma once
// The IMAP4rev1 server's states and its transition table (RFC 3501 §3, §6), as data.
//
// Theory of operation (after h11's _state.py): every state change of the server lives in the table
// in server_states.cpp; server.cpp looks each command up there and never moves between states on its
// own. A row says in which state a command may be given and where its tagged OK and its tagged NO
// lead; a tagged BAD never changes the state (§7.1.3). A command given in a state that does not allow
// it is refused by the table itself ("tag BAD <refusal>"), before its arguments are looked at.
//
// RFC 3501 §3 names four states: Not Authenticated (after the greeting), Authenticated (after LOGIN or
// AUTHENTICATE), Selected (after a successful SELECT or EXAMINE) and Logout (after LOGOUT, or when the
// server gives up). A failed SELECT/EXAMINE leaves no mailbox selected (§6.3.1), so its NO leads from
// Selected back to Authenticated.
//
// Two rules hold in every state and are not rows of the table:
//   - too many bad commands end the session from any state ("* BYE too many errors");
//   - a lost connection ends it from any state.
//
// A GUI draws the state diagram from server_transitions(): one node per State, one edge per row
// (on_ok solid, on_no dashed when it differs), refusals as self-loops labelled with their text.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

enum class State { NotAuthenticated, Authenticated, Selected, Logout };

// The commands this server knows, named as RFC 3501 §6 names them (IDLE: RFC 2177; UNSELECT:
// RFC 3691). Other is any command name it does not know.
enum class Command {
  Capability, Noop, Logout,                                              // any state (§6.1)
  Authenticate, Login,                                                   // not authenticated (§6.2)
  Select, Examine, Create, List, Lsub, Status, Append, Idle,            // authenticated (§6.3)
  Check, Close, Unselect, Expunge, Search, Fetch, Store, Uid,           // selected (§6.4)
  Other
};

struct Transition {
  State from;
  Command command;
  State on_ok;                  // after a tagged OK
  State on_no;                  // after a tagged NO
  std::string_view refusal;     // non-empty: not valid in `from`; answered "tag BAD <COMMAND> <refusal>"
};

// The whole table, by state then command. Logout has no rows: nothing is read there.
const std::vector<Transition>& server_transitions();
// The row for (state, command), or nullptr in Logout.
const Transition* find_transition(State from, Command command);

// Classifies a command name case-insensitively ("uid" -> Uid); Other when unknown.
Command parse_command(std::string_view name);

// "NOT AUTHENTICATED", "AUTHENTICATED", "SELECTED", "LOGOUT" as RFC 3501 §3 writes them.
std::string to_string(State s);
// "CAPABILITY", "LOGIN", ...; "other" for Other.
std::string to_string(Command c);

}  // namespace mailsim::imap
