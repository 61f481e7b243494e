// Body parts by number (RFC 3501 §6.4.5: BODY[1], [1.MIME], [3.1], [3.HEADER], [3.TEXT] of a
// message/rfc822 part) and BODYSTRUCTURE of multiparts and encapsulated messages (§7.4.2), on the
// kind of message students meet first: a bounce, multipart/report with the returned message inside.
#include "imap/server_fixture.hpp"
#include "sim/proto/imap/mime.hpp"

using namespace imap_test;

namespace {

const std::string kBounce =
    "From: MAILER-DAEMON@mail.school.example\r\nTo: alice@school.example\r\n"
    "Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"B1/x\"\r\n\r\n"
    "This is a MIME-encapsulated message.\r\n\r\n"
    "--B1/x\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
    "I'm sorry.\r\n"
    "--B1/x\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n"
    "Reporting-MTA: dns; mail.school.example\r\n\r\nFinal-Recipient: rfc822; bob@home.example\r\nAction: failed\r\n"
    "--B1/x\r\nContent-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\n"
    "From: alice@school.example\r\nTo: bob@home.example\r\nSubject: Hello\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=B2\r\n\r\n"
    "--B2\r\nContent-Type: text/plain\r\n\r\nHi\r\n"
    "--B2\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Disposition: inline\r\n\r\n<p>Hi</p>\r\n"
    "--B2--\r\n"
    "\r\n--B1/x--\r\n";

struct WithBounce : Mailbox {
  WithBounce() {
    store.deliver("bob", kBounce, 2 * kHour);
    seen_before();
  }
};

std::string select3() {
  return std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 EXAMINE INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS ()] Read-only mailbox
S: * 3 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 4] Predicted next UID
S: a2 OK [READ-ONLY] EXAMINE completed
)";
}

}  // namespace

TEST_CASE("IMAP server: BODY[n] and BODY[n.MIME] of a multipart, NIL for parts that do not exist") {
  WithBounce mb;
  Session s(mb.store);
  test::play_server(s, select3() + R"(
C: a3 FETCH 2 (BODY[1] BODY[2])
S: * 2 FETCH (BODY[1] {13}
S: See attached. BODY[2] {12}
S: iVBORw0KGgo=)
S: a3 OK FETCH completed
C: a4 FETCH 2 BODY.PEEK[1.MIME]
S: * 2 FETCH (BODY[1.MIME] {43}
S: Content-Type: text/plain; charset=UTF-8
S: 
S: )
S: a4 OK FETCH completed
C: a5 FETCH 2 (BODY[3] BODY[1.1] BODY[1.HEADER] BODY[2]<0.4>)
S: * 2 FETCH (BODY[3] NIL BODY[1.1] NIL BODY[1.HEADER] NIL BODY[2]<0> {4}
S: iVBO)
S: a5 OK FETCH completed
C: a6 FETCH 1 (BODY[1] BODY[2])
S: * 1 FETCH (BODY[1] {17}
S: Hi Bob,
S: lunch?
S:  BODY[2] NIL)
S: a6 OK FETCH completed
)");
}

