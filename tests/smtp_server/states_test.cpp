// The transition table as data (what a GUI draws), and the states the machine walks through.
#include <doctest/doctest.h>

#include <set>
#include <utility>

#include "smtp_server/transcript.hpp"
#include "sim/proto/smtp/server_states.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

namespace {

const ServerState kCommandStates[] = {ServerState::Connected, ServerState::NoService,
                                      ServerState::Greeted, ServerState::Mail, ServerState::Rcpt};
const Command kCommands[] = {Command::Ehlo, Command::Helo, Command::Mail, Command::Rcpt,
                             Command::Data, Command::Rset, Command::Noop, Command::Vrfy,
                             Command::Help, Command::Quit, Command::Other};

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
  }
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
