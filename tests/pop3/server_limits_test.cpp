// Limits that keep a POP3 session bounded (line length, bad commands), and the transition table the
// server obeys and a GUI draws.
#include <doctest/doctest.h>

#include <string>

#include "pop3/fixture.hpp"
#include "sim/proto/pop3/states.hpp"

using namespace mailsim;

TEST_CASE("a command line past max_line is answered once and discarded up to its end") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  server.start();
  const std::string long_user = "USER " + std::string(600, 'a') + "\r\n";
  CHECK(test::feed_bytes(server, long_user + "NOOP\r\n", true) ==
        "-ERR line too long\r\n-ERR command not valid in AUTHORIZATION state\r\n");
  CHECK(server.feed(long_user) == "-ERR line too long\r\n");
  // 510 octets plus CRLF is exactly the limit: still a command.
  CHECK(server.feed("USER " + std::string(505, 'b') + "\r\n") == "+OK send PASS\r\n");
  CHECK(server.user() == std::string(505, 'b'));
}

TEST_CASE("memory stays bounded while a peer sends an endless line") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  server.start();
  std::string said;
  const std::string chunk(4096, 'x');
  for (int i = 0; i < 1000; ++i) said += server.feed(chunk);  // 4 MB, no LF
  CHECK(said == "-ERR line too long\r\n");
  CHECK(server.feed("\r\nNOOP\r\n") == "-ERR command not valid in AUTHORIZATION state\r\n");
}

TEST_CASE("max_errors bad commands close the session without UPDATE") {
  pop3::ServerConfig config = test::pop3_config();
  config.max_errors = 3;
  mailstore::MailStore store = test::pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
    C: DELE 1
    S: +OK message 1 deleted
    C: RETR 7
    S: -ERR no such message
    C: FOO
    S: -ERR Unknown command
    C: RETR x
    S: -ERR invalid argument
    C: BAR
    S: -ERR too many errors
    C: QUIT
  )", config);
  CHECK(test::inbox_uids(store) == "2,3,4");  // the DELE was never committed
  CHECK(!store.find("alice")->pop3_locked);
}

TEST_CASE("failed logins count toward max_errors") {
  pop3::ServerConfig config = test::pop3_config();
  config.max_errors = 2;
  test::pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS guess1
    S: -ERR [AUTH] Authentication failed.
    C: USER alice
    S: +OK send PASS
    C: PASS guess2
    S: -ERR too many errors
  )", config);
}

TEST_CASE("the transition table covers every command in AUTHORIZATION and TRANSACTION") {
  using pop3::Command;
  using pop3::State;
  for (State s : {State::Authorization, State::Transaction}) {
    for (int c = 0; c <= static_cast<int>(Command::Other); ++c) {
      const pop3::Transition* row = pop3::find_transition(s, static_cast<Command>(c));
      INFO(pop3::to_string(s) << " x " << pop3::to_string(static_cast<Command>(c)));
      REQUIRE(row != nullptr);
      CHECK(row->from == s);
    }
  }
  CHECK(pop3::find_transition(State::Authorization, Command::Pass)->on_success == State::Transaction);
  CHECK(pop3::find_transition(State::Transaction, Command::Quit)->on_success == State::Update);
  CHECK(pop3::find_transition(State::Update, Command::UpdateDone)->on_success == State::Closed);
  CHECK(pop3::find_transition(State::Closed, Command::Quit) == nullptr);
  CHECK(pop3::find_transition(State::Transaction, Command::User)->refusal == "command not valid in TRANSACTION state");
  // RFC 1939's 32 rows, APOP, AUTH and the AUTH EXCHANGE state's 7 (RFC 5034), and STLS's 5
  // (RFC 2595: STLS in AUTHORIZATION and TRANSACTION, the TLS HANDSHAKE state's 3), and implicit
  // TLS's one (RFC 8314, port 995: AUTHORIZATION to TLS HANDSHAKE before the greeting).
  CHECK(pop3::transitions().size() == 45);
  CHECK(pop3::find_transition(State::Authorization, Command::Stls)->on_success == State::TlsHandshake);
  CHECK(pop3::find_transition(State::TlsHandshake, Command::TlsEstablished)->on_success == State::Authorization);
  CHECK(pop3::find_transition(State::TlsHandshake, Command::User) == nullptr);  // nothing is read there
  // The session's own events: the greeting, the error limit and a lost connection are rows too.
  CHECK(pop3::find_transition(State::Authorization, Command::Greeting)->on_success == State::Authorization);
  for (State s : {State::Authorization, State::Transaction}) {
    CHECK(pop3::find_transition(s, Command::TooManyErrors)->on_success == State::Closed);
    CHECK(pop3::find_transition(s, Command::ConnectionLost)->on_success == State::Closed);
  }
  CHECK(pop3::find_transition(State::Update, Command::ConnectionLost) == nullptr);
  CHECK(pop3::parse_command("uidl") == Command::Uidl);
  CHECK(pop3::parse_command("APOP") == Command::Apop);
  CHECK(pop3::parse_command("XTND") == Command::Other);
  CHECK(pop3::to_string(State::Authorization) == "AUTHORIZATION");
}

TEST_CASE("the command list: a row for every command and event, keywords and CAPA tags from it") {
  using pop3::Command;
  for (int c = 0; c <= static_cast<int>(Command::ConnectionLost); ++c) {
    const pop3::ServerCommand& spec = pop3::server_command(static_cast<Command>(c));
    CHECK(static_cast<int>(spec.command) == c);
    if (!spec.keyword.empty()) {
      CHECK(spec.handle != nullptr);
      CHECK(pop3::parse_command(spec.keyword) == spec.command);
    }
  }
  CHECK(pop3::server_command(Command::Top).capa == "TOP");
  CHECK(pop3::server_command(Command::Pass).capa == "");
}

TEST_CASE("the error that reaches the limit with QUIT closes once, no table miss (found by fuzz_pop3_server)") {
  mailsim::mailstore::MailStore store = test::pop3_store();
  pop3::ServerConfig c = test::pop3_config();
  c.max_errors = 2;
  pop3::Server s(c, store);
  s.start();
  CHECK(s.feed("FOO\r\n") == "-ERR Unknown command\r\n");
  CHECK(s.feed("QUIT now\r\n") == "-ERR too many arguments\r\n");
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
}
