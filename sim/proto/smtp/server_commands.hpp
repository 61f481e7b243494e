#pragma once
// The SMTP server's commands as one list: for each, the verb a client sends, the handler that
// answers it, whether HELP names it, the viewers' explanation key, the point where a lesson may
// force a reply (failure injection) and the keyword the EHLO reply offers it by. Where a command may be given and where its reply leads is the
// transition table's job (server_states.hpp). Adding a command: one row here, its rows in the table,
// one handler, one transcript test.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/smtp/reply.hpp"
#include "sim/proto/smtp/server_states.hpp"

namespace mailsim::smtp {

class Server;
class Verdict;

struct ServerCommand {
  Command command;
  std::string_view verb;         // as the client sends it (any case); empty for line modes and events
  std::string_view reply_point;  // ServerConfig::forced_replies key and the scenario's smtp_reply
                                 // "command"; empty where no reply can be forced
  std::string_view explain;      // key of the viewers' explanation (viz/model/explain_table)
  bool in_help;                  // named by HELP
  // Answers the command's argument. Null for data lines (no reply) and for the session's events,
  // which the machine words itself.
  Verdict (Server::*handle)(std::string_view arg);
  // The EHLO keyword of the extension this command is (RFC 5321 §4.1.1.1), "" when none, and the
  // keyword's parameters as this server's configuration makes them (AUTH: its mechanisms), or
  // nullopt while the extension is not offered.
  std::string_view ehlo_keyword = {};
  std::optional<std::string> (Server::*ehlo_params)() const = nullptr;
};

// Every command and event, in the order HELP lists the verbs.
const std::vector<ServerCommand>& server_commands();
const ServerCommand& server_command(Command command);
// The command a verb names, case-insensitively (RFC 5321 §2.4); Other when none.
Command classify_verb(std::string_view verb);
// Where a lesson may force a reply, in table order: "CONNECT", "EHLO", ..., "DATA", "QUIT".
std::vector<std::string_view> reply_points();

}  // namespace mailsim::smtp
