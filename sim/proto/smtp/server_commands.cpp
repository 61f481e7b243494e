#include "sim/proto/smtp/server_commands.hpp"

#include <stdexcept>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/smtp/server.hpp"

namespace mailsim::smtp {

// Reply points are the names lessons already use: the 354 step is "DATA-CMD", the reply after the
// message's final "." is "DATA", the greeting "CONNECT". Explanation keys are the verbs the viewers
// know; the events have none (the viewers explain their replies by code).
const std::vector<ServerCommand>& server_commands() {
  using S = Server;
  static const std::vector<ServerCommand> commands = {
      {Command::Greeting, "", "CONNECT", "", false, &S::on_greeting},
      {Command::Ehlo, "EHLO", "EHLO", "EHLO", true, &S::on_ehlo},
      {Command::Helo, "HELO", "HELO", "HELO", true, &S::on_helo},
      // RFC 3207. Not named by HELP, which lists the commands every session may use. Its EHLO
      // keyword goes where Postfix puts it, before AUTH's.
      {Command::Starttls, "STARTTLS", "STARTTLS", "STARTTLS", false, &S::on_starttls, "STARTTLS", &S::starttls_offered},
      // RFC 4954. Not in HELP: EHLO names it, when it is offered. No reply point yet: the exchange's
      // replies come from the credential lookup, which a lesson can make fail.
      {Command::Auth, "AUTH", "", "AUTH", false, &S::on_auth, "AUTH", &S::auth_mechanisms},
      {Command::Mail, "MAIL", "MAIL", "MAIL", true, &S::on_mail},
      {Command::Rcpt, "RCPT", "RCPT", "RCPT", true, &S::on_rcpt},
      {Command::Data, "DATA", "DATA-CMD", "DATA", true, &S::on_data},
      {Command::DataLine, "", "", "", false, nullptr},
      {Command::EndOfData, "", "DATA", ".", false, &S::on_end_of_data},
      {Command::AuthResponse, "", "", "AUTH response", false, &S::on_auth_response},
      {Command::Rset, "RSET", "RSET", "RSET", true, &S::on_rset},
      {Command::Noop, "NOOP", "NOOP", "NOOP", true, &S::on_noop},
      {Command::Vrfy, "VRFY", "VRFY", "VRFY", true, &S::on_vrfy},
      // Postfix answers EXPN without naming it in HELP; so do we.
      {Command::Expn, "EXPN", "", "EXPN", false, &S::on_expn},
      {Command::Help, "HELP", "HELP", "HELP", true, &S::on_help},
      {Command::Quit, "QUIT", "QUIT", "QUIT", true, &S::on_quit},
      {Command::Other, "", "", "", false, &S::on_other},
      {Command::Closing, "", "", "", false, nullptr},
      {Command::TooManyErrors, "", "", "", false, nullptr},
      {Command::ImplicitTls, "", "", "", false, nullptr},
      {Command::TlsEstablished, "", "", "", false, nullptr},
      {Command::TlsFailed, "", "", "", false, nullptr},
  };
  return commands;
}

const ServerCommand& server_command(Command command) {
  for (const ServerCommand& c : server_commands())
    if (c.command == command) return c;
  // Every Command has a row above; the tests check it, so this is a programmer's error.
  throw std::logic_error("smtp: no server_commands() row for " + to_string(command));
}

Command classify_verb(std::string_view verb) {
  for (const ServerCommand& c : server_commands())
    if (!c.verb.empty() && proto::iequals(verb, c.verb)) return c.command;
  return Command::Other;
}

std::vector<std::string_view> reply_points() {
  std::vector<std::string_view> out;
  for (const ServerCommand& c : server_commands())
    if (!c.reply_point.empty()) out.push_back(c.reply_point);
  return out;
}

}  // namespace mailsim::smtp
