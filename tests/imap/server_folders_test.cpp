// The folder hierarchy (RFC 3501 §6.3.3-§6.3.9): CREATE, DELETE, RENAME (INBOX included),
// SUBSCRIBE, UNSUBSCRIBE, LSUB, and LIST with the CHILDREN attributes (RFC 3348), written from the
// RFC's examples with "/" as the delimiter.
#include "imap/server_fixture.hpp"

using namespace imap_test;

namespace {
const std::string kLogin = std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
)";
}  // namespace

// §6.3.3: "CREATE owatagusiam/" declares a hierarchy; the name created has no trailing delimiter.
TEST_CASE("IMAP server: CREATE with a trailing delimiter, superiors created, bad names refused") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: A003 CREATE owatagusiam/
S: A003 OK CREATE completed
C: A004 CREATE owatagusiam/blurdybloop
S: A004 OK CREATE completed
C: A005 CREATE a/b/c
S: A005 OK CREATE completed
C: A006 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasChildren) "/" "a"
S: * LIST (\HasChildren) "/" "a/b"
S: * LIST (\HasNoChildren) "/" "a/b/c"
S: * LIST (\HasChildren) "/" "owatagusiam"
S: * LIST (\HasNoChildren) "/" "owatagusiam/blurdybloop"
S: A006 OK LIST completed
C: A007 CREATE owatagusiam
S: A007 NO [ALREADYEXISTS] Mailbox exists
C: A008 CREATE inbox/
S: A008 NO [ALREADYEXISTS] INBOX always exists
C: A009 CREATE "x%y"
S: A009 NO [CANNOT] Invalid mailbox name: no empty levels, wildcards (* %) or control characters
C: A010 CREATE "a//b"
S: A010 NO [CANNOT] Invalid mailbox name: no empty levels, wildcards (* %) or control characters
C: A011 CREATE /top
S: A011 NO [CANNOT] Invalid mailbox name: no empty levels, wildcards (* %) or control characters
)");
  CHECK(mb.store.folder("bob", "owatagusiam/") == nullptr);
  CHECK(mb.store.folder("bob", "owatagusiam") != nullptr);
}

TEST_CASE("IMAP server: LIST % stops at the delimiter (list \"\" imaptest/%)") {
  Mailbox mb;
  mb.store.create_folder("bob", "imaptest/test3/test4/test5");
  mb.store.create_folder("bob", "imaptest/test2");
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: a2 LIST "" imaptest/%
S: * LIST (\HasNoChildren) "/" "imaptest/test2"
S: * LIST (\HasChildren) "/" "imaptest/test3"
S: a2 OK LIST completed
C: a3 LIST imaptest/ %/%
S: * LIST (\HasChildren) "/" "imaptest/test3/test4"
S: a3 OK LIST completed
)");
}

// §6.3.4's example: a mailbox with inferiors keeps its name as \Noselect; a \Noselect name with
// inferiors cannot be deleted; without them it can.
TEST_CASE("IMAP server: DELETE, as in RFC 3501 §6.3.4") {
  Mailbox mb;
  mb.store.create_folder("bob", "blurdybloop");
  mb.store.create_folder("bob", "foo/bar");
  mb.store.deliver("bob", kMsg1, kHour, "foo");
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: A681 DELETE foo
S: A681 OK DELETE completed
C: A682 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasNoChildren) "/" "blurdybloop"
S: * LIST (\Noselect \HasChildren) "/" "foo"
S: * LIST (\HasNoChildren) "/" "foo/bar"
S: A682 OK LIST completed
C: A683 DELETE blurdybloop
S: A683 OK DELETE completed
C: A684 DELETE foo
S: A684 NO [INUSE] Mailbox has inferiors and is only a name (\Noselect)
C: A685 DELETE foo/bar
S: A685 OK DELETE completed
C: A686 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\Noselect \HasNoChildren) "/" "foo"
S: A686 OK LIST completed
C: A687 SELECT foo
S: A687 NO [CANNOT] foo is only a name above others (\Noselect): it holds no messages
C: A688 DELETE foo
S: A688 OK DELETE completed
C: A689 DELETE foo
S: A689 NO [NONEXISTENT] Mailbox doesn't exist: foo
C: A690 DELETE inbox
S: A690 NO [CANNOT] INBOX cannot be deleted
C: A691 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: A691 OK LIST completed
)");
  CHECK(mb.store.find("bob")->messages == 2);  // the message in foo went with it
}

