// SEARCH, STORE, EXPUNGE, CLOSE, EXAMINE, mailbox commands, and two sessions on one mailbox.
#include "imap/server_fixture.hpp"

using namespace imap_test;

TEST_CASE("IMAP server: SEARCH and UID SEARCH with flags, fields, dates, NOT and OR") {
  Mailbox mb;
  mb.store.set_flags("bob", "INBOX", 2, {"\\Seen", "\\Flagged"});
  Session s(mb.store);
  play_selected(s, R"(
C: a3 SEARCH UNSEEN
S: * SEARCH 1
S: a3 OK SEARCH completed
C: a4 UID SEARCH SEEN FROM carol
S: * SEARCH 2
S: a4 OK UID SEARCH completed
C: a5 SEARCH OR SUBJECT lunch SUBJECT PHOTOS
S: * SEARCH 1 2
S: a5 OK SEARCH completed
C: a6 SEARCH NOT FLAGGED SINCE 3-Nov-2025
S: * SEARCH 1
S: a6 OK SEARCH completed
C: a7 SEARCH BEFORE 3-Nov-2025
S: * SEARCH
S: a7 OK SEARCH completed
C: a8 SEARCH CHARSET UTF-8 TO "j@x.example" 2:*
S: * SEARCH 2
S: a8 OK SEARCH completed
C: a9 SEARCH BOGUS
S: a9 BAD Invalid search criteria
)");
}

TEST_CASE("IMAP server: STORE +FLAGS, -FLAGS, FLAGS.SILENT, EXPUNGE numbers count down correctly") {
  Mailbox mb;
  mb.store.deliver("bob", kMsg1, 3 * kHour);  // a third message, UID 3
  mb.seen_before();
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 3 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 4] Predicted next UID
S: a2 OK [READ-WRITE] SELECT completed
C: a3 STORE 1,2 +FLAGS (\Deleted \Seen)
S: * 1 FETCH (FLAGS (\Deleted \Seen))
S: * 2 FETCH (FLAGS (\Deleted \Seen))
S: a3 OK STORE completed
C: a4 UID STORE 3 FLAGS.SILENT (\Flagged)
S: a4 OK UID STORE completed
C: a5 STORE 2 -FLAGS \Seen
S: * 2 FETCH (FLAGS (\Deleted))
S: a5 OK STORE completed
C: a6 EXPUNGE
S: * 1 EXPUNGE
S: * 1 EXPUNGE
S: a6 OK EXPUNGE completed
C: a7 FETCH 1 (UID FLAGS)
S: * 1 FETCH (UID 3 FLAGS (\Flagged))
S: a7 OK FETCH completed
C: a8 STORE 1 FLAGS (\Seen
S: a8 BAD Invalid arguments
)");
  CHECK(mb.store.folder("bob", "INBOX")->messages.size() == 1);
}

TEST_CASE("IMAP server: EXAMINE is read-only, CLOSE expunges silently, UNSELECT does not") {
  Mailbox mb;
  mb.store.set_flags("bob", "INBOX", 1, {"\\Deleted"});
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 EXAMINE INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS ()] Read-only mailbox
S: * 2 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 3] Predicted next UID
S: a2 OK [READ-ONLY] EXAMINE completed
C: a3 FETCH 2 BODY[TEXT]<0.4>
S: * 2 FETCH (BODY[TEXT]<0> {4}
S: --b1)
S: a3 OK FETCH completed
C: a4 STORE 1 +FLAGS \Seen
S: a4 NO [READ-ONLY] Mailbox is read-only
C: a5 CLOSE
S: a5 OK CLOSE completed
C: a6 FETCH 1 FLAGS
S: a6 BAD FETCH not valid in the AUTHENTICATED state: select a mailbox first
C: a7 SELECT Nowhere
S: a7 NO [NONEXISTENT] Mailbox doesn't exist: Nowhere
)");
  CHECK(mb.store.folder("bob", "INBOX")->messages.size() == 2);  // EXAMINE + CLOSE removes nothing
  CHECK(mb.store.folder("bob", "INBOX")->messages[1].flags.empty());  // and set no \Seen
}

TEST_CASE("IMAP server: CREATE, LIST, LSUB, STATUS, APPEND with a literal") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 CREATE Sent
S: a2 OK CREATE completed
C: a3 CREATE Sent
S: a3 NO [ALREADYEXISTS] Mailbox exists
C: a4 LIST "" ""
S: * LIST (\Noselect) "/" ""
S: a4 OK LIST completed
C: a5 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasNoChildren) "/" "Sent"
S: a5 OK LIST completed
C: a6 LSUB "" S%
S: a6 OK LSUB completed
C: a6 SUBSCRIBE Sent
S: a6 OK SUBSCRIBE completed
C: a6 LSUB "" S%
S: * LSUB () "/" "Sent"
S: a6 OK LSUB completed
C: a7 APPEND Sent (\Seen) {17}
S: + Ready for literal data
C: Subject: sent
C: 
C: 
S: a7 OK [APPENDUID 44 1] APPEND completed
C: a8 STATUS Sent (MESSAGES UNSEEN UIDNEXT)
S: * STATUS "Sent" (MESSAGES 1 UNSEEN 0 UIDNEXT 2)
S: a8 OK STATUS completed
C: a9 APPEND Nowhere {1}
S: + Ready for literal data
C: x
S: a9 NO [TRYCREATE] Mailbox doesn't exist: Nowhere
)");
  CHECK(mb.store.folder("bob", "Sent")->messages.at(0).raw == "Subject: sent\r\n\r\n");
}

