#pragma once
// The IMAP server's commands as one table: for each, the name a client sends, the states where it
// is valid and where its outcome leads (from which server_states builds the transition table), the
// handler that answers it, the CAPABILITY keyword that announces it, and the viewers' explanation
// key. The CAPABILITY response is generated from this table and server_features(), so it names
// exactly what is implemented. Adding a command: one row here (and its Command), one handler, one
// transcript test.
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/imap/args.hpp"
#include "sim/proto/imap/server_states.hpp"

namespace mailsim::imap {

class Server;

// How a command ends: the tagged OK, NO or BAD (§7.1), or a "+" continuation after which the
// command goes on in a line mode (AUTHENTICATE, IDLE), or not yet: a login an authentication server
// is checking (Server::set_login_check), answered by Server::resume.
enum class Outcome { Ok, No, Bad, Continue, Pending };

struct Reply {
  Outcome outcome;
  std::string text;  // after "tag OK " / "tag NO " / "tag BAD "; unused for Continue
};

// One command as its handler sees it.
struct Call {
  Command command;
  const std::string& tag;
  std::string_view name;                     // the row's name ("UID FETCH"), for "... completed"
  const std::vector<Arg>& args;              // parsed arguments (empty for line modes)
  const std::vector<std::string>& literals;  // the literals' bytes, in order
  std::string_view line;                     // line modes: the line as the client sent it
  std::string& out;                          // untagged responses and continuations go here
};

// Where a command is valid (§6.1-§6.4).
enum class Where {
  Anywhere,           // Not Authenticated, Authenticated and Selected (§6.1)
  NotAuthenticated,   // §6.2
  Authenticated,      // Authenticated and Selected (§6.3: "also valid in the selected state")
  BeforeSelect,       // Authenticated only (ENABLE, RFC 5161 §3.1: "before any mailbox is selected")
  Selected,           // §6.4
  LineMode,           // not a command: a line read in a line mode, or an event
};

// Where a command's outcome leads; every other outcome stays.
enum class Leads {
  Stay,
  LogsIn,         // OK: Authenticated
  Authenticates,  // OK: Authenticated; "+": Authenticating (the SASL exchange goes on)
  Selects,        // OK: Selected; NO: Authenticated (a failed SELECT deselects, §6.3.1)
  Deselects,      // OK: Authenticated
  LogsOut,        // OK, NO: Logout
  Idles,          // "+": the IDLE state of where it was given
  StartsTls,      // OK: TlsHandshake (STARTTLS)
};

struct ServerCommand {
  Command command;
  std::string_view name;        // as the client sends it (any case); empty for line modes and events
  Where where;
  Leads leads;
  std::string_view capability;  // what CAPABILITY must name for clients to use it; "" for IMAP4rev1
  std::string_view explain;     // key of the viewers' explanation (viz/model/explain_table)
  // Answers the command. Null for the events, which the server words itself.
  Reply (Server::*handle)(Call& call);
};

// Every command, line mode and event, in table order (which is the order of CAPABILITY).
const std::vector<ServerCommand>& server_commands();
const ServerCommand& server_command(Command command);
// The command a name names, case-insensitively ("uid fetch" -> UidFetch); Other when none.
Command classify_command(std::string_view name);

// A capability that is no command's: what the server does for every command once announced.
struct ServerFeature {
  std::string_view capability;
  std::string_view what;  // for the docs and the tests: why it may be announced
};
const std::vector<ServerFeature>& server_features();

// "IMAP4rev1 AUTH=PLAIN ...": what the greeting, LOGIN and CAPABILITY announce.
const std::string& server_capabilities();

}  // namespace mailsim::imap
