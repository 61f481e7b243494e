// Hostile arguments (issue 9): whatever a client writes, the server answers with a specific error in
// bounded time and stack. Costs are checked by counting, never by timing.
#include "imap/server_fixture.hpp"
#include "sim/proto/imap/search.hpp"

using namespace imap_test;

namespace {
std::string nested(std::size_t depth, const std::string& inner) {
  return std::string(depth, '(') + inner + std::string(depth, ')');
}
}  // namespace

TEST_CASE("IMAP server: parentheses nested past the limit are refused, at the limit they work") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, "C: a3 SEARCH " + nested(imap::kMaxNesting, "SUBJECT lunch") + "\n" +
                       "S: * SEARCH 1\nS: a3 OK SEARCH completed\n" +
                       "C: a4 SEARCH " + nested(imap::kMaxNesting + 1, "ALL") + "\n" +
                       "S: a4 BAD Parentheses nested too deeply (limit 64 levels)\n" +
                       "C: a5 FETCH 1 " + nested(4000, "FLAGS") + "\n" +
                       "S: a5 BAD Parentheses nested too deeply (limit 64 levels)\n" +
                       "C: a6 FETCH 1 (BODY.PEEK[HEADER.FIELDS " + nested(4000, "FROM") + "])\n" +
                       "S: a6 BAD Invalid section or range in BODY.PEEK[HEADER.FIELDS " + nested(4000, "FROM") + "]\n");
}

// A line after a literal goes on with the same command: nesting is counted over all its lines.
TEST_CASE("IMAP server: nesting split over literal lines is counted as a whole") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, "C: a3 SEARCH " + std::string(40, '(') + "SUBJECT {5}\n" +
                       "S: + Ready for literal data\n" +
                       "C: lunch" + std::string(40, ')') + " " + nested(30, "ALL") + "\n" +
                       "S: * SEARCH 1\nS: a3 OK SEARCH completed\n" +
                       "C: a4 SEARCH " + std::string(40, '(') + "SUBJECT {5}\n" +
                       "S: + Ready for literal data\n" +
                       "C: lunch" + std::string(30, '(') + "ALL" + std::string(70, ')') + "\n" +
                       "S: a4 BAD Parentheses nested too deeply (limit 64 levels)\n");
}

TEST_CASE("IMAP server: NOT and OR chains past the nesting limit are refused") {
  Mailbox mb;
  Session s(mb.store);
  std::string nots, ors;
  for (std::size_t i = 0; i < imap::kMaxNesting; ++i) nots += "NOT ";
  for (std::size_t i = 0; i < 2000; ++i) ors += "OR ";
  play_selected(s, "C: a3 SEARCH " + nots + "ALL\nS: * SEARCH 1 2\nS: a3 OK SEARCH completed\n" +
                       "C: a4 SEARCH " + nots + "NOT ALL\n" +
                       "S: a4 BAD Search criteria nested too deeply (limit 64 levels)\n" +
                       "C: a5 SEARCH " + ors + "ALL\n" +
                       "S: a5 BAD Search criteria nested too deeply (limit 64 levels)\n" +
                       "C: a6 SEARCH OR OR SUBJECT photos SUBJECT nothing SUBJECT lunch\n" +
                       "S: * SEARCH 1 2\nS: a6 OK SEARCH completed\n");
}

// Criteria are read before any message is looked at, so an empty mailbox cannot hide a bad one.
TEST_CASE("IMAP server: in an empty mailbox bad SEARCH criteria are BAD and * names no message") {
  Mailbox mb;
  mb.store.create_folder("bob", "Empty");
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 SELECT Empty
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft \*)] Flags permitted
S: * 0 EXISTS
S: * 0 RECENT
S: * OK [UIDVALIDITY 44] UIDs valid
S: * OK [UIDNEXT 1] Predicted next UID
S: a2 OK [READ-WRITE] SELECT completed
C: a3 SEARCH BOGUS
S: a3 BAD Invalid search criteria
C: a4 SEARCH SINCE yesterday
S: a4 BAD Invalid search criteria
C: a5 SEARCH LARGER many
S: a5 BAD Invalid search criteria
C: a6 SEARCH ALL
S: * SEARCH
S: a6 OK SEARCH completed
C: a7 FETCH * FLAGS
S: a7 BAD Invalid message sequence number *
C: a8 STORE 1:* +FLAGS (\Seen)
S: a8 BAD Invalid message sequence number 1:*
C: a9 UID FETCH 1:* FLAGS
S: a9 OK UID FETCH completed
C: b1 UID STORE * +FLAGS (\Seen)
S: b1 OK UID STORE completed
C: b2 SEARCH *
S: * SEARCH
S: b2 OK SEARCH completed
)");
}