TEST_CASE("IMAP server: two sessions see each other's changes, IDLE gets new mail pushed") {
  Mailbox mb;
  Session a(mb.store), b(mb.store);
  play_selected(a, "");
  play_selected(b, "");
  // A deletes the first message; B hears of it on NOOP, numbered as B knew it.
  CHECK(a.feed("a3 STORE 1 +FLAGS.SILENT (\\Deleted)\r\na4 EXPUNGE\r\n") ==
        "a3 OK STORE completed\r\n* 1 EXPUNGE\r\na4 OK EXPUNGE completed\r\n");
  CHECK(b.feed("b3 FETCH 2 FLAGS\r\n") == "* 2 FETCH (FLAGS ())\r\nb3 OK FETCH completed\r\n");  // no EXPUNGE during FETCH
  CHECK(b.feed("b4 NOOP\r\n") == "* 1 EXPUNGE\r\nb4 OK NOOP completed\r\n");
  // B idles; a delivery and a flag change by A are pushed at once.
  CHECK(b.feed("b5 IDLE\r\n") == "+ idling\r\n");
  CHECK(b.server.poll().empty());
  mb.store.deliver("bob", kMsg1, 3 * kHour);
  // B is told first, so the new message is recent for B and not for A (RFC 3501 §2.3.2).
  CHECK(b.server.poll() == "* 2 EXISTS\r\n* 1 RECENT\r\n");
  CHECK(a.feed("a5 NOOP\r\n") == "* 2 EXISTS\r\n* 0 RECENT\r\na5 OK NOOP completed\r\n");
  CHECK(a.feed("a6 STORE 2 +FLAGS.SILENT (\\Flagged)\r\n") == "a6 OK STORE completed\r\n");
  CHECK(b.server.poll() == "* 2 FETCH (FLAGS (\\Flagged \\Recent))\r\n");
  CHECK(b.feed("DONE\r\n") == "b5 OK IDLE terminated\r\n");
  CHECK(b.server.poll().empty());  // not idling: news waits for the next command
}

// RFC 3501 §7.4.1: each EXPUNGE number counts the messages as they stand after the ones before it.
TEST_CASE("IMAP server: another session's expunges are numbered one after another, held back during FETCH") {
  Mailbox mb;
  for (int i = 0; i < 3; ++i) mb.store.deliver("bob", kMsg1, 3 * kHour);  // UIDs 3, 4, 5
  Session a(mb.store), b(mb.store);
  for (Session* s : {&a, &b}) {
    s->start();
    s->feed("x1 LOGIN bob secret\r\nx2 SELECT INBOX\r\n");
  }
  CHECK(a.feed("a3 STORE 1,3,4 +FLAGS.SILENT (\\Deleted)\r\na4 EXPUNGE\r\n") ==
        "a3 OK STORE completed\r\n* 1 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\na4 OK EXPUNGE completed\r\n");
  CHECK(b.feed("b3 FETCH 5 UID\r\n") == "* 5 FETCH (UID 5)\r\nb3 OK FETCH completed\r\n");  // numbers as B knows them
  CHECK(b.feed("b4 NOOP\r\n") == "* 1 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nb4 OK NOOP completed\r\n");
  CHECK(b.feed("b5 FETCH 1:* UID\r\n") == "* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 5)\r\nb5 OK FETCH completed\r\n");
}

