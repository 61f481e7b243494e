// \Recent (RFC 3501 §2.3.2): a message is recent in the first session told of it, and a read-write
// session keeps it so for itself; EXAMINE sees it without taking it. SELECT's RECENT (§7.3.2),
// STATUS RECENT (§6.3.10), SEARCH RECENT, NEW and OLD (§6.4.4).
#include "imap/server_fixture.hpp"

using namespace imap_test;

namespace {
const char* kLogin = "C: x1 LOGIN bob secret\nS: x1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in\n";
}  // namespace

TEST_CASE("IMAP server: new mail is \\Recent for the first session that selects it, and for no other") {
  Mailbox mb;  // two messages an earlier session saw
  mb.store.deliver("bob", kMsg1, 2 * kHour);
  mb.store.deliver("bob", kMsg2, 2 * kHour);
  mb.store.set_flags("bob", "INBOX", 4, {"\\Seen"});
  Session a(mb.store), b(mb.store), c(mb.store);
  test::play_server(c, std::string(kGreeting) + kLogin + R"(
C: c2 STATUS INBOX (MESSAGES RECENT UNSEEN)
S: * STATUS "INBOX" (MESSAGES 4 RECENT 2 UNSEEN 3)
S: c2 OK STATUS completed
C: c3 EXAMINE INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS ()] Read-only mailbox
S: * 4 EXISTS
S: * 2 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 5] Predicted next UID
S: c3 OK [READ-ONLY] EXAMINE completed
)");
  // EXAMINE left them recent: A, selecting read-write, takes them.
  test::play_server(a, std::string(kGreeting) + kLogin + R"(
C: a2 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 4 EXISTS
S: * 2 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 5] Predicted next UID
S: a2 OK [READ-WRITE] SELECT completed
C: a3 FETCH 2:4 FLAGS
S: * 2 FETCH (FLAGS ())
S: * 3 FETCH (FLAGS (\Recent))
S: * 4 FETCH (FLAGS (\Recent \Seen))
S: a3 OK FETCH completed
C: a4 SEARCH RECENT
S: * SEARCH 3 4
S: a4 OK SEARCH completed
C: a5 SEARCH NEW
S: * SEARCH 3
S: a5 OK SEARCH completed
C: a6 SEARCH OLD
S: * SEARCH 1 2
S: a6 OK SEARCH completed
C: a7 STORE 3 +FLAGS (\Flagged)
S: * 3 FETCH (FLAGS (\Flagged \Recent))
S: a7 OK STORE completed
C: a8 STORE 3 FLAGS ()
S: * 3 FETCH (FLAGS (\Recent))
S: a8 OK STORE completed
)");
  test::play_server(b, std::string(kGreeting) + kLogin + R"(
C: b2 STATUS INBOX (RECENT)
S: * STATUS "INBOX" (RECENT 0)
S: b2 OK STATUS completed
C: b3 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 4 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 5] Predicted next UID
S: b3 OK [READ-WRITE] SELECT completed
C: b4 SEARCH RECENT
S: * SEARCH
S: b4 OK SEARCH completed
)");
  // The EXAMINE session still sees its snapshot as recent.
  CHECK(c.feed("c4 FETCH 3 FLAGS\r\n") == "* 3 FETCH (FLAGS (\\Recent))\r\nc4 OK FETCH completed\r\n");
}

TEST_CASE("IMAP server: mail arriving while selected is \\Recent for the first session told, RECENT goes with EXISTS") {
  Mailbox mb;
  Session a(mb.store), b(mb.store);
  play_selected(a, "");
  play_selected(b, "");
  mb.store.deliver("bob", kMsg1, 3 * kHour);
  CHECK(a.feed("a3 NOOP\r\n") == "* 3 EXISTS\r\n* 1 RECENT\r\na3 OK NOOP completed\r\n");
  CHECK(b.feed("b3 NOOP\r\n") == "* 3 EXISTS\r\n* 0 RECENT\r\nb3 OK NOOP completed\r\n");
  // Expunged, it is no longer counted.
  a.feed("a4 STORE 3 +FLAGS.SILENT (\\Deleted)\r\n");
  mb.store.deliver("bob", kMsg2, 3 * kHour);
  CHECK(a.feed("a5 EXPUNGE\r\n") == "* 3 EXPUNGE\r\n* 3 EXISTS\r\n* 1 RECENT\r\na5 OK EXPUNGE completed\r\n");
  CHECK(a.feed("a6 FETCH 3 (UID FLAGS)\r\n") == "* 3 FETCH (UID 4 FLAGS (\\Recent))\r\na6 OK FETCH completed\r\n");
}
