#pragma once
// The POP3 server's commands as one list: the keyword a client sends, the handler that answers it,
// the CAPA tag it adds (RFC 2449 §6) and the viewers' explanation key. Where a command may be given
// and where its reply leads is the transition table's job (states.hpp). Adding a command: one row
// here, its rows in the table, one handler, one transcript test.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/pop3/response.hpp"
#include "sim/proto/pop3/states.hpp"

namespace mailsim::pop3 {

class Server;

struct ServerCommand {
  Command command;
  std::string_view keyword;  // as the client sends it (any case); empty for the session's events
  std::string_view capa;     // the tag CAPA lists for it; empty when it needs none
  std::string_view explain;  // key of the viewers' explanation
  Response (Server::*handle)(std::string_view args);  // null for the session's events
  // The tag's parameters as this server's configuration makes them (SASL: its mechanisms), or
  // nullopt while the command is not offered. Null: the tag alone, always.
  std::optional<std::string> (Server::*capa_params)() const = nullptr;
};

// Every command and event, in RFC 1939's order (CAPA lists the tags in this order).
const std::vector<ServerCommand>& server_commands();
const ServerCommand& server_command(Command command);
// Classifies a command keyword, case-insensitively (RFC 1939 §3: "keywords are case-insensitive").
Command parse_command(std::string_view keyword);

}  // namespace mailsim::pop3