TEST_CASE("IMAP server: the parts of a bounce, into the returned message (message/rfc822)") {
  WithBounce mb;
  Session s(mb.store);
  test::play_server(s, select3() + R"(
C: a3 FETCH 3 BODY[1]
S: * 3 FETCH (BODY[1] {10}
S: I'm sorry.)
S: a3 OK FETCH completed
C: a4 FETCH 3 BODY[3.HEADER.FIELDS (SUBJECT)]
S: * 3 FETCH (BODY[3.HEADER.FIELDS (SUBJECT)] {18}
S: Subject: Hello
S: 
S: )
S: a4 OK FETCH completed
C: a5 FETCH 3 (BODY[3.1] BODY[3.2] BODY[3.2.MIME])
S: * 3 FETCH (BODY[3.1] {2}
S: Hi BODY[3.2] {9}
S: <p>Hi</p> BODY[3.2.MIME] {73}
S: Content-Type: text/html; charset="utf-8"
S: Content-Disposition: inline
S: 
S: )
S: a5 OK FETCH completed
C: a6 FETCH 3 BODY[3.TEXT]<0.20>
S: * 3 FETCH (BODY[3.TEXT]<0> {20}
S: --B2
S: Content-Type: )
S: a6 OK FETCH completed
C: a7 FETCH 3 (BODY[2.MIME] BODY[3.1.1] BODY[3.3])
S: * 3 FETCH (BODY[2.MIME] {79}
S: Content-Description: Delivery report
S: Content-Type: message/delivery-status
S: 
S:  BODY[3.1.1] NIL BODY[3.3] NIL)
S: a7 OK FETCH completed
)");
  // BODY[3] is the whole returned message, its HEADER and TEXT the two halves of it.
  const std::string whole = s.feed("a8 FETCH 3 (BODY[3] BODY[3.HEADER] BODY[3.TEXT])\r\n");
  // The part runs to the line break before its delimiter, which belongs to the delimiter.
  const std::size_t from = kBounce.find("From: alice"), to = kBounce.find("\r\n--B1/x--");
  const std::string inner = kBounce.substr(from, to - from);
  const std::string inner_header = inner.substr(0, inner.find("\r\n\r\n") + 4);
  CHECK(whole == "* 3 FETCH (BODY[3] {" + std::to_string(inner.size()) + "}\r\n" + inner + " BODY[3.HEADER] {" +
                     std::to_string(inner_header.size()) + "}\r\n" + inner_header + " BODY[3.TEXT] {" +
                     std::to_string(inner.size() - inner_header.size()) + "}\r\n" + inner.substr(inner_header.size()) +
                     ")\r\na8 OK FETCH completed\r\n");
}

TEST_CASE("IMAP server: BODYSTRUCTURE and BODY describe a bounce: report, delivery status, the message inside") {
  WithBounce mb;
  Session s(mb.store);
  test::play_server(s, select3() + R"(
C: a3 FETCH 3 BODYSTRUCTURE
S: * 3 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL "Notification" "7BIT" 10 1 NIL NIL NIL NIL)("MESSAGE" "DELIVERY-STATUS" NIL NIL "Delivery report" "7BIT" 100 NIL NIL NIL NIL)("MESSAGE" "RFC822" NIL NIL "Undelivered Message" "7BIT" 273 (NIL "Hello" ((NIL NIL "alice" "school.example")) ((NIL NIL "alice" "school.example")) ((NIL NIL "alice" "school.example")) ((NIL NIL "bob" "home.example")) NIL NIL NIL NIL) (("TEXT" "PLAIN" NIL NIL NIL "7BIT" 2 1 NIL NIL NIL NIL)("TEXT" "HTML" ("CHARSET" "utf-8") NIL NIL "7BIT" 9 1 NIL ("INLINE" NIL) NIL NIL) "ALTERNATIVE" ("BOUNDARY" "B2") NIL NIL NIL) 16 NIL NIL NIL NIL) "REPORT" ("REPORT-TYPE" "delivery-status" "BOUNDARY" "B1/x") NIL NIL NIL))
S: a3 OK FETCH completed
C: a4 FETCH 3 BODY
S: * 3 FETCH (BODY (("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL "Notification" "7BIT" 10 1)("MESSAGE" "DELIVERY-STATUS" NIL NIL "Delivery report" "7BIT" 100)("MESSAGE" "RFC822" NIL NIL "Undelivered Message" "7BIT" 273 (NIL "Hello" ((NIL NIL "alice" "school.example")) ((NIL NIL "alice" "school.example")) ((NIL NIL "alice" "school.example")) ((NIL NIL "bob" "home.example")) NIL NIL NIL NIL) (("TEXT" "PLAIN" NIL NIL NIL "7BIT" 2 1)("TEXT" "HTML" ("CHARSET" "utf-8") NIL NIL "7BIT" 9 1) "ALTERNATIVE") 16) "REPORT"))
S: a4 OK FETCH completed
C: a5 FETCH 2 BODYSTRUCTURE
S: * 2 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "UTF-8") NIL NIL "7BIT" 13 1 NIL NIL NIL NIL)("IMAGE" "PNG" NIL NIL NIL "BASE64" 12 NIL NIL NIL NIL) "MIXED" ("BOUNDARY" "b1") NIL NIL NIL))
S: a5 OK FETCH completed
)");
}

