#include "sim/proto/pop3/commands.hpp"

#include <stdexcept>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/pop3/server.hpp"

namespace mailsim::pop3 {

const std::vector<ServerCommand>& server_commands() {
  using S = Server;
  static const std::vector<ServerCommand> commands = {
      // USER's tag says the plain-text login works (RFC 2449 §6.8); TOP and UIDL are RFC 1939's
      // optional commands, so they are named too.
      // Not listed while plaintext logins are refused (Dovecot's disable_plaintext_auth before TLS).
      {Command::User, "USER", "USER", "USER", &S::on_user, &S::user_offered},
      {Command::Pass, "PASS", "", "PASS", &S::on_pass},
      {Command::Quit, "QUIT", "", "QUIT", &S::on_quit},
      {Command::Stat, "STAT", "", "STAT", &S::on_stat},
      {Command::List, "LIST", "", "LIST", &S::on_list},
      {Command::Retr, "RETR", "", "RETR", &S::on_retr},
      {Command::Dele, "DELE", "", "DELE", &S::on_dele},
      {Command::Noop, "NOOP", "", "NOOP", &S::on_noop},
      {Command::Rset, "RSET", "", "RSET", &S::on_rset},
      {Command::Top, "TOP", "TOP", "TOP", &S::on_top},
      {Command::Uidl, "UIDL", "UIDL", "UIDL", &S::on_uidl},
      // APOP has no CAPA tag: the msg-id in the greeting is what tells a client it may (§7).
      {Command::Apop, "APOP", "", "APOP", &S::on_apop},
      // RFC 5034 §3: "SASL mech mech ...", when mechanisms are configured.
      {Command::Auth, "AUTH", "SASL", "AUTH", &S::on_auth, &S::sasl_mechanisms},
      // RFC 2595 §4: "STLS" while TLS may start (offered and not yet on).
      {Command::Stls, "STLS", "STLS", "STLS", &S::on_stls, &S::stls_offered},
      {Command::Capa, "CAPA", "", "CAPA", &S::on_capa},
      {Command::Other, "", "", "", &S::on_other},
      {Command::AuthResponse, "", "", "AUTH response", &S::on_auth_response},
      {Command::UpdateDone, "", "", "", nullptr},
      {Command::Greeting, "", "", "", nullptr},
      {Command::TooManyErrors, "", "", "", nullptr},
      {Command::ConnectionLost, "", "", "", nullptr},
      {Command::TlsEstablished, "", "", "", nullptr},
      {Command::TlsFailed, "", "", "", nullptr},
      {Command::ImplicitTls, "", "", "", nullptr},
  };
  return commands;
}

const ServerCommand& server_command(Command command) {
  for (const ServerCommand& c : server_commands())
    if (c.command == command) return c;
  // Every Command has a row above; the tests check it, so this is a programmer's error.
  throw std::logic_error("pop3: no server_commands() row for " + to_string(command));
}

Command parse_command(std::string_view keyword) {
  for (const ServerCommand& c : server_commands())
    if (!c.keyword.empty() && proto::iequals(keyword, c.keyword)) return c.command;
  return Command::Other;
}

}  // namespace mailsim::pop3
