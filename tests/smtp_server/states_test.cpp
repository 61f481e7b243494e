// The transition table as data (what a GUI draws), and the states the machine walks through.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

#include "smtp_server/transcript.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/smtp/server_commands.hpp"
#include "sim/proto/smtp/server_states.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

namespace {

const ServerState kCommandStates[] = {ServerState::Connected, ServerState::NoService,
                                      ServerState::Greeted, ServerState::Mail, ServerState::Rcpt};
const Command kCommands[] = {Command::Ehlo, Command::Helo, Command::Auth, Command::Mail, Command::Rcpt,
                             Command::Data, Command::Rset, Command::Noop, Command::Vrfy,
                             Command::Help, Command::Quit, Command::Starttls, Command::Other};

}  // namespace

TEST_CASE("table: every command has exactly one row in every state that reads commands") {
  std::set<std::pair<ServerState, Command>> seen;
  for (const Transition& t : server_transitions()) {
    CHECK(seen.insert({t.from, t.command}).second);
  }
  for (const ServerState s : kCommandStates) {
    for (const Command c : kCommands) {
      CHECK_MESSAGE(find_transition(s, c) != nullptr, to_string(s) << " x " << to_string(c));
    }
    CHECK(find_transition(s, Command::EndOfData) == nullptr);
    CHECK(find_transition(s, Command::AuthResponse) == nullptr);
  }
  CHECK(find_transition(ServerState::Auth, Command::AuthResponse) != nullptr);
  CHECK(find_transition(ServerState::Auth, Command::Quit) == nullptr);
  CHECK(find_transition(ServerState::Data, Command::EndOfData) != nullptr);
  CHECK(find_transition(ServerState::Data, Command::Quit) == nullptr);
  for (const Command c : kCommands) CHECK(find_transition(ServerState::Closed, c) == nullptr);
}

TEST_CASE("table: refusals are 503 bad sequence, or 554 for DATA without a valid recipient") {
  for (const Transition& t : server_transitions()) {
    if (t.refusal_code == 0) continue;
    CHECK(t.on_success == t.from);
    CHECK(t.on_failure == t.from);
    CHECK_FALSE(t.refusal_text.empty());
    if (t.refusal_code == 554) {
      CHECK(t.from == ServerState::Mail);
      CHECK(t.command == Command::Data);
    } else {
      CHECK(t.refusal_code == 503);
    }
  }
  const Transition* nested = find_transition(ServerState::Rcpt, Command::Mail);
  REQUIRE(nested != nullptr);
  CHECK(nested->refusal_text == "Error: nested MAIL command");
}

TEST_CASE("table: QUIT closes from every state, only QUIT is let through after a 554 greeting") {
  for (const ServerState s : kCommandStates) {
    const Transition* quit = find_transition(s, Command::Quit);
    REQUIRE(quit != nullptr);
    CHECK(quit->on_success == ServerState::Closed);
    CHECK(quit->on_failure == ServerState::Closed);
  }
  for (const Command c : kCommands) {
    const Transition* t = find_transition(ServerState::NoService, c);
    REQUIRE(t != nullptr);
    CHECK((t->refusal_code == 0) == (c == Command::Quit));
  }
}

TEST_CASE("to_string names states and commands") {
  CHECK(to_string(ServerState::Connected) == "Connected");
  CHECK(to_string(ServerState::NoService) == "NoService");
  CHECK(to_string(ServerState::Greeted) == "Greeted");
  CHECK(to_string(ServerState::Mail) == "Mail");
  CHECK(to_string(ServerState::Rcpt) == "Rcpt");
  CHECK(to_string(ServerState::Data) == "Data");
  CHECK(to_string(ServerState::Closed) == "Closed");
  CHECK(to_string(Command::Ehlo) == "EHLO");
  CHECK(to_string(Command::EndOfData) == "<CRLF>.<CRLF>");
}

TEST_CASE("the machine walks Connected, Greeted, Mail, Rcpt, Data, Greeted, Closed") {
  Server s(mx_config(), {});
  CHECK(s.state() == ServerState::Connected);
  s.start();
  CHECK(s.state() == ServerState::Connected);
  s.feed("EHLO client.example\r\n");
  CHECK(s.state() == ServerState::Greeted);
  s.feed("MAIL FROM:<alice@a.example>\r\n");
  CHECK(s.state() == ServerState::Mail);
  s.feed("RCPT TO:<bob@b.example>\r\n");
  CHECK(s.state() == ServerState::Rcpt);
  s.feed("DATA\r\n");
  CHECK(s.state() == ServerState::Data);
  s.feed("hi\r\n.\r\n");
  CHECK(s.state() == ServerState::Greeted);
  s.feed("QUIT\r\n");
  CHECK(s.state() == ServerState::Closed);
  CHECK(s.closed());
}

