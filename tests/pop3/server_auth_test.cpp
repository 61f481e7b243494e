// AUTHORIZATION state (RFC 1939 §4, §7): greeting, USER/PASS, CAPA, QUIT, and the maildrop lock (§8).
#include <doctest/doctest.h>

#include "pop3/fixture.hpp"
#include "sim/proto/pop3/server.hpp"

using namespace mailsim;
using test::pop3_dialog;

TEST_CASE("USER and PASS open the maildrop, QUIT in TRANSACTION signs off") {
  pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
    C: QUIT
    S: +OK pop.example POP3 server signing off (3 messages left)
  )");
}

TEST_CASE("the password is the rest of the line, spaces included, and keywords are case-insensitive") {
  mailstore::MailStore store = test::pop3_store();
  store.add_account("carol", "two words", 3);
  pop3::Server server(test::pop3_config(), store);
  test::play_server(server, R"(
    S: +OK pop.example POP3 server ready
    C: user carol
    S: +OK send PASS
    C: pass two words
    S: +OK maildrop has 0 messages (0 octets)
  )");
  CHECK(server.state() == pop3::State::Transaction);
  CHECK(server.user() == "carol");
}

TEST_CASE("a wrong password and an unknown user get the same reply, USER may be tried again") {
  pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS wrong
    S: -ERR [AUTH] Authentication failed.
    C: USER mallory
    S: +OK send PASS
    C: PASS secret
    S: -ERR [AUTH] Authentication failed.
    C: PASS secret
    S: -ERR send USER first
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
  )");
}

TEST_CASE("PASS before USER, and USER or PASS without their argument, are refused") {
  pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: PASS secret
    S: -ERR send USER first
    C: USER
    S: -ERR missing argument
    C: USER alice bob
    S: -ERR too many arguments
    C: USER alice
    S: +OK send PASS
    C: PASS
    S: -ERR missing argument
  )");
}

TEST_CASE("TRANSACTION commands are refused in AUTHORIZATION, USER and PASS in TRANSACTION") {
  pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: STAT
    S: -ERR command not valid in AUTHORIZATION state
    C: LIST
    S: -ERR command not valid in AUTHORIZATION state
    C: RETR 1
    S: -ERR command not valid in AUTHORIZATION state
    C: DELE 1
    S: -ERR command not valid in AUTHORIZATION state
    C: NOOP
    S: -ERR command not valid in AUTHORIZATION state
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
    C: USER bob
    S: -ERR command not valid in TRANSACTION state
    C: PASS hunter2
    S: -ERR command not valid in TRANSACTION state
    C: STAT
    S: +OK 3 192
  )");
}

TEST_CASE("CAPA lists what is implemented, in both states") {
  pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: CAPA
    S: +OK Capability list follows
    S: USER
    S: TOP
    S: UIDL
    S: RESP-CODES
    S: PIPELINING
    S: .
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
    C: capa
    S: +OK Capability list follows
    S: USER
    S: TOP
    S: UIDL
    S: RESP-CODES
    S: PIPELINING
    S: .
  )");
}

TEST_CASE("QUIT in AUTHORIZATION closes without UPDATE, later bytes are ignored") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  test::play_server(server, R"(
    S: +OK pop.example POP3 server ready
    C: QUIT
    S: +OK pop.example POP3 server signing off
    C: USER alice
  )");
  CHECK(server.closed());
  CHECK(server.state() == pop3::State::Closed);
}

TEST_CASE("a second session on a locked maildrop gets [IN-USE], QUIT releases the lock") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server first(test::pop3_config(), store);
  test::play_server(first, R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
  )");
  CHECK(store.find("alice")->pop3_locked);

  pop3::Server second(test::pop3_config(), store);
  test::play_server(second, R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS wrong
    S: -ERR [AUTH] Authentication failed.
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: -ERR [IN-USE] Mailbox is locked by another POP3 session
  )");
  CHECK(second.state() == pop3::State::Authorization);
  // Another user's maildrop is not locked by alice's session.
  test::play_server(second, R"(
    C: USER bob
    S: +OK send PASS
    C: PASS hunter2
    S: +OK maildrop has 0 messages (0 octets)
    C: QUIT
    S: +OK pop.example POP3 server signing off (maildrop empty)
  )");
  CHECK(!store.find("bob")->pop3_locked);
  CHECK(store.find("alice")->pop3_locked);  // a refused session did not free alice's lock

  CHECK(first.feed("QUIT\r\n") == "+OK pop.example POP3 server signing off (3 messages left)\r\n");
  CHECK(!store.find("alice")->pop3_locked);

  pop3::Server third(test::pop3_config(), store);
  third.start();
  CHECK(third.feed("USER alice\r\nPASS secret\r\n") ==
        "+OK send PASS\r\n+OK maildrop has 3 messages (192 octets)\r\n");
}

TEST_CASE("connection_lost releases the lock, so does a session that is simply dropped") {
  mailstore::MailStore store = test::pop3_store();
  {
    pop3::Server server(test::pop3_config(), store);
    server.start();
    server.feed("USER alice\r\nPASS secret\r\n");
    CHECK(store.find("alice")->pop3_locked);
    server.connection_lost();
    CHECK(server.closed());
    CHECK(!store.find("alice")->pop3_locked);
    CHECK(server.feed("STAT\r\n").empty());
  }
  {
    pop3::Server server(test::pop3_config(), store);
    server.feed("USER alice\r\nPASS secret\r\n");
    pop3::Server moved(std::move(server));  // the lock moves with the session
    CHECK(store.find("alice")->pop3_locked);
    CHECK(moved.feed("STAT\r\n") == "+OK 3 192\r\n");
  }
  CHECK(!store.find("alice")->pop3_locked);
}

TEST_CASE("a session that failed to log in does not free a lock it never held") {
  mailstore::MailStore store = test::pop3_store();
  store.find("alice")->pop3_locked = true;  // held by some other session
  {
    pop3::Server server(test::pop3_config(), store);
    server.feed("USER alice\r\nPASS secret\r\n");
    server.connection_lost();
  }
  CHECK(store.find("alice")->pop3_locked);
}