TEST_CASE("IMAP server: DELETE of the selected mailbox is refused, another session is told with BYE") {
  Mailbox mb;
  mb.store.create_folder("bob", "Work");
  mb.store.deliver("bob", kMsg1, kHour, "Work");
  Session a(mb.store), b(mb.store);
  a.start();
  b.start();
  a.feed("a1 LOGIN bob secret\r\na2 SELECT Work\r\n");
  b.feed("b1 LOGIN bob secret\r\nb2 SELECT Work\r\n");
  CHECK(a.feed("a3 DELETE Work\r\n") == "a3 NO [INUSE] Mailbox is selected: CLOSE or UNSELECT it first\r\n");
  CHECK(a.feed("a4 UNSELECT\r\na5 DELETE Work\r\n") == "a4 OK UNSELECT completed\r\na5 OK DELETE completed\r\n");
  CHECK(b.feed("b3 FETCH 1 FLAGS\r\n") == "* BYE Selected mailbox was deleted, have to disconnect\r\n");
  CHECK(b.server.closed());
  // A folder of the same name made again is another folder: a session of the old one is not fooled.
  Session c(mb.store);
  c.start();
  c.feed("c1 LOGIN bob secret\r\nc2 CREATE Work\r\nc3 SELECT Work\r\n");
  CHECK(a.feed("a6 DELETE Work\r\na7 CREATE Work\r\n") == "a6 OK DELETE completed\r\na7 OK CREATE completed\r\n");
  CHECK(c.feed("c4 NOOP\r\n") == "* BYE Selected mailbox was deleted, have to disconnect\r\n");
}

// §6.3.5's example: inferiors are renamed with their superior.
TEST_CASE("IMAP server: RENAME, as in RFC 3501 §6.3.5, and its errors") {
  Mailbox mb;
  mb.store.create_folder("bob", "blurdybloop");
  mb.store.create_folder("bob", "foo/bar");
  mb.store.create_folder("bob", "foo-old");
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: A683 RENAME blurdybloop sarasoop
S: A683 OK RENAME completed
C: A684 RENAME foo zowie
S: A684 OK RENAME completed
C: A685 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasNoChildren) "/" "foo-old"
S: * LIST (\HasNoChildren) "/" "sarasoop"
S: * LIST (\HasChildren) "/" "zowie"
S: * LIST (\HasNoChildren) "/" "zowie/bar"
S: A685 OK LIST completed
C: A686 RENAME nothing here
S: A686 NO [NONEXISTENT] Mailbox doesn't exist: nothing
C: A687 RENAME sarasoop zowie
S: A687 NO [ALREADYEXISTS] Mailbox exists: zowie
C: A688 RENAME zowie zowie/bar/deeper
S: A688 NO [CANNOT] A mailbox cannot be renamed to one of its inferiors
C: A689 RENAME sarasoop new/place
S: A689 OK RENAME completed
C: A690 LIST "" new*
S: * LIST (\HasChildren) "/" "new"
S: * LIST (\HasNoChildren) "/" "new/place"
S: A690 OK LIST completed
)");
}

// §6.3.5: "Renaming INBOX is permitted, and has special behavior. It moves all messages in INBOX to
// a new mailbox with the given name, leaving INBOX empty."
TEST_CASE("IMAP server: RENAME INBOX moves its messages to a new mailbox and leaves INBOX empty") {
  Mailbox mb;
  mb.store.set_flags("bob", "INBOX", 2, {"\\Seen"});
  Session a(mb.store), b(mb.store);
  play_selected(b, "");
  test::play_server(a, kLogin + R"(
C: a2 RENAME INBOX "Old mail"
S: a2 OK RENAME completed
C: a3 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY)
S: * STATUS "INBOX" (MESSAGES 0 UIDNEXT 3 UIDVALIDITY 42)
S: a3 OK STATUS completed
C: a4 SELECT "Old mail"
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 2 EXISTS
S: * 2 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 44] UIDs valid
S: * OK [UIDNEXT 3] Predicted next UID
S: a4 OK [READ-WRITE] SELECT completed
C: a5 FETCH 1:* (UID FLAGS)
S: * 1 FETCH (UID 1 FLAGS (\Recent))
S: * 2 FETCH (UID 2 FLAGS (\Recent \Seen))
S: a5 OK FETCH completed
)");
  // New in the new mailbox, so \Recent there. The session that had INBOX selected sees them go.
  CHECK(b.feed("b3 NOOP\r\n") == "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nb3 OK NOOP completed\r\n");
  CHECK(mb.store.folder("bob", "Old mail")->messages.at(1).raw == kMsg2);
}

