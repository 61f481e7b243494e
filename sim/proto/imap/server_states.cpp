#include "sim/proto/imap/server_states.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap {

std::string to_string(State s) {
  switch (s) {
    case State::NotAuthenticated: return "not authenticated";
    case State::Authenticated: return "authenticated";
    case State::Selected: return "selected";
    case State::Logout: return "logout";
  }
  return "?";
}

const std::vector<CommandRule>& server_commands() {
  using S = State;
  const std::vector<S> any = {S::NotAuthenticated, S::Authenticated, S::Selected};
  const std::vector<S> auth = {S::Authenticated, S::Selected};
  static const std::vector<CommandRule> rules = {
      {"CAPABILITY", any, "6.1.1"},          {"NOOP", any, "6.1.2"},
      {"LOGOUT", any, "6.1.3"},              {"LOGIN", {S::NotAuthenticated}, "6.2.3"},
      {"AUTHENTICATE", {S::NotAuthenticated}, "6.2.2"},
      {"SELECT", auth, "6.3.1"},             {"EXAMINE", auth, "6.3.2"},
      {"CREATE", auth, "6.3.3"},             {"LIST", auth, "6.3.8"},
      {"LSUB", auth, "6.3.9"},               {"STATUS", auth, "6.3.10"},
      {"APPEND", auth, "6.3.11"},            {"IDLE", auth, "RFC 2177"},
      {"CHECK", {S::Selected}, "6.4.1"},     {"CLOSE", {S::Selected}, "6.4.2"},
      {"UNSELECT", {S::Selected}, "RFC 3691"},
      {"EXPUNGE", {S::Selected}, "6.4.3"},   {"SEARCH", {S::Selected}, "6.4.4"},
      {"FETCH", {S::Selected}, "6.4.5"},     {"STORE", {S::Selected}, "6.4.6"},
      {"UID", {S::Selected}, "6.4.8"},
  };
  return rules;
}

const CommandRule* find_command(std::string_view command) {
  for (const auto& r : server_commands())
    if (proto::iequals(r.command, command)) return &r;
  return nullptr;
}

bool allowed_in(const CommandRule& rule, State s) {
  return std::find(rule.allowed.begin(), rule.allowed.end(), s) != rule.allowed.end();
}

}  // namespace mailsim::imap
