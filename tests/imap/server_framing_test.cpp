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
        "a2 OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE UNSELECT] Logged in\r\n");
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
S: a3 OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR IDLE UNSELECT] Logged in
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
