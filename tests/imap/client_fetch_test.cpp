// The IMAP client against scripted server bytes: greeting, LOGIN, SELECT, UID FETCH with literals,
// LOGOUT, and the error paths.
#include <doctest/doctest.h>

#include <string>

#include "support/transcript.hpp"
#include "sim/proto/imap/client.hpp"

using namespace mailsim;

namespace {

// Message 4's body has a line ending in "{5}" and a line that looks like a tagged OK: only a client
// that counts literal octets reads it right.
const std::string kThree = "Subject: three\r\n\r\nthird\r\n";                    // 25 octets
const std::string kTricky = "Subject: tricky {5}\r\n\r\n) a3 OK not the end\r\n";  // 44 octets

imap::ClientJob job(std::uint32_t known_uidvalidity = 7, std::uint32_t last_seen = 2) {
  imap::ClientJob j;
  j.user = "alice";
  j.password = "secret";
  j.known_uidvalidity = known_uidvalidity;
  j.last_seen_uid = last_seen;
  return j;
}

const char* const kUpToSelect = R"(
  S: * OK [CAPABILITY IMAP4rev1 IDLE] imap.example ready
  C: a1 LOGIN alice secret
  S: a1 OK LOGIN completed
  C: a2 SELECT INBOX
  S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
  S: * 4 EXISTS
  S: * 0 RECENT
  S: * OK [PERMANENTFLAGS (\Deleted \Seen \*)] Limited
  S: * OK [UIDVALIDITY 7] UIDs valid
  S: * OK [UIDNEXT 5] Predicted next UID
  S: a2 OK [READ-WRITE] SELECT completed
)";

const std::string kUpToFetch = std::string(kUpToSelect) + "C: a3 UID FETCH 3:* (UID FLAGS BODY[])\n";

// The server's answer to "a3 UID FETCH 3:*", as one block of bytes.
const std::string kFetchReply =
    "* 3 FETCH (UID 3 FLAGS (\\Seen) BODY[] {25}\r\n" + kThree + ")\r\n" +
    "* 4 FETCH (UID 4 FLAGS (\\Flagged \\Seen) BODY[] {44}\r\n" + kTricky + ")\r\n" +
    "a3 OK FETCH completed\r\n";

void check_fetched(const imap::Client& c) {
  REQUIRE(c.fetched().size() == 2);
  CHECK(c.fetched()[0].uid == 3);
  CHECK(c.fetched()[0].raw == kThree);
  CHECK(c.fetched()[0].flags == std::set<std::string>{"\\Seen"});
  CHECK(c.fetched()[1].uid == 4);
  CHECK(c.fetched()[1].raw == kTricky);
  CHECK(c.fetched()[1].flags == std::set<std::string>{"\\Flagged", "\\Seen"});
}

}  // namespace

TEST_CASE("LOGIN, SELECT, UID FETCH of the new messages with literals, LOGOUT") {
  for (bool bytewise : {false, true}) {
    imap::Client c(job());
    test::play_client(c, std::string(kUpToSelect) + R"(
      C: a3 UID FETCH 3:* (UID FLAGS BODY[])
      S: * 3 FETCH (UID 3 FLAGS (\Seen) BODY[] {25}
      S: Subject: three
      S:
      S: third
      S: )
      S: * 4 FETCH (UID 4 FLAGS (\Flagged \Seen) BODY[] {44}
      S: Subject: tricky {5}
      S:
      S: ) a3 OK not the end
      S: )
      S: a3 OK FETCH completed
      C: a4 LOGOUT
      S: * BYE imap.example logging out
      S: a4 OK LOGOUT completed
    )", bytewise);
    CHECK(c.done());
    CHECK(!c.failed());
    check_fetched(c);
    CHECK(c.uidvalidity() == 7);
    CHECK(c.uidnext() == 5);
    CHECK(c.last_seen_uid() == 4);
  }
}

TEST_CASE("the FETCH reply split at every byte position gives the same result") {
  for (std::size_t k = 0; k <= kFetchReply.size(); ++k) {
    imap::Client c(job());
    test::play_client(c, kUpToFetch);
    std::string out = c.feed(kFetchReply.substr(0, k));
    out += c.feed(kFetchReply.substr(k));
    INFO("split at " << k);
    CHECK(out == "a4 LOGOUT\r\n");
    CHECK(!c.failed());
    check_fetched(c);
  }
}

