#pragma once
// IMAP4rev1 server states and which commands each allows (RFC 3501 §3 and §6), as data: the server
// obeys this table and a viewer can draw the state diagram from it.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

enum class State { NotAuthenticated, Authenticated, Selected, Logout };
std::string to_string(State s);

struct CommandRule {
  const char* command;             // "LOGIN", "SELECT", ...
  std::vector<State> allowed;      // states it may be given in
  const char* section;             // where RFC 3501 defines it
};

const std::vector<CommandRule>& server_commands();
// The rule for `command` (case-insensitive), or nullptr for a command the server does not know.
const CommandRule* find_command(std::string_view command);
bool allowed_in(const CommandRule& rule, State s);

}  // namespace mailsim::imap
