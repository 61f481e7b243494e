// The extensions CAPABILITY names besides UIDPLUS and MOVE: ID (RFC 2971), ENABLE (RFC 5161),
// NAMESPACE (RFC 2342), LITERAL+ (RFC 7888), SPECIAL-USE (RFC 6154) with the folders a destination
// creates, each from its RFC's examples.
#include "imap/server_fixture.hpp"

using namespace imap_test;

namespace {
const std::string kLogin = std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)";
}  // namespace

// RFC 2971 §4's example: the client's ID is read, the server answers with its own.
TEST_CASE("IMAP server: ID in any state, NIL or field-value pairs, bounded") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")
S: * ID ("name" "mailsim" "vendor" "mailsim classroom simulator")
S: a023 OK ID completed
C: a024 ID NIL
S: * ID ("name" "mailsim" "vendor" "mailsim classroom simulator")
S: a024 OK ID completed
C: a025 ID ("name")
S: a025 BAD Syntax: ID NIL | ID ("field" "value" ...)
C: a026 ID ("os" NIL "a-field-name-that-is-too-long-here" "x")
S: a026 BAD ID: a field is a string of at most 30 octets
C: a027 ID
S: a027 BAD Syntax: ID NIL | ID ("field" "value" ...)
)");
}

// RFC 5161 §4's example, without anything to enable here.
TEST_CASE("IMAP server: ENABLE answers ENABLED, only before a mailbox is selected") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: t0 ENABLE CONDSTORE
S: t0 BAD ENABLE not valid in the NOT AUTHENTICATED state: log in first
)" + kLogin.substr(kLogin.find("C:")) + R"(
C: t1 ENABLE CONDSTORE X-GOOD-IDEA
S: * ENABLED
S: t1 OK ENABLE completed
C: t2 ENABLE
S: t2 BAD Syntax: ENABLE capability ...
C: t3 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 2 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 3] Predicted next UID
S: t3 OK [READ-WRITE] SELECT completed
C: t4 ENABLE CONDSTORE
S: t4 BAD ENABLE not valid in the SELECTED state: only before a mailbox is selected
)");
}

// RFC 2342 §5, example 5.1: a server with only personal mailboxes.
TEST_CASE("IMAP server: NAMESPACE: one personal namespace, \"/\" as the delimiter") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: A001 NAMESPACE
S: * NAMESPACE (("" "/")) NIL NIL
S: A001 OK NAMESPACE completed
C: A002 NAMESPACE x
S: A002 BAD NAMESPACE takes no arguments
)");
}

// RFC 7888 §3: with LITERAL+ the client does not wait for "+".
TEST_CASE("IMAP server: LITERAL+ literals are read without a continuation, in any command") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN {3+}
C: bob {6+}
C: secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 CREATE {4+}
C: Work
S: a2 OK CREATE completed
C: a3 APPEND Work {5+}
C: hello
S: a3 OK [APPENDUID 44 1] APPEND completed
)");
}

// RFC 6154 §5.1's example shape: LIST marks the special folders, which the destination creates and
// subscribes for every account; delivery can file a message into one (a quarantine into Junk).
TEST_CASE("IMAP server: SPECIAL-USE folders listed with their use, subscribed, Junk delivered into") {
  Mailbox mb;
  mb.store.add_special_use_folders("bob");
  const auto junk = mb.store.special_folder("bob", "\\Junk");
  REQUIRE(junk);
  CHECK(*junk == "Junk");
  CHECK(mb.store.special_folder("bob", "\\Archive") == std::nullopt);
  REQUIRE(mb.store.deliver("bob", kMsg1, 2 * kHour, *junk));
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: t1 LIST "" "%"
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasNoChildren \Drafts) "/" "Drafts"
S: * LIST (\HasNoChildren \Junk) "/" "Junk"
S: * LIST (\HasNoChildren \Sent) "/" "Sent"
S: * LIST (\HasNoChildren \Trash) "/" "Trash"
S: t1 OK LIST completed
C: t2 LSUB "" *
S: * LSUB () "/" "Drafts"
S: * LSUB () "/" "INBOX"
S: * LSUB () "/" "Junk"
S: * LSUB () "/" "Sent"
S: * LSUB () "/" "Trash"
S: t2 OK LSUB completed
C: t3 STATUS Junk (MESSAGES RECENT UNSEEN)
S: * STATUS "Junk" (MESSAGES 1 RECENT 1 UNSEEN 1)
S: t3 OK STATUS completed
C: t4 SELECT INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 2 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 3] Predicted next UID
S: t4 OK [READ-WRITE] SELECT completed
C: t5 MOVE 2 Trash
S: * OK [COPYUID 47 2 1] Moved
S: * 2 EXPUNGE
S: t5 OK MOVE completed
)");
  // Renamed, a special folder keeps its use; deleted, it is gone.
  CHECK(mb.store.rename_folder("bob", "Trash", "Deleted Items") == mailstore::MailStore::RenameResult::Renamed);
  CHECK(mb.store.special_folder("bob", "\\Trash") == "Deleted Items");
}