TEST_CASE("IMAP server: a session keeps its mailbox when it is renamed under it") {
  Mailbox mb;
  mb.store.create_folder("bob", "Work");
  mb.store.deliver("bob", kMsg1, kHour, "Work");
  mb.seen_before("Work");
  Session a(mb.store), b(mb.store);
  a.start();
  b.start();
  a.feed("a1 LOGIN bob secret\r\n");
  b.feed("b1 LOGIN bob secret\r\nb2 SELECT Work\r\n");
  CHECK(a.feed("a2 RENAME Work Archive\r\na3 CREATE Work\r\n") == "a2 OK RENAME completed\r\na3 OK CREATE completed\r\n");
  CHECK(b.feed("b3 STORE 1 +FLAGS (\\Flagged)\r\n") == "* 1 FETCH (FLAGS (\\Flagged))\r\nb3 OK STORE completed\r\n");
  CHECK(b.server.mailbox() == "Archive");
  CHECK(mb.store.folder("bob", "Archive")->messages.at(0).flags.count("\\Flagged"));
  CHECK(mb.store.folder("bob", "Work")->messages.empty());
  // Renaming it by this very session works too.
  CHECK(b.feed("b4 RENAME Archive Attic\r\nb5 FETCH 1 UID\r\n") ==
        "b4 OK RENAME completed\r\n* 1 FETCH (UID 1)\r\nb5 OK FETCH completed\r\n");
  CHECK(b.server.mailbox() == "Attic");
}

// §6.3.6, §6.3.7, §6.3.9 (its examples with "/" for ".").
TEST_CASE("IMAP server: SUBSCRIBE, UNSUBSCRIBE and LSUB, with \\Noselect levels for %") {
  Mailbox mb;
  mb.store.create_folder("bob", "news/comp/mail/mime");
  mb.store.create_folder("bob", "news/comp/mail/misc");
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: A002 SUBSCRIBE news/comp/mail/mime
S: A002 OK SUBSCRIBE completed
C: A003 SUBSCRIBE news/comp/mail/misc
S: A003 OK SUBSCRIBE completed
C: A004 LSUB "news/" "comp/mail/*"
S: * LSUB () "/" "news/comp/mail/mime"
S: * LSUB () "/" "news/comp/mail/misc"
S: A004 OK LSUB completed
C: A005 LSUB "news/" "comp/%"
S: * LSUB (\Noselect) "/" "news/comp/mail"
S: A005 OK LSUB completed
C: A006 UNSUBSCRIBE news/comp/mail/mime
S: A006 OK UNSUBSCRIBE completed
C: A007 UNSUBSCRIBE news/comp/mail/mime
S: A007 NO [NONEXISTENT] Not subscribed: news/comp/mail/mime
C: A008 SUBSCRIBE later
S: A008 OK SUBSCRIBE completed
C: A009 LSUB "" *
S: * LSUB () "/" "INBOX"
S: * LSUB (\Noselect) "/" "later"
S: * LSUB () "/" "news/comp/mail/misc"
S: A009 OK LSUB completed
C: A010 RENAME news old
S: A010 OK RENAME completed
C: A011 LSUB "" *
S: * LSUB () "/" "INBOX"
S: * LSUB (\Noselect) "/" "later"
S: * LSUB () "/" "old/comp/mail/misc"
S: A011 OK LSUB completed
)");
}

TEST_CASE("IMAP server: folders and subscriptions are bounded") {
  Mailbox mb;
  for (int i = 0; i < 998; ++i) mb.store.create_folder("bob", "f" + std::to_string(i));
  Session s(mb.store);
  test::play_server(s, kLogin + R"(
C: a2 CREATE a/b
S: a2 NO [LIMIT] Too many mailboxes (limit 1000)
C: a3 CREATE a
S: a3 OK CREATE completed
C: a4 RENAME a x/y
S: a4 NO [LIMIT] Too many mailboxes (limit 1000)
)");
  auto* account = mb.store.find("bob");
  for (int i = 0; account->subscribed.size() < 1000; ++i) account->subscribed.insert("s" + std::to_string(i));
  CHECK(s.feed("a5 SUBSCRIBE more\r\n") == "a5 NO [LIMIT] Too many subscriptions (limit 1000)\r\n");
  CHECK(s.feed("a6 SUBSCRIBE s1\r\n") == "a6 OK SUBSCRIBE completed\r\n");  // already there: nothing grows
}