TEST_CASE("IMAP server: section specs outside §9's grammar are BAD") {
  WithBounce mb;
  Session s(mb.store);
  test::play_server(s, select3() + R"(
C: a3 FETCH 1 BODY[0]
S: a3 BAD Invalid section or range in BODY[0]
C: a4 FETCH 1 BODY[1.]
S: a4 BAD Invalid section or range in BODY[1.]
C: a5 FETCH 1 BODY[MIME]
S: a5 BAD Invalid section or range in BODY[MIME]
C: a6 FETCH 1 BODY[1.FOO]
S: a6 BAD Invalid section or range in BODY[1.FOO]
C: a7 FETCH 1 BODY[1.2.HEADER.FIELDS ()]
S: a7 BAD Invalid section or range in BODY[1.2.HEADER.FIELDS ()]
C: a8 FETCH 1 BODY[.1]
S: a8 BAD Invalid section or range in BODY[.1]
)");
}

TEST_CASE("MIME tree: delimiters only at line starts, LWSP after them, a missing close delimiter, digests") {
  const std::string raw =
      "Content-Type: multipart/digest; boundary=\"d\"\r\n\r\npreamble --d not a delimiter\r\n"
      "--d  \r\n\r\nSubject: one\r\n\r\nfirst\r\n--dx\r\n--d\r\nContent-Type: text/plain\r\n\r\nsecond";
  const imap::MimeEntity e = imap::parse_message(raw);
  REQUIRE(e.parts.size() == 2);
  CHECK(e.parts[0].type == "MESSAGE");  // RFC 2046 §5.1.5: a digest's parts are messages by default
  CHECK(e.parts[0].subtype == "RFC822");
  CHECK(e.parts[0].body == "Subject: one\r\n\r\nfirst\r\n--dx");
  REQUIRE(e.parts[0].message.size() == 1);
  CHECK(e.parts[0].message[0].header == "Subject: one\r\n\r\n");
  CHECK(e.parts[1].body == "second");  // no close delimiter: the part runs to the end
  CHECK(imap::find_part(e, {1, 1})->body == "first\r\n--dx");
  CHECK(imap::find_part(e, {3}) == nullptr);
  CHECK(imap::find_part(e, {2, 1}) == nullptr);
}

TEST_CASE("MIME tree: nesting past the limit is read as opaque parts, not recursed into") {
  std::string raw = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
  std::string tail;
  for (int i = 1; i < 200; ++i) {
    raw += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n";
    tail = "\r\n--b" + std::to_string(i - 1) + "--" + tail;
  }
  raw += "x" + tail;
  const imap::MimeEntity e = imap::parse_message(raw);
  int depth = 0;
  for (const imap::MimeEntity* at = &e; at->multipart(); at = &at->parts[0]) ++depth;
  CHECK(depth == imap::kMaxMimeDepth);
  CHECK(imap::body_structure(e, true).size() < 4000);
}

TEST_CASE("MIME tree: at most 10000 parts in all, the last one takes the rest") {
  std::string raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 50000; ++i) raw += "--b\r\n\r\nx\r\n";
  raw += "--b--\r\n";
  const imap::MimeEntity e = imap::parse_message(raw);
  REQUIRE(e.parts.size() == imap::kMaxMimeParts);
  CHECK(e.parts[0].body == "x");
  CHECK(e.parts.back().body.size() > 40000 * 8);  // the rest of the body, nothing lost
}