TEST_CASE("IMAP server: thousands of overlapping ranges name each message once") {
  Mailbox mb;
  Session s(mb.store);
  std::string many = "1:*";
  for (int i = 0; i < 1300; ++i) many += ",2:1,*";
  play_selected(s, "C: a3 FETCH " + many + " UID\n" +
                       "S: * 1 FETCH (UID 1)\nS: * 2 FETCH (UID 2)\nS: a3 OK FETCH completed\n" +
                       "C: a4 UID SEARCH UID " + many + " 2,1\n" +
                       "S: * SEARCH 1 2\nS: a4 OK UID SEARCH completed\n" +
                       "C: a5 UID FETCH 2,2:2,9:3 UID\n" +
                       "S: * 2 FETCH (UID 2)\nS: a5 OK UID FETCH completed\n");
}

TEST_CASE("sequence set: overlapping and touching ranges merge, * stands for the largest") {
  const auto ranges = [](std::string_view text, std::uint32_t largest) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    const imap::NumberRanges numbers = imap::SequenceSet::parse(text)->numbers(largest);
    for (const auto& r : numbers.ranges()) out.emplace_back(r.lo, r.hi);
    return out;
  };
  using V = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  std::string many = "1:*";
  for (int i = 0; i < 3000; ++i) many += ",1:*";
  CHECK(ranges(many, 10) == V{{1, 10}});  // one range, so membership is one binary search
  CHECK(ranges("5,3:4,1,2,9:7,12", 20) == V{{1, 5}, {7, 9}, {12, 12}});
  CHECK(ranges("9:*", 4) == V{{4, 9}});
  CHECK(ranges("*", 0).empty());
  CHECK(ranges("4294967295,1:4294967294", 0) == V{{1, 4294967295U}});
  const auto set = imap::SequenceSet::parse("3:5,8")->numbers(10);
  CHECK(!set.contains(2));
  CHECK(set.contains(3));
  CHECK(set.contains(5));
  CHECK(!set.contains(6));
  CHECK(set.contains(8));
  CHECK(!set.contains(9));
}

// Items are read before any message: a bad one is BAD in an empty mailbox too, and sets no \Seen.
TEST_CASE("IMAP server: FETCH items read first, repeats answered once, message text bounded") {
  Mailbox mb;
  Session s(mb.store);
  std::string texts;
  for (int i = 0; i < 17; ++i) texts += " BODY.PEEK[]<" + std::to_string(i) + ".1>";
  // a6's bad second item is found before message 1 is read, so a8 is the first to set \Seen.
  play_selected(s, "C: a3 FETCH 1 (FLAGS UID FLAGS UID)\nS: * 1 FETCH (FLAGS () UID 1)\nS: a3 OK FETCH completed\n"
                   "C: a4 UID FETCH 1 (FLAGS UID RFC822.SIZE UID)\nS: * 1 FETCH (FLAGS () UID 1 RFC822.SIZE 164)\n"
                   "S: a4 OK UID FETCH completed\n"
                   "C: a5 UID FETCH 7:* (BODY[] NONSENSE)\nS: a5 BAD Invalid fetch attribute NONSENSE\n"
                   "C: a6 FETCH 1:2 (BODY[TEXT] BODY[NOPE])\nS: a6 BAD Invalid section or range in BODY[NOPE]\n"
                   "C: a7 FETCH 1 (" + texts.substr(1) + ")\n"
                   "S: a7 BAD Too many message sections in one FETCH (limit 16)\n"
                   "C: a8 FETCH 1 (RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 RFC822 "
                   "RFC822 RFC822 RFC822 RFC822 RFC822 RFC822.SIZE)\n"
                   "S: * 1 FETCH (RFC822 {164}\n"
                   "S: From: Alice <alice@school.example>\nS: To: bob@home.example\nS: Subject: Lunch\n"
                   "S: Date: Mon, 3 Nov 2025 09:00:10 +0000\nS: Message-ID: <m1@school.example>\nS: \n"
                   "S: Hi Bob,\nS: lunch?\nS:  RFC822.SIZE 164 FLAGS (\\Seen))\nS: a8 OK FETCH completed\n");
}

