// COPY and UID COPY (RFC 3501 §6.4.7), UIDPLUS's APPENDUID, COPYUID and UID EXPUNGE (RFC 4315),
// MOVE and UID MOVE (RFC 6851), and the quota they answer to.
#include "imap/server_fixture.hpp"

using namespace imap_test;

namespace {
// bob's INBOX with five messages, UIDs 1-5, 4 and 5 flagged \Deleted (4 has Work too); an empty "meeting".
struct FiveMessages : Mailbox {
  FiveMessages() {
    store.deliver("bob", kMsg1, 2 * kHour);
    store.deliver("bob", kMsg2, 2 * kHour, "INBOX", {"\\Deleted", "Work"});
    store.deliver("bob", kMsg1, 2 * kHour, "INBOX", {"\\Deleted"});
    store.create_folder("bob", "meeting");
    seen_before();
  }
};
const char* kSelectFive = R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft Work)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft Work \*)] Flags permitted
S: * 5 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 6] Predicted next UID
S: a2 OK [READ-WRITE] SELECT completed
)";
}  // namespace

// RFC 4315 §3's example, with this mailbox's numbers.
TEST_CASE("IMAP server: COPY and UID COPY answer with COPYUID, copies keep flags and date, are \\Recent there") {
  FiveMessages mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + kSelectFive + R"(
C: A004 COPY 2:4 meeting
S: A004 OK [COPYUID 44 2:4 1:3] COPY completed
C: A005 UID COPY 305:310 meeting
S: A005 OK No matching messages, so nothing copied
C: A006 UID COPY 5,1 meeting
S: A006 OK [COPYUID 44 1,5 4:5] UID COPY completed
C: A007 COPY 1 nowhere
S: A007 NO [TRYCREATE] Mailbox doesn't exist: nowhere
C: A008 COPY 9 meeting
S: A008 BAD Invalid message sequence number 9
C: A009 STATUS meeting (MESSAGES RECENT UIDNEXT)
S: * STATUS "meeting" (MESSAGES 5 RECENT 5 UIDNEXT 6)
S: A009 OK STATUS completed
)");
  const auto* meeting = mb.store.folder("bob", "meeting");
  REQUIRE(meeting->messages.size() == 5);
  CHECK(meeting->messages[0].raw == kMsg2);  // INBOX UID 2
  CHECK(meeting->messages[0].flags.empty());
  CHECK(meeting->messages[2].flags == std::set<std::string>{"Work", "\\Deleted"});
  CHECK(meeting->messages[0].internal_date == kHour);
  CHECK(meeting->keywords == std::vector<std::string>{"Work"});
  CHECK(mb.store.folder("bob", "INBOX")->messages.size() == 5);  // COPY leaves the originals
}

TEST_CASE("IMAP server: COPY into the selected mailbox shows the copies as EXISTS, new and recent") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 COPY 1:2 INBOX
S: * 4 EXISTS
S: * 2 RECENT
S: a3 OK [COPYUID 42 1:2 3:4] COPY completed
C: a4 FETCH 3:4 (UID FLAGS)
S: * 3 FETCH (UID 3 FLAGS (\Recent))
S: * 4 FETCH (UID 4 FLAGS (\Recent))
S: a4 OK FETCH completed
)");
}

// RFC 6851 §4.3: "* OK [COPYUID ...]" before the EXPUNGEs, then the tagged OK.
TEST_CASE("IMAP server: MOVE and UID MOVE: COPYUID first, then the expunges, the messages gone from here") {
  FiveMessages mb;
  Session s(mb.store), other(mb.store);
  test::play_server(other, std::string(kGreeting) + kSelectFive);
  test::play_server(s, std::string(kGreeting) + kSelectFive + R"(
C: a3 UID MOVE 2:4 meeting
S: * OK [COPYUID 44 2:4 1:3] Moved
S: * 2 EXPUNGE
S: * 2 EXPUNGE
S: * 2 EXPUNGE
S: a3 OK UID MOVE completed
C: a4 MOVE 2 meeting
S: * OK [COPYUID 44 5 4] Moved
S: * 2 EXPUNGE
S: a4 OK MOVE completed
C: a5 FETCH 1:* UID
S: * 1 FETCH (UID 1)
S: a5 OK FETCH completed
C: a6 UID MOVE 99 meeting
S: a6 OK No matching messages, so nothing moved
C: a7 MOVE 1 nowhere
S: a7 NO [TRYCREATE] Mailbox doesn't exist: nowhere
)");
  CHECK(mb.store.folder("bob", "meeting")->messages.size() == 4);
  CHECK(mb.store.folder("bob", "meeting")->messages[3].flags == std::set<std::string>{"\\Deleted"});  // kept
  CHECK(other.feed("o1 NOOP\r\n") == "* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\no1 OK NOOP completed\r\n");
  // EXAMINE may not move: the messages would leave a mailbox it may not change.
  Session ro(mb.store);
  ro.start();
  ro.feed("r1 LOGIN bob secret\r\nr2 EXAMINE INBOX\r\n");
  CHECK(ro.feed("r3 MOVE 1 meeting\r\n") == "r3 NO [READ-ONLY] Mailbox is read-only\r\n");
}

