// Greeting, CAPABILITY, LOGIN, AUTHENTICATE, LOGOUT and the errors around them (RFC 3501 §6.1, §6.2).
#include "imap/server_fixture.hpp"

using namespace imap_test;

TEST_CASE("IMAP server: greeting, CAPABILITY, NOOP, LOGIN, LOGOUT") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a0 CAPABILITY
S: * CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE
S: a0 OK CAPABILITY completed
C: a1 NOOP
S: a1 OK NOOP completed
C: a2 LOGIN bob secret
S: a2 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a3 LOGOUT
S: * BYE mx.home.example IMAP4rev1 server logging out
S: a3 OK LOGOUT completed
)");
  CHECK(s.server.closed());
  CHECK(s.feed("a4 NOOP\r\n").empty());
}

TEST_CASE("IMAP server: a wrong password and an unknown user get the same NO") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob wrong
S: a1 NO [AUTHENTICATIONFAILED] Authentication failed.
C: a2 LOGIN "nobody" "secret"
S: a2 NO [AUTHENTICATIONFAILED] Authentication failed.
C: a3 SELECT INBOX
S: a3 BAD SELECT not valid in the NOT AUTHENTICATED state: log in first
)");
  CHECK(s.server.state() == imap::State::NotAuthenticated);
}

TEST_CASE("IMAP server: LOGIN with a literal password, fed byte by byte") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob {6}
S: + Ready for literal data
C: secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)", true);
  CHECK(s.server.state() == imap::State::Authenticated);
}

TEST_CASE("IMAP server: AUTHENTICATE PLAIN with a continuation, with SASL-IR, and cancelled") {
  Mailbox mb;
  Session s(mb.store);
  // base64("\0bob\0secret") = AGJvYgBzZWNyZXQ=
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 AUTHENTICATE PLAIN
S: + 
C: *
S: a1 BAD AUTHENTICATE cancelled
C: a2 AUTHENTICATE CRAM-MD5
S: a2 NO Unsupported authentication mechanism
C: a3 AUTHENTICATE PLAIN
S: + 
C: AGJvYgBzZWNyZXQ=
S: a3 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)");
  Session t(mb.store);
  test::play_server(t, std::string(kGreeting) + R"(
C: b1 AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=
S: b1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)");
}

TEST_CASE("IMAP server: bad tags, unknown commands, bad arguments, too many errors end the session") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: +tag NOOP
S: * BAD Invalid tag
C: a1
S: a1 BAD Missing command name
C: a2 FROBNICATE
S: a2 BAD Unknown command FROBNICATE
C: a3 LOGIN "unterminated
S: a3 BAD Invalid arguments
C: a4 LOGIN onlyuser
S: a4 BAD Syntax: LOGIN userid password
)");
  for (int i = 5; i < 19; ++i) CHECK(s.feed("x FROB\r\n") == "x BAD Unknown command FROB\r\n");
  CHECK(s.feed("x FROB\r\n") == "x BAD Unknown command FROB\r\n* BYE too many errors\r\n");
  CHECK(s.server.closed());
}

TEST_CASE("IMAP server: limits: an over-long line, a literal too large, an unterminated literal") {
  Mailbox mb;
  Session s(mb.store, 100, 64);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
S: a1 BAD Line too long (limit 64 octets)
C: a2 LOGIN bob {1000}
S: a2 NO [TOOBIG] Literal too large (limit 100 octets)
C: a3 LOGIN bob secret
S: a3 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)");
  // An unterminated literal waits for its bytes, holding no more than it announced.
  CHECK(s.feed("a4 APPEND INBOX {50}\r\n") == "+ Ready for literal data\r\n");
  CHECK(s.feed("only part of it").empty());
  CHECK(s.server.state() == imap::State::Authenticated);
}
