// SELECT, FETCH and its data items (RFC 3501 §6.3.1, §6.4.5, §7.4.2).
#include "imap/server_fixture.hpp"

using namespace imap_test;

TEST_CASE("IMAP server: FETCH FLAGS, UID, INTERNALDATE, RFC822.SIZE, UID FETCH adds UID") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 FETCH 1:* (FLAGS UID INTERNALDATE RFC822.SIZE)
S: * 1 FETCH (FLAGS () UID 1 INTERNALDATE "03-Nov-2025 09:00:10 +0000" RFC822.SIZE 164)
S: * 2 FETCH (FLAGS () UID 2 INTERNALDATE "03-Nov-2025 10:00:00 +0000" RFC822.SIZE 310)
S: a3 OK FETCH completed
C: a4 UID FETCH 2 FLAGS
S: * 2 FETCH (UID 2 FLAGS ())
S: a4 OK UID FETCH completed
C: a5 UID FETCH 9:* FLAGS
S: * 2 FETCH (UID 2 FLAGS ())
S: a5 OK UID FETCH completed
C: a6 FETCH 1:x FLAGS
S: a6 BAD Invalid sequence set 1:x
C: a7 FETCH 1 (FLAGS NONSENSE)
S: a7 BAD Invalid fetch attribute NONSENSE
)");
}

TEST_CASE("IMAP server: BODY.PEEK[] leaves \\Seen alone, BODY[] sets it and says so") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 FETCH 1 BODY.PEEK[TEXT]
S: * 1 FETCH (BODY[TEXT] {17}
S: Hi Bob,
S: lunch?
S: )
S: a3 OK FETCH completed
C: a4 FETCH 1 BODY[TEXT]
S: * 1 FETCH (BODY[TEXT] {17}
S: Hi Bob,
S: lunch?
S:  FLAGS (\Seen))
S: a4 OK FETCH completed
C: a5 FETCH 1 (FLAGS BODY[TEXT]<3.3>)
S: * 1 FETCH (FLAGS (\Seen) BODY[TEXT]<3> {3}
S: Bob)
S: a5 OK FETCH completed
)");
  CHECK(mb.store.folder("bob", "INBOX")->messages[0].flags == std::set<std::string>{"\\Seen"});
}

TEST_CASE("IMAP server: BODY[HEADER.FIELDS (...)] and HEADER.FIELDS.NOT") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])
S: * 1 FETCH (UID 1 BODY[HEADER.FIELDS (SUBJECT FROM)] {54}
S: From: Alice <alice@school.example>
S: Subject: Lunch
S: 
S: )
S: a3 OK UID FETCH completed
C: a4 FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (FROM TO DATE MESSAGE-ID)]
S: * 1 FETCH (BODY[HEADER.FIELDS.NOT (FROM TO DATE MESSAGE-ID)] {18}
S: Subject: Lunch
S: 
S: )
S: a4 OK FETCH completed
C: a5 FETCH 1 BODY.PEEK[HEADER.FIELDS (subject Nowhere SUBJECT message-id)]
S: * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT NOWHERE SUBJECT MESSAGE-ID)] {51}
S: Subject: Lunch
S: Message-ID: <m1@school.example>
S: 
S: )
S: a5 OK FETCH completed
)");
}

TEST_CASE("IMAP server: ENVELOPE and BODYSTRUCTURE, single part and multipart") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 FETCH 1 (ENVELOPE BODYSTRUCTURE)
S: * 1 FETCH (ENVELOPE ("Mon, 3 Nov 2025 09:00:10 +0000" "Lunch" (("Alice" NIL "alice" "school.example")) (("Alice" NIL "alice" "school.example")) (("Alice" NIL "alice" "school.example")) ((NIL NIL "bob" "home.example")) NIL NIL NIL "<m1@school.example>") BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 17 2 NIL NIL NIL NIL))
S: a3 OK FETCH completed
C: a4 FETCH 2 (ENVELOPE BODY)
S: * 2 FETCH (ENVELOPE (NIL "Photos" ((NIL NIL "carol" "home.example")) ((NIL NIL "carol" "home.example")) ((NIL NIL "carol" "home.example")) ((NIL NIL "bob" "home.example")("Doe, J" NIL "j" "x.example")) NIL NIL NIL NIL) BODY (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 13 1)("IMAGE" "PNG" NIL NIL NIL "BASE64" 12) "MIXED"))
S: a4 OK FETCH completed
)");
}