// RFC 4315 §2.1: only the named messages that are \Deleted.
TEST_CASE("IMAP server: UID EXPUNGE removes the \\Deleted among the named UIDs only") {
  FiveMessages mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + kSelectFive + R"(
C: A003 UID EXPUNGE 3:4
S: * 4 EXPUNGE
S: A003 OK UID EXPUNGE completed
C: A004 FETCH 1:* (UID FLAGS)
S: * 1 FETCH (UID 1 FLAGS ())
S: * 2 FETCH (UID 2 FLAGS ())
S: * 3 FETCH (UID 3 FLAGS ())
S: * 4 FETCH (UID 5 FLAGS (\Deleted))
S: A004 OK FETCH completed
C: A005 STORE 1 +FLAGS.SILENT (\Deleted)
S: A005 OK STORE completed
C: A006 UID EXPUNGE 2:*
S: * 4 EXPUNGE
S: A006 OK UID EXPUNGE completed
C: A007 EXPUNGE
S: * 1 EXPUNGE
S: A007 OK EXPUNGE completed
C: A008 UID EXPUNGE x
S: A008 BAD Invalid sequence set x
)");
}

TEST_CASE("IMAP server: APPEND answers APPENDUID with the mailbox's UIDVALIDITY and the new UID") {
  Mailbox mb;
  mb.store.create_folder("bob", "saved-messages");
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: A003 LOGIN bob secret
S: A003 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: A004 APPEND saved-messages (\Seen) {8+}
C: Hi there
S: A004 OK [APPENDUID 44 1] APPEND completed
C: A005 APPEND INBOX {1+}
C: x
S: A005 OK [APPENDUID 42 3] APPEND completed
)");
}

TEST_CASE("IMAP server: APPEND and COPY past the account's quota are refused with NO [OVERQUOTA], MOVE is not") {
  Mailbox mb;
  mb.store.create_folder("bob", "Copies");
  imap::ServerConfig config{"mx.home.example", 1762160400, 8192, 1024, 20};
  config.max_account_messages = 3;
  config.max_account_bytes = 1000;
  imap::Server server(config, mb.store);
  server.start();
  server.feed("a1 LOGIN bob secret\r\na2 SELECT INBOX\r\n", 0);
  // Two messages of 164 and 310 octets: one more fits, two do not.
  CHECK(server.feed("a3 COPY 1:2 Copies\r\n", 0) ==
        "a3 NO [OVERQUOTA] The mailbox would hold more than 3 messages\r\n");
  CHECK(server.feed("a4 COPY 1 Copies\r\n", 0) == "a4 OK [COPYUID 44 1 1] COPY completed\r\n");
  CHECK(server.feed("a5 APPEND Copies {1+}\r\nx\r\n", 0) ==
        "a5 NO [OVERQUOTA] The mailbox would hold more than 3 messages\r\n");
  CHECK(server.feed("a6 MOVE 2 Copies\r\n", 0) ==
        "* OK [COPYUID 44 2 2] Moved\r\n* 2 EXPUNGE\r\na6 OK MOVE completed\r\n");
  server.feed("a7 SELECT Copies\r\na8 STORE 1 +FLAGS.SILENT (\\Deleted)\r\na9 EXPUNGE\r\n", 0);
  CHECK(server.feed("b1 APPEND INBOX {700+}\r\n" + std::string(700, 'x') + "\r\n", 0) ==
        "b1 NO [OVERQUOTA] The mailbox would hold more than 1000 octets\r\n");
  CHECK(mb.store.find("bob")->messages == 2);
  CHECK(mb.store.find("bob")->bytes == 164 + 310);
  CHECK_FALSE(server.table_miss());
}
