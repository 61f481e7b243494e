#pragma once
// The IMAP4rev1 server's states and its transition table (RFC 3501 §3, §6), as data.
//
// Theory of operation (after h11's _state.py): every state change of the server goes through the
// table in server_states.cpp; server.cpp looks up the row for what just happened and never moves
// between states on its own. Three kinds of thing happen, each a row:
//   - a command from the client. Its row is built from the command's entry in server_commands (the
//     states where it is valid, and where it leads); in a state where it is not valid the table
//     itself refuses it ("tag BAD <COMMAND> <refusal>"), before its arguments are looked at;
//   - a line read in a line mode: after AUTHENTICATE's "+" the next line is the client's SASL
//     response (§6.2.2), after IDLE's "+" only DONE may come (RFC 2177). These modes are states of
//     their own, so the diagram shows them and nothing else is read there;
//   - an event of the session: the greeting, the error limit, a BYE the server sends on its own
//     (a line too long to name its command, the selected mailbox deleted by another session), the
//     connection lost.
// A row says where a tagged OK, NO and BAD lead, and where a "+" continuation leads (the command
// goes on in a line mode). A tagged BAD to a command never changes the state (§7.1.3); the line
// modes end with any tagged answer. Something happening where the table has no row is a defect of
// the table: the server says "* BYE [SERVERBUG]" and stops (Server::table_miss()).
//
// A literal is not a line mode: it is part of the command it belongs to (§4.3), which the table
// judges before the "+" is sent, so a command the state refuses is answered before the client sends
// its bytes, and whose row applies once the command is complete.
//
// RFC 3501 §3 names four states: Not Authenticated (after the greeting), Authenticated (after LOGIN
// or AUTHENTICATE), Selected (after a successful SELECT or EXAMINE) and Logout. A failed
// SELECT/EXAMINE leaves no mailbox selected (§6.3.1), so its NO leads from Selected back to
// Authenticated.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

enum class State {
  NotAuthenticated,   // after the greeting (§3.1)
  Authenticating,     // AUTHENTICATE sent "+": the next line is the SASL response (§6.2.2)
  Authenticated,      // logged in, no mailbox selected (§3.2)
  Selected,           // a mailbox selected (§3.3)
  IdleAuthenticated,  // IDLE (RFC 2177) from Authenticated: only DONE is read
  IdleSelected,       // IDLE from Selected: the mailbox stays selected, news is pushed at once
  // After "OK Begin TLS negotiation now." to STARTTLS (RFC 9051 §6.2.1): the TLS layer has the bytes
  // until its handshake ends; nothing is read, and the plaintext that followed STARTTLS is dropped.
  TlsHandshake,
  Logout,             // nothing more is read (§3.4)
};

// What moves the machine. Commands are named as their RFCs name them (RFC 3501 §6 unless the
// command's entry in server_commands names another); the UID forms are commands of their own
// (§6.4.8). Other is any command name the server does not know.
enum class Command {
  Capability, Noop, Logout, Id,                                          // any state (§6.1; ID: RFC 2971)
  Authenticate, Login, Starttls,                                         // not authenticated (§6.2)
  Enable, Namespace,                                                     // RFC 5161, RFC 2342
  Select, Examine, Create, Delete, Rename, Subscribe, Unsubscribe,       // authenticated (§6.3)
  List, Lsub, Status, Append, Idle,
  Check, Close, Unselect, Expunge, Search, Fetch, Store,                 // selected (§6.4)
  Copy, Move,                                                            // + MOVE (RFC 6851)
  UidFetch, UidStore, UidSearch, UidCopy, UidMove, UidExpunge,          // §6.4.8, RFC 4315, RFC 6851
  Other,
  // Line modes: the client's SASL response after AUTHENTICATE's "+", the line that ends IDLE.
  SaslResponse, Done,
  // The session's own events: start() greets; the error limit says "* BYE too many errors"; Closing
  // is any other BYE the server sends on its own; the connection may be lost in any state.
  // The TLS layer's events after STARTTLS: the handshake completed (Not Authenticated again, inside
  // TLS), or it failed.
  // ImplicitTls: the session starts inside TLS (port 993, RFC 8314), the handshake before the greeting.
  Greeting, TooManyErrors, Closing, TlsEstablished, TlsFailed, ConnectionLost, ImplicitTls,
};

struct Transition {
  State from;
  Command command;
  State on_ok;                  // after a tagged OK
  State on_no;                  // after a tagged NO
  State on_bad;                 // after a tagged BAD (the same state for commands, §7.1.3)
  State on_continue;            // after a "+" continuation: the command goes on in a line mode
  std::string_view refusal;     // non-empty: not valid in `from`; answered "tag BAD <COMMAND> <refusal>"
};

// The whole table, by state then command. Logout has no rows: nothing is read there.
const std::vector<Transition>& server_transitions();
// The row for (state, command), or nullptr where it cannot occur.
const Transition* find_transition(State from, Command command);

// "NOT AUTHENTICATED", "AUTHENTICATED", "SELECTED", "LOGOUT" as RFC 3501 §3 writes them;
// "AUTHENTICATING", "IDLE (AUTHENTICATED)", "IDLE (SELECTED)" for the line modes, "TLS HANDSHAKE".
std::string to_string(State s);
// The command's name ("CAPABILITY", "UID FETCH"); "other" for Other; the line modes and events in
// words ("SASL response", "DONE", "greeting", "too many errors", "BYE", "connection lost",
// "TLS established", "TLS failed").
std::string to_string(Command c);

}  // namespace mailsim::imap