TEST_CASE("mark_seen off fetches with BODY.PEEK[], flags sent in a later FETCH are merged") {
  imap::ClientJob j = job();
  j.mark_seen = false;
  imap::Client c(j);
  test::play_client(c, std::string(kUpToSelect) + R"(
    C: a3 UID FETCH 3:* (UID FLAGS BODY.PEEK[])
    S: * 4 FETCH (UID 4 BODY[] {25}
    S: Subject: three
    S:
    S: third
    S: )
    S: * 4 FETCH (UID 4 FLAGS (\Answered))
    S: a3 OK FETCH completed
    C: a4 LOGOUT
  )");
  REQUIRE(c.fetched().size() == 1);
  CHECK(c.fetched()[0].uid == 4);
  CHECK(c.fetched()[0].flags == std::set<std::string>{"\\Answered"});
}

TEST_CASE("one UID in two FETCH responses is kept once, with the latest body and flags") {
  imap::Client c(job());
  test::play_client(c, std::string(kUpToSelect) + R"(
    C: a3 UID FETCH 3:* (UID FLAGS BODY[])
    S: * 3 FETCH (UID 3 FLAGS () BODY[] {25}
    S: Subject: three
    S:
    S: third
    S: )
    S: * 4 FETCH (UID 3 FLAGS (\Seen) BODY[] {25}
    S: Subject: three
    S:
    S: THIRD
    S: )
    S: * 3 FETCH (FLAGS (\Seen \Flagged))
    S: * 3 FETCH (UID 3 BODY[] {25}
    S: Subject: three
    S:
    S: third
    S: )
    S: a3 OK FETCH completed
    C: a4 LOGOUT
  )");
  REQUIRE(c.fetched().size() == 1);
  CHECK(c.fetched()[0].uid == 3);
  CHECK(c.fetched()[0].raw == kThree);                                               // the 4th response's
  CHECK(c.fetched()[0].flags == std::set<std::string>{"\\Flagged", "\\Seen"});   // the 3rd response's
  CHECK(c.last_seen_uid() == 3);
}

TEST_CASE("nothing new: UIDNEXT says so, or the mailbox is empty, and the client logs out") {
  imap::Client up_to_date(job(7, 4));
  test::play_client(up_to_date, std::string(kUpToSelect) + R"(
    C: a3 LOGOUT
    S: * BYE bye
    S: a3 OK LOGOUT completed
  )");
  CHECK(up_to_date.done());
  CHECK(!up_to_date.failed());
  CHECK(up_to_date.fetched().empty());
  CHECK(up_to_date.last_seen_uid() == 4);

  imap::Client empty(job(0, 0));
  test::play_client(empty, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 0 EXISTS
    S: * OK [UIDVALIDITY 3] x
    S: a2 OK done
    C: a3 LOGOUT
  )");
  CHECK(empty.uidvalidity() == 3);
}

TEST_CASE("UID n:* also returns the last message when none is newer, the client drops it") {
  imap::Client c(job(7, 4));
  test::play_client(c, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 2 EXISTS
    S: * OK [UIDVALIDITY 7] x
    S: a2 OK done
    C: a3 UID FETCH 5:* (UID FLAGS BODY[])
    S: * 2 FETCH (UID 4 FLAGS () BODY[] {25}
    S: Subject: three
    S:
    S: third
    S: )
    S: a3 OK done
    C: a4 LOGOUT
  )");
  CHECK(c.fetched().empty());
  CHECK(c.last_seen_uid() == 4);
}

TEST_CASE("a changed UIDVALIDITY voids last_seen_uid: everything is fetched again") {
  imap::Client c(job(7, 10));
  test::play_client(c, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 1 EXISTS
    S: * OK [UIDVALIDITY 9] x
    S: * OK [UIDNEXT 2] x
    S: a2 OK done
    C: a3 UID FETCH 1:* (UID FLAGS BODY[])
    S: * 1 FETCH (UID 1 FLAGS (\Seen) BODY[] {25}
    S: Subject: three
    S:
    S: third
    S: )
    S: a3 OK done
    C: a4 LOGOUT
  )");
  REQUIRE(c.fetched().size() == 1);
  CHECK(c.fetched()[0].uid == 1);
  CHECK(c.uidvalidity() == 9);

  imap::Client unknown(job(0, 10));  // no UIDVALIDITY known: last_seen_uid is trusted
  test::play_client(unknown, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: * 12 EXISTS
    S: * OK [UIDVALIDITY 9] x
    S: * OK [UIDNEXT 13] x
    S: a2 OK done
    C: a3 UID FETCH 11:* (UID FLAGS BODY[])
  )");
}