// Issue 17, defect 8 (RFC 3501 §6.4.4): SENT* read the Date field's day, time and zone disregarded;
// HEADER and the address keys look in every field of the name; FROM/TO find an address however
// comments are written around it.
TEST_CASE("IMAP server: SEARCH SENTBEFORE/SENTON/SENTSINCE, HEADER on repeated fields, addresses with comments") {
  Mailbox mb;
  mb.store.deliver("bob",
                   "From: dave(Dave Smith)@(at work) work.example\r\nTo: a@x.example\r\nTo: b@y.example\r\n"
                   "Date: Sat, 1 Nov 2025 23:30:00 -0500\r\nX-Tag: alpha\r\nX-Tag: beta\r\nSubject: third\r\n\r\nthree\r\n",
                   2 * kHour);
  mb.seen_before();
  Session s(mb.store);
  s.start();
  s.feed("a1 LOGIN bob secret\r\na2 EXAMINE INBOX\r\n");
  auto search = [&](const std::string& keys) {
    const std::string out = s.feed("t SEARCH " + keys + "\r\n");
    const std::string tail = "\r\nt OK SEARCH completed\r\n";
    REQUIRE_MESSAGE(out.ends_with(tail), out);
    return out.substr(0, out.size() - tail.size());
  };
  CHECK(search("SENTON 1-Nov-2025") == "* SEARCH 3");  // 23:30 -0500 is 2 Nov in UTC: the zone does not count
  CHECK(search("SENTBEFORE 3-Nov-2025") == "* SEARCH 3");
  CHECK(search("SENTSINCE 3-Nov-2025") == "* SEARCH 1 2");  // 2 has no Date: its internal date counts
  CHECK(search("ON 3-Nov-2025") == "* SEARCH 1 2 3");
  CHECK(search("NOT SENTON 3-Nov-2025") == "* SEARCH 3");
  CHECK(search("HEADER X-Tag beta") == "* SEARCH 3");
  CHECK(search("HEADER X-TAG \"\"") == "* SEARCH 3");  // an empty string: every message with the field
  CHECK(search("FROM dave@work.example") == "* SEARCH 3");
  CHECK(search("FROM \"dave smith\"") == "* SEARCH 3");
  CHECK(search("TO b@y.example") == "* SEARCH 3");
  CHECK(search("TO \"j@x.example\"") == "* SEARCH 2");
  CHECK(s.feed("t SENTON 3-Nov\r\n") == "t BAD Unknown command SENTON\r\n");
  CHECK(s.feed("t SEARCH SENTON 3-Nov\r\n") == "t BAD Invalid search criteria\r\n");
}

// Issue 17, defect 9 (RFC 3501 §9): "]" is an ASTRING-CHAR, "[" an ATOM-CHAR.
TEST_CASE("IMAP server: mailbox names with ] and [ are astrings") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 CREATE foo]bar
S: a2 OK CREATE completed
C: a3 CREATE foo[baz
S: a3 OK CREATE completed
C: a4 LIST "" foo*
S: * LIST (\HasNoChildren) "/" "foo[baz"
S: * LIST (\HasNoChildren) "/" "foo]bar"
S: a4 OK LIST completed
C: a5 STATUS foo[baz (MESSAGES)
S: * STATUS "foo[baz" (MESSAGES 0)
S: a5 OK STATUS completed
C: a6 SELECT foo]bar
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 0 EXISTS
S: * 0 RECENT
S: * OK [UIDVALIDITY 44] UIDs valid
S: * OK [UIDNEXT 1] Predicted next UID
S: a6 OK [READ-WRITE] SELECT completed
C: a7 COPY 1 [Gmail]/Trash
S: a7 BAD Invalid message sequence number 1
)");
}

// Issue 17, defect 10 (RFC 3501 §6.3.11): the date-time given is the internal date, with its zone.
TEST_CASE("IMAP server: APPEND with a date-time sets INTERNALDATE, SEARCH goes by it") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 APPEND INBOX (\Seen) "17-Jul-1996 02:44:25 -0700" {5+}
C: hello
S: a2 OK [APPENDUID 42 3] APPEND completed
C: a3 APPEND INBOX " 7-Jul-1996 23:59:59 +0000" {1+}
C: x
S: a3 OK [APPENDUID 42 4] APPEND completed
C: a4 APPEND INBOX "17-Jul-1996 02:44:25" {1+}
C: x
S: a4 BAD Invalid date-time 17-Jul-1996 02:44:25 (as in "17-Jul-1996 02:44:25 -0700")
C: a5 APPEND INBOX "31-Feb-1996 02:44:25 +0000" {1+}
C: x
S: a5 BAD Invalid date-time 31-Feb-1996 02:44:25 +0000 (as in "17-Jul-1996 02:44:25 -0700")
C: a6 APPEND INBOX () "17-Jul-1996 02:44:25 -0700" extra {1+}
C: x
S: a6 BAD Syntax: APPEND mailbox [(flags)] ["dd-Mon-yyyy hh:mm:ss +zzzz"] {size}
C: a7 EXAMINE INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS ()] Read-only mailbox
S: * 4 EXISTS
S: * 2 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 5] Predicted next UID
S: a7 OK [READ-ONLY] EXAMINE completed
C: a8 FETCH 3:4 INTERNALDATE
S: * 3 FETCH (INTERNALDATE "17-Jul-1996 02:44:25 -0700")
S: * 4 FETCH (INTERNALDATE "07-Jul-1996 23:59:59 +0000")
S: a8 OK FETCH completed
C: a9 SEARCH BEFORE 1-Jan-2000
S: * SEARCH 3 4
S: a9 OK SEARCH completed
C: b1 SEARCH ON 17-Jul-1996
S: * SEARCH 3
S: b1 OK SEARCH completed
)");
  // 02:44:25 -0700 is 09:44:25 UTC.
  CHECK(mb.store.folder("bob", "INBOX")->messages[2].internal_date == (837596665 - 1762160400) * kSecond);
}