TEST_CASE("IMAP server: SEARCH with more string keys than the limit is refused") {
  Mailbox mb;
  Session s(mb.store);
  std::string keys;
  for (std::size_t i = 0; i < imap::SearchCriteria::kMaxStringKeys; ++i) keys += i % 2 ? " TEXT a" : " SUBJECT lunch";
  play_selected(s, "C: a3 SEARCH" + keys + "\nS: * SEARCH 1\nS: a3 OK SEARCH completed\n" +
                       "C: a4 SEARCH" + keys + " FROM alice\nS: a4 BAD Too many string search keys (limit 32)\n");
}

TEST_CASE("IMAP server: STATUS answers a repeated item each time, counting once") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 STORE 1 +FLAGS.SILENT (\Seen)
S: a3 OK STORE completed
C: a4 STATUS INBOX (UNSEEN MESSAGES UNSEEN)
S: * STATUS "INBOX" (UNSEEN 1 MESSAGES 2 UNSEEN 1)
S: a4 OK STATUS completed
)");
}

TEST_CASE("IMAP server: SEARCH with more keys than the limit is refused") {
  Mailbox mb;
  Session s(mb.store);
  std::string keys;
  for (std::size_t i = 0; i < imap::SearchCriteria::kMaxKeys / 2; ++i) keys += " NOT DELETED";
  play_selected(s, "C: a3 SEARCH" + keys + "\nS: * SEARCH 1 2\nS: a3 OK SEARCH completed\n" +
                       "C: a4 SEARCH" + keys + " SEEN\nS: a4 BAD Too many search keys (limit 256)\n" +
                       "C: a5 SEARCH" + keys.substr(4) + " (SEEN)\nS: a5 BAD Too many search keys (limit 256)\n");
}

// Replies quote what the client wrote; the client's bytes must not become the server's. Found by
// fuzz_imap_server (tests/fuzz/findings/imap-server-echo-*): a NUL went out as it came, an echoed
// "{8}" ended a line as a literal the client then waited for, and a mailbox name sent as a literal
// carried a CRLF and a forged "* 9 EXISTS" line.
TEST_CASE("IMAP server: echoed client text is TEXT-CHAR and cannot forge a response or a literal") {
  Mailbox mb;
  Session s(mb.store);
  s.start();
  CHECK(s.feed(std::string("B \0\xff\r\n", 6)) == "B BAD Unknown command ??\r\n");
  CHECK(s.feed("a0 {8}\r\n") == "a0 BAD Unknown command {8}.\r\n");
  CHECK(s.feed("a1 LOGIN bob secret\r\n").starts_with("a1 OK "));
  CHECK(s.feed("a2 SELECT {15}\r\n") == "+ Ready for literal data\r\n");
  CHECK(s.feed("x\r\n* 9 EXISTS\r\n\r\n") == "a2 NO [NONEXISTENT] Mailbox doesn't exist: x??* 9 EXISTS??\r\n");
  CHECK(s.feed("a4 SELECT INBOX\r\n").ends_with("a4 OK [READ-WRITE] SELECT completed\r\n"));
  CHECK(s.feed("a3 STORE 1 X\x01Y (\\Seen)\r\n") == "a3 BAD Invalid arguments\r\n");
}

// A field name is written back in the FETCH response's section: one that no header field could
// have (8-bit, control characters, ":") is a bad section, not bytes sent back as they came.
TEST_CASE("IMAP server: HEADER.FIELDS names that are no field name are refused") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, "C: a3 FETCH 1 BODY.PEEK[HEADER.FIELDS (SUBJ:ECT)]\n"
                   "S: a3 BAD Invalid section or range in BODY.PEEK[HEADER.FIELDS (SUBJ:ECT)]\n");
  CHECK(s.feed("a4 FETCH 1 BODY.PEEK[HEADER.FIELDS (FR\x86OM)]\r\n") ==
        "a4 BAD Invalid section or range in BODY.PEEK[HEADER.FIELDS (FR?OM)]\r\n");
  CHECK(s.feed("a5 FETCH 1 BODY.PEEK[HEADER.FIELDS ({4}\r\n") == "+ Ready for literal data\r\n");
  // A literal inside a section is not read as a name (no client sends one): refused as well.
  CHECK(s.feed("FROM)]\r\n") == "a5 BAD Invalid section or range in BODY.PEEK[HEADER.FIELDS ({4})]\r\n");
}