namespace {
// Where each input can occur at all: commands where commands are read, data lines and their end in
// Data, SASL responses in Auth, a 421/521 wherever the server speaks, the error limit wherever a
// negative reply is sent (in Auth it ends the exchange first), the greeting at the start.
bool can_occur(ServerState s, Command c) {
  const bool reads_commands = s == ServerState::Connected || s == ServerState::NoService ||
                              s == ServerState::Greeted || s == ServerState::Mail || s == ServerState::Rcpt;
  switch (c) {
    case Command::Ehlo: case Command::Helo: case Command::Auth: case Command::Mail: case Command::Rcpt: case Command::Data:
    case Command::Rset: case Command::Noop: case Command::Vrfy: case Command::Expn: case Command::Help:
    case Command::Quit: case Command::Starttls: case Command::Other: case Command::TooManyErrors:
      return reads_commands;
    case Command::TlsEstablished: case Command::TlsFailed: return s == ServerState::TlsHandshake;
    case Command::DataLine: case Command::EndOfData: return s == ServerState::Data;
    case Command::AuthResponse: return s == ServerState::Auth;
    case Command::Closing: return s != ServerState::Closed && s != ServerState::TlsHandshake;
    case Command::Greeting: case Command::ImplicitTls: return s == ServerState::Connected;
  }
  return false;
}
constexpr ServerState kAllStates[] = {ServerState::Connected, ServerState::NoService, ServerState::Greeted,
                                      ServerState::Auth,      ServerState::Mail,      ServerState::Rcpt,
                                      ServerState::Data,      ServerState::TlsHandshake, ServerState::Closed};
}  // namespace

TEST_CASE("table: a row for everything that can happen, and none for what cannot") {
  for (const ServerState s : kAllStates) {
    for (int i = 0; i <= static_cast<int>(Command::TlsFailed); ++i) {
      const auto c = static_cast<Command>(i);
      CHECK_MESSAGE((find_transition(s, c) != nullptr) == can_occur(s, c), to_string(s) << " x " << to_string(c));
    }
  }
}

TEST_CASE("table: the session's own events close, the greeting opens or refuses service") {
  const Transition* greeting = find_transition(ServerState::Connected, Command::Greeting);
  REQUIRE(greeting != nullptr);
  CHECK(greeting->on_success == ServerState::Connected);
  CHECK(greeting->on_failure == ServerState::NoService);
  for (const ServerState s : kAllStates) {
    if (const Transition* t = find_transition(s, Command::Closing)) CHECK(t->on_success == ServerState::Closed);
    if (const Transition* t = find_transition(s, Command::TooManyErrors)) CHECK(t->on_success == ServerState::Closed);
  }
  // EHLO opens an ESMTP session, HELO a plain one, as the rows' effects.
  CHECK(find_transition(ServerState::Greeted, Command::Ehlo)->effect == SessionEffect::Esmtp);
  CHECK(find_transition(ServerState::Rcpt, Command::Helo)->effect == SessionEffect::Smtp);
}

TEST_CASE("commands: one row per command, verbs and handlers, HELP and reply points from the list") {
  for (int i = 0; i <= static_cast<int>(Command::TlsFailed); ++i) {
    const auto c = static_cast<Command>(i);
    const ServerCommand& spec = server_command(c);
    CHECK(spec.command == c);
    if (!spec.verb.empty()) {
      CHECK(spec.handle != nullptr);
      CHECK(classify_verb(spec.verb) == c);
      CHECK(classify_verb(mailsim::proto::to_lower(spec.verb)) == c);  // RFC 5321 §2.4: verbs in any case
    }
  }
  CHECK(classify_verb("STARTTLS") == Command::Starttls);
  CHECK(classify_verb("STARTTLSX") == Command::Other);
  CHECK(reply_points() == std::vector<std::string_view>{"CONNECT", "EHLO", "HELO", "STARTTLS", "MAIL", "RCPT",
                                                        "DATA-CMD", "DATA", "RSET", "NOOP", "VRFY", "HELP",
                                                        "QUIT"});
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: HELP
S: 214-2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT
S: 214 2.0.0 See RFC 5321 (Simple Mail Transfer Protocol)
C: EXPN staff
S: 502 5.5.1 Error: command not implemented
)"));
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("diagram: drawn from the table, in dot and Mermaid") {
  const mailsim::proto::Diagram d = server_diagram();
  CHECK(d.states == std::vector<std::string>{"Connected", "NoService", "Greeted", "Auth", "Mail", "Rcpt", "Data",
                                             "TlsHandshake", "Closed"});
  const auto* mail = d.find("Greeted", "Mail", "MAIL");
  REQUIRE(mail != nullptr);
  CHECK(mail->label() == "MAIL 2xx/3xx");
  const auto* stay = d.find("Greeted", "Greeted", "NOOP");
  REQUIRE(stay != nullptr);
  CHECK(stay->label() == "EHLO, HELO, RSET, NOOP, VRFY, EXPN, HELP, other");
  const auto* end = d.find("Data", "Greeted", "CRLF.CRLF");
  REQUIRE(end != nullptr);
  CHECK(end->kind == mailsim::proto::EdgeKind::Always);
  CHECK(d.find("Rcpt", "Rcpt", "MAIL") == nullptr);  // refusals only when asked for
  CHECK(server_diagram(true).find("Rcpt", "Rcpt", "MAIL")->label() == "AUTH, MAIL, STARTTLS 503");
  const std::string dot = to_dot(d);
  CHECK(dot.starts_with("digraph \"smtp-server\" {\n"));
  CHECK(dot.find("  \"Rcpt\" -> \"Data\" [label=\"DATA 2xx/3xx\"];\n") != std::string::npos);
  CHECK(dot.find("  \"Rcpt\" -> \"Rcpt\" [label=\"EHLO, HELO, DATA, RSET 4xx/5xx\", style=dashed];\n") !=
        std::string::npos);
  CHECK(dot.find("  \"Closed\" [peripheries=2];\n") != std::string::npos);
  const std::string mermaid = to_mermaid(d);
  CHECK(mermaid.find("stateDiagram-v2\n  [*] --> Connected\n") != std::string::npos);
  CHECK(mermaid.find("  Data --> Greeted : CRLF.CRLF\n") != std::string::npos);
  CHECK(mermaid.find("  Closed --> [*]\n") != std::string::npos);
}