TEST_CASE("NO to LOGIN fails the job with the server's text and logs out") {
  imap::Client c(job());
  test::play_client(c, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 NO [AUTHENTICATIONFAILED] Authentication failed.
    C: a2 LOGOUT
    S: * BYE bye
    S: a2 OK LOGOUT completed
  )");
  CHECK(c.done());
  CHECK(c.failed());
  CHECK(c.error() == "LOGIN: NO [AUTHENTICATIONFAILED] Authentication failed.");
}

TEST_CASE("NO to SELECT and BAD to UID FETCH fail the job too") {
  imap::Client select(job());
  test::play_client(select, R"(
    S: * OK ready
    C: a1 LOGIN alice secret
    S: a1 OK done
    C: a2 SELECT INBOX
    S: a2 NO [NONEXISTENT] Mailbox doesn't exist: INBOX
    C: a3 LOGOUT
  )");
  CHECK(select.error() == "SELECT: NO [NONEXISTENT] Mailbox doesn't exist: INBOX");

  imap::Client fetch(job());
  test::play_client(fetch, std::string(kUpToSelect) + R"(
    C: a3 UID FETCH 3:* (UID FLAGS BODY[])
    S: a3 BAD Error in IMAP command UID FETCH
    C: a4 LOGOUT
  )");
  CHECK(fetch.error() == "UID FETCH: BAD Error in IMAP command UID FETCH");
}

TEST_CASE("user names, passwords and mailboxes are quoted or sent as literals when they must be") {
  imap::ClientJob j = job();
  j.user = "alice smith";
  j.password = "pa\"ss\\word";
  j.mailbox = "Lists/imap";
  imap::Client quoted(j);
  test::play_client(quoted, R"(
    S: * OK ready
    C: a1 LOGIN "alice smith" "pa\"ss\\word"
    S: a1 OK done
    C: a2 SELECT Lists/imap
  )");

  j.password = "line\r\nbreak";
  imap::Client literal(j);
  CHECK(literal.feed("* OK ready\r\n") == "a1 LOGIN \"alice smith\" {11}\r\n");
  CHECK(literal.feed("+ Ready for literal data\r\n") == "line\r\nbreak\r\n");
  CHECK(literal.feed("a1 OK done\r\n") == "a2 SELECT Lists/imap\r\n");
}

TEST_CASE("a PREAUTH greeting skips LOGIN") {
  imap::Client c(job());
  test::play_client(c, R"(
    S: * PREAUTH welcome back
    C: a1 SELECT INBOX
  )");
}

TEST_CASE("limits and nonsense stop the client at once") {
  imap::Client big(job());
  test::play_client(big, kUpToFetch);
  big.feed("* 3 FETCH (UID 3 BODY[] {99999999999}\r\n");
  CHECK(big.done());
  CHECK(big.error() == "literal of 99999999999 octets is too large");

  imap::Client long_line(job());
  long_line.feed("* OK " + std::string(imap::Client::kMaxLine, 'x'));
  CHECK(long_line.error() == "response line too long");

  imap::Client smtp(job());
  CHECK(smtp.feed("220 smtp.example ESMTP\r\n").empty());
  CHECK(smtp.error() == "not an IMAP greeting");

  imap::Client bye(job());
  bye.feed("* BYE too busy\r\n");
  CHECK(bye.done());
  CHECK(bye.error() == "greeting: BYE too busy");

  imap::Client wrong_tag(job());
  wrong_tag.feed("* OK ready\r\n");
  wrong_tag.feed("b7 OK what\r\n");
  CHECK(wrong_tag.error() == "unexpected tag b7");
}

TEST_CASE("a lost connection fails the job, except while logging out") {
  imap::Client mid(job());
  mid.feed("* OK ready\r\n");
  mid.connection_lost();
  CHECK(mid.done());
  CHECK(mid.error() == "connection lost");

  imap::Client leaving(job(7, 4));
  test::play_client(leaving, std::string(kUpToSelect) + "C: a3 LOGOUT\nS: * BYE bye\n");
  leaving.connection_lost();
  CHECK(leaving.done());
  CHECK(!leaving.failed());
}

TEST_CASE("IMAP client: \\Recent is the session's, not the message's: the local copy leaves it out") {
  imap::Client c(job());
  test::play_client(c, kUpToFetch);
  c.feed("* 3 FETCH (UID 3 FLAGS (\\Recent \\Seen) BODY[] {25}\r\n" + kThree + ")\r\n" +
         "* 4 FETCH (UID 4 FLAGS (\\Flagged \\recent \\Seen) BODY[] {44}\r\n" + kTricky + ")\r\n" +
         "a3 OK FETCH completed\r\n");
  check_fetched(c);
}
