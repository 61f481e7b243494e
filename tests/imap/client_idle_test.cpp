// The IMAP client in IDLE (RFC 2177): waiting for pushed EXISTS, fetching the news, stop_idle().
#include <doctest/doctest.h>

#include <string>

#include "support/transcript.hpp"
#include "sim/proto/imap/client.hpp"

using namespace mailsim;

namespace {

imap::ClientJob idle_job() {
  imap::ClientJob j;
  j.user = "alice";
  j.password = "secret";
  j.known_uidvalidity = 7;
  j.last_seen_uid = 3;
  j.idle = true;
  return j;
}

// One message (UID 3) already seen: nothing to fetch, straight into IDLE.
const char* const kIntoIdle = R"(
  S: * OK ready
  C: a1 LOGIN alice secret
  S: a1 OK done
  C: a2 SELECT INBOX
  S: * 1 EXISTS
  S: * OK [UIDVALIDITY 7] x
  S: * OK [UIDNEXT 4] x
  S: a2 OK [READ-WRITE] done
  C: a3 IDLE
  S: + idling
)";

}  // namespace

TEST_CASE("a pushed EXISTS ends IDLE, the news are fetched, IDLE resumes, stop_idle logs out") {
  for (bool bytewise : {false, true}) {
    imap::Client c(idle_job());
    test::play_client(c, kIntoIdle, bytewise);
    CHECK(c.idling());
    test::play_client(c, R"(
      S: * 1 FETCH (FLAGS (\Seen))
      S: * 1 EXPUNGE
      S: * 0 EXISTS
      S: * 1 EXISTS
      C: DONE
      S: a3 OK IDLE terminated
      C: a4 UID FETCH 4:* (UID FLAGS BODY[])
      S: * 1 FETCH (UID 4 FLAGS (\Seen) BODY[] {24}
      S: Subject: five
      S:
      S: fifth
      S: )
      S: a4 OK FETCH completed
      C: a5 IDLE
      S: + idling
    )", bytewise);
    CHECK(c.idling());
    REQUIRE(c.fetched().size() == 1);
    CHECK(c.fetched()[0].uid == 4);
    CHECK(c.fetched()[0].raw == "Subject: five\r\n\r\nfifth\r\n");
    CHECK(c.uidnext() == 5);

    CHECK(c.stop_idle() == "DONE\r\n");
    CHECK(!c.idling());
    CHECK(c.stop_idle().empty());
    test::play_client(c, R"(
      S: a5 OK IDLE terminated
      C: a6 LOGOUT
      S: * BYE logging out
      S: a6 OK LOGOUT completed
    )", bytewise);
    CHECK(c.done());
    CHECK(!c.failed());
  }
}

TEST_CASE("EXISTS that does not grow (after EXPUNGE) keeps the client idling") {
  imap::Client c(idle_job());
  test::play_client(c, kIntoIdle);
  test::play_client(c, R"(
    S: * 1 EXPUNGE
    S: * 0 EXISTS
  )");
  CHECK(c.idling());
}

TEST_CASE("stop_idle before the server's '+' sends DONE as soon as it comes") {
  imap::Client c(idle_job());
  test::play_client(c, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 0 EXISTS
    S: a2 OK done
    C: a3 IDLE
  )");
  CHECK(!c.idling());
  CHECK(c.stop_idle().empty());
  test::play_client(c, R"(
    S: + idling
    C: DONE
    S: a3 OK IDLE terminated
    C: a4 LOGOUT
  )");
}

TEST_CASE("stop_idle during the first fetch: LOGOUT comes instead of IDLE") {
  imap::ClientJob j = idle_job();
  j.last_seen_uid = 0;
  imap::Client c(j);
  test::play_client(c, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 1 EXISTS
    S: a2 OK done
    C: a3 UID FETCH 1:* (UID FLAGS BODY[])
  )");
  CHECK(c.stop_idle().empty());
  test::play_client(c, R"(
    S: a3 OK done
    C: a4 LOGOUT
  )");
}

TEST_CASE("a server that refuses IDLE fails the job, one that says BYE while idling too") {
  imap::Client refused(idle_job());
  test::play_client(refused, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 0 EXISTS
    S: a2 OK done
    C: a3 IDLE
    S: a3 BAD Unknown command IDLE
    C: a4 LOGOUT
  )");
  CHECK(refused.error() == "IDLE: BAD Unknown command IDLE");

  imap::Client dropped(idle_job());
  test::play_client(dropped, kIntoIdle);
  CHECK(dropped.feed("* BYE Disconnected for inactivity.\r\n").empty());
  CHECK(dropped.done());
  CHECK(dropped.error() == "server said BYE Disconnected for inactivity.");
}

TEST_CASE("the connection lost while idling fails the job") {
  imap::Client c(idle_job());
  test::play_client(c, kIntoIdle);
  c.connection_lost();
  CHECK(c.done());
  CHECK(!c.idling());
  CHECK(c.error() == "connection lost");
}
