// How the server frames commands around literals (RFC 3501 §4.3, §7.5; LITERAL+ style "{n+}" from
// RFC 7888 that clients send unasked): what it refuses before the bytes come, and how it finds the
// next command after a refused literal.
#include "imap/server_fixture.hpp"

using namespace imap_test;

TEST_CASE("IMAP server: a refused non-synchronizing literal is skipped, the next command works") {
  Mailbox mb;
  Session s(mb.store, 100);
  s.start();
  // The client does not wait for "+": the 300 bytes come right after the line.
  CHECK(s.feed("a1 LOGIN bob {300+}\r\n") == "a1 NO [TOOBIG] Literal too large (limit 100 octets)\r\n");
  CHECK(s.feed(std::string(150, 'x')).empty());
  CHECK(s.feed(std::string(150, 'y') + "\r\n").empty());  // the rest of the refused command's line
  CHECK(s.feed("a2 LOGIN bob secret\r\n") ==
        "a2 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in\r\n");
}

TEST_CASE("IMAP server: a command the state does not allow is refused before its literal is sent") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 APPEND INBOX {20}
S: a1 BAD APPEND not valid in the NOT AUTHENTICATED state: log in first
C: a2 FROB {5}
S: a2 BAD Unknown command FROB
C: a3 LOGIN bob secret
S: a3 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)");
}

TEST_CASE("IMAP server: LOGIN while a mailbox is selected is refused, the selection stays") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 LOGIN bob secret
S: a3 BAD LOGIN not valid in the SELECTED state: already logged in
C: a4 FETCH 3 FLAGS
S: a4 BAD Invalid message sequence number 3
C: a5 FETCH 2 FLAGS
S: * 2 FETCH (FLAGS ())
S: a5 OK FETCH completed
)");
  CHECK(s.server.state() == imap::State::Selected);
}

TEST_CASE("IMAP server: password guessing counts as errors and ends the session") {
  Mailbox mb;
  Session s(mb.store);
  s.start();
  for (int i = 1; i < 20; ++i)
    CHECK(s.feed("g" + std::to_string(i) + " LOGIN bob guess\r\n") ==
          "g" + std::to_string(i) + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  CHECK(s.feed("g20 LOGIN bob guess\r\n") ==
        "g20 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n* BYE too many errors\r\n");
  CHECK(s.server.closed());
}

// RFC 3501 §9: tag = 1*<ASTRING-CHAR except "+">, so a closing bracket is allowed and a plus is not.
TEST_CASE("IMAP server: tag characters, a closing bracket allowed and a plus refused") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a] NOOP
S: a] OK NOOP completed
C: a+ NOOP
S: * BAD Invalid tag
)");
}

// RFC 3501 §7.1.3: every command gets its tagged answer, one cut short by the line limit too.
TEST_CASE("IMAP server: an over-long line gets a tagged BAD at once, the rest of it is dropped") {
  Mailbox mb;
  Session s(mb.store, 100, 64);
  s.start();
  // Answered before the line ends: the client need not finish sending it.
  CHECK(s.feed("a1 LOGIN bob " + std::string(80, 'x')) == "a1 BAD Line too long (limit 64 octets)\r\n");
  CHECK(s.feed(std::string(500, 'x') + " NOOP\r\na2 NOOP\r\n") == "a2 OK NOOP completed\r\n");
  // After a literal the command's tag is known.
  CHECK(s.feed("a3 LOGIN {3}\r\n") == "+ Ready for literal data\r\n");
  CHECK(s.feed("bob " + std::string(80, 'y') + "\r\n") == "a3 BAD Line too long (limit 64 octets)\r\n");
  CHECK(s.feed("a4 LOGIN bob secret\r\n") == "a4 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in\r\n");
  // In IDLE the answer is IDLE's.
  CHECK(s.feed("a5 IDLE\r\n") == "+ idling\r\n");
  CHECK(s.feed(std::string(80, 'z') + "\r\n") == "a5 BAD Line too long (limit 64 octets)\r\n");
  CHECK(s.feed("a6 NOOP\r\n") == "a6 OK NOOP completed\r\n");
  CHECK(s.server.state() == imap::State::Authenticated);
}

TEST_CASE("IMAP server: an over-long line whose tag cannot be read ends the session with BYE") {
  Mailbox mb;
  Session s(mb.store, 100, 64);
  s.start();
  CHECK(s.feed(std::string(80, 'a') + "\r\n") == "* BYE Line too long (limit 64 octets)\r\n");
  CHECK(s.server.closed());
  Session t(mb.store, 100, 64);
  t.start();
  CHECK(t.feed("a+b " + std::string(80, 'a') + "\r\n") == "* BYE Line too long (limit 64 octets)\r\n");
  CHECK(t.server.closed());
}

// The limit holds for all of a command's literals together; a size near 2^64 must not wrap the sum.
TEST_CASE("IMAP server: a second literal whose size would wrap the total is refused, not awaited") {
  Mailbox mb;
  Session s(mb.store, 100);
  s.start();
  CHECK(s.feed("a1 LOGIN {3}\r\n") == "+ Ready for literal data\r\n");
  CHECK(s.feed("bob {18446744073709551614}\r\n") == "a1 NO [TOOBIG] Literal too large (limit 100 octets)\r\n");
  CHECK(s.feed("a2 LOGIN {3}\r\n") == "+ Ready for literal data\r\n");
  CHECK(s.feed("bob {98}\r\n") == "a2 NO [TOOBIG] Literal too large (limit 100 octets)\r\n");
  CHECK(s.feed("a3 LOGIN {3}\r\nbob {6}\r\n") == "+ Ready for literal data\r\n+ Ready for literal data\r\n");
  CHECK(s.feed("secret\r\n") == "a3 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in\r\n");
}
