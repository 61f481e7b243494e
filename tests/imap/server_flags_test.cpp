// Flags in STORE and APPEND (RFC 3501 §2.3.2, §6.4.6, §9 "flag"): only the five system flags may be
// stored, in any case but kept in their canonical spelling; keywords compare in any case.
#include <set>

#include "imap/server_fixture.hpp"
#include "sim/proto/imap/flags.hpp"

using namespace imap_test;

TEST_CASE("IMAP server: STORE refuses \\Recent, unknown system flags and non-atoms with BAD") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 STORE 1 +FLAGS (\Bogus)
S: a3 BAD Unknown system flag \Bogus
C: a4 STORE 1 +FLAGS (\Seen \Recent)
S: a4 BAD \Recent is set by the server, not stored by clients
C: a5 STORE 1 FLAGS \*
S: a5 BAD Unknown system flag \*
C: a6 STORE 1 +FLAGS ("Work")
S: a6 BAD Invalid flag: flags are atoms, not strings or lists
C: a7 STORE 1 +FLAGS (Work%)
S: a7 BAD Invalid flag keyword Work%
C: a8 FETCH 1 FLAGS
S: * 1 FETCH (FLAGS ())
S: a8 OK FETCH completed
)");
  CHECK(mb.store.folder("bob", "INBOX")->messages[0].flags.empty());
}

TEST_CASE("IMAP server: STORE FLAGS (\\deleted) stores \\Deleted, so SEARCH DELETED and EXPUNGE find it") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 STORE 2 FLAGS (\deleted)
S: * 2 FETCH (FLAGS (\Deleted))
S: a3 OK STORE completed
C: a4 SEARCH DELETED
S: * SEARCH 2
S: a4 OK SEARCH completed
C: a5 STORE 1 +FLAGS \SEEN \flagged
S: * 1 FETCH (FLAGS (\Flagged \Seen))
S: a5 OK STORE completed
C: a6 STORE 1 -FLAGS (\seen)
S: * 1 FETCH (FLAGS (\Flagged))
S: a6 OK STORE completed
C: a7 EXPUNGE
S: * 2 EXPUNGE
S: a7 OK EXPUNGE completed
)");
  REQUIRE(mb.store.folder("bob", "INBOX")->messages.size() == 1);
  CHECK(mb.store.folder("bob", "INBOX")->messages[0].flags == std::set<std::string>{"\\Flagged"});
}

TEST_CASE("IMAP server: keywords compare in any case, the first spelling stays") {
  Mailbox mb;
  Session s(mb.store);
  play_selected(s, R"(
C: a3 STORE 1 +FLAGS (Work)
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft Work)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft Work \*)] Flags permitted
S: * 1 FETCH (FLAGS (Work))
S: a3 OK STORE completed
C: a4 STORE 1 +FLAGS (WORK work)
S: * 1 FETCH (FLAGS (Work))
S: a4 OK STORE completed
C: a5 SEARCH KEYWORD wOrK
S: * SEARCH 1
S: a5 OK SEARCH completed
C: a6 SEARCH UNKEYWORD work
S: * SEARCH 2
S: a6 OK SEARCH completed
C: a7 STORE 1 -FLAGS (WORK)
S: * 1 FETCH (FLAGS ())
S: a7 OK STORE completed
)");
}

TEST_CASE("IMAP server: APPEND flags are checked and spelled like STORE's") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 APPEND INBOX (\seen \Bogus) {1}
S: + Ready for literal data
C: x
S: a2 BAD Unknown system flag \Bogus
C: a3 APPEND INBOX (\seen \DRAFT) {1}
S: + Ready for literal data
C: y
S: a3 OK [APPENDUID 42 3] APPEND completed
)");
  const auto& messages = mb.store.folder("bob", "INBOX")->messages;
  REQUIRE(messages.size() == 3);
  CHECK(messages[2].raw == "y");
  CHECK(messages[2].flags == std::set<std::string>{"\\Draft", "\\Seen"});
}

TEST_CASE("IMAP server: a STORE past the keyword limit is refused with NO [LIMIT] and changes nothing") {
  Mailbox mb;
  Session s(mb.store);
  std::string keywords;
  std::set<std::string> sorted;  // the order one STORE adds them in, and so the order FLAGS lists them
  for (std::size_t i = 1; i <= imap::kMaxKeywords; ++i) {
    keywords += (i > 1 ? " k" : "k") + std::to_string(i);
    sorted.insert("k" + std::to_string(i));
  }
  std::string known = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const auto& k : sorted) known += " " + k;
  // Each STORE that brings new keywords announces them first (RFC 3501 §7.2.6), silent or not.
  const auto announce = [](const std::string& list) {
    return "S: * FLAGS (" + list + ")\nS: * OK [PERMANENTFLAGS (" + list + " \\*)] Flags permitted\n";
  };
  play_selected(s, "C: a3 STORE 1:* +FLAGS.SILENT (" + keywords + ")\n" + announce(known) + "S: a3 OK STORE completed\n" +
                       "C: a4 STORE 1:* +FLAGS (\\Seen k1 K2 extra)\n" +
                       "S: a4 NO [LIMIT] Too many keywords on message 1 (limit 100)\n"
                       "C: a5 STORE 2 FLAGS (\\Seen extra)\n" + announce(known + " extra") +
                       "S: * 2 FETCH (FLAGS (\\Seen extra))\nS: a5 OK STORE completed\n");
  const auto& messages = mb.store.folder("bob", "INBOX")->messages;
  CHECK(messages[0].flags.size() == imap::kMaxKeywords);
  CHECK(!messages[0].flags.count("\\Seen"));
}

TEST_CASE("IMAP server: STORE of more keywords than a message may carry is refused before any message") {
  Mailbox mb;
  Session s(mb.store);
  std::string many;
  for (int i = 1; i <= 1200; ++i) many += (i > 1 ? " k" : "k") + std::to_string(i);
  play_selected(s, "C: a3 STORE 1:* +FLAGS (" + many + ")\nS: a3 NO [LIMIT] Too many keywords (limit 100)\n" +
                       "C: a4 STORE 1:* FLAGS (" + many + ")\nS: a4 NO [LIMIT] Too many keywords (limit 100)\n" +
                       "C: a5 STORE 1 +FLAGS (K7 k1)\n"
                       "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft K7 k1)\n"
                       "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft K7 k1 \\*)] Flags permitted\n"
                       "S: * 1 FETCH (FLAGS (K7 k1))\nS: a5 OK STORE completed\n" +
                       "C: a6 STORE 1:* -FLAGS (" + many + ")\nS: * 1 FETCH (FLAGS ())\nS: * 2 FETCH (FLAGS ())\n" +
                       "S: a6 OK STORE completed\n");
}

// Issue 17, defect 2: a keyword a client makes up is announced (RFC 3501 §7.2.6: FLAGS, with
// PERMANENTFLAGS) before any response that carries it, to this session and to every other.
TEST_CASE("IMAP server: a new keyword is announced with FLAGS and PERMANENTFLAGS, to every session") {
  Mailbox mb;
  Session a(mb.store), b(mb.store);
  play_selected(b, "");
  play_selected(a, R"(
C: a3 STORE 2 +FLAGS (foo)
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft foo)
S: * OK [PERMANENTFLAGS (\Answered \Flagged \Deleted \Seen \Draft foo \*)] Flags permitted
S: * 2 FETCH (FLAGS (foo))
S: a3 OK STORE completed
C: a4 STORE 1 +FLAGS (FOO)
S: * 1 FETCH (FLAGS (foo))
S: a4 OK STORE completed
C: a5 SEARCH KEYWORD Foo
S: * SEARCH 1 2
S: a5 OK SEARCH completed
)");
  CHECK(b.feed("b3 NOOP\r\n") ==
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft foo)\r\n"
        "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft foo \\*)] Flags permitted\r\n"
        "* 1 FETCH (FLAGS (foo))\r\n* 2 FETCH (FLAGS (foo))\r\nb3 OK NOOP completed\r\n");
  // In IDLE the news is pushed, FLAGS first.
  CHECK(b.feed("b4 IDLE\r\n") == "+ idling\r\n");
  CHECK(a.feed("a6 STORE 1 +FLAGS.SILENT ($Forwarded)\r\n") ==
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft foo $Forwarded)\r\n"
        "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft foo $Forwarded \\*)] Flags permitted\r\n"
        "a6 OK STORE completed\r\n");
  CHECK(b.server.poll() ==
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft foo $Forwarded)\r\n"
        "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft foo $Forwarded \\*)] Flags permitted\r\n"
        "* 1 FETCH (FLAGS ($Forwarded foo))\r\n");
  // A later SELECT or EXAMINE lists them from the start; removed keywords stay known.
  a.feed("a7 STORE 1:* -FLAGS (foo $Forwarded)\r\n");
  Session c(mb.store);
  test::play_server(c, std::string(kGreeting) + R"(
C: c1 LOGIN bob secret
S: c1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: c2 EXAMINE INBOX
S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft foo $Forwarded)
S: * OK [PERMANENTFLAGS ()] Read-only mailbox
S: * 2 EXISTS
S: * 0 RECENT
S: * OK [UNSEEN 1] First unseen
S: * OK [UIDVALIDITY 42] UIDs valid
S: * OK [UIDNEXT 3] Predicted next UID
S: c2 OK [READ-ONLY] EXAMINE completed
)");
}

TEST_CASE("IMAP server: a mailbox knows at most 128 keywords, each at most 100 octets") {
  Mailbox mb;
  for (std::size_t i = 1; i < imap::kMaxMailboxKeywords; ++i)
    mb.store.set_flags("bob", "INBOX", 1, {"k" + std::to_string(i)});
  REQUIRE(mb.store.folder("bob", "INBOX")->keywords.size() == imap::kMaxMailboxKeywords - 1);
  Session s(mb.store);
  s.start();
  s.feed("a1 LOGIN bob secret\r\na2 SELECT INBOX\r\n");
  const std::string full = s.feed("a3 STORE 2 +FLAGS.SILENT (last)\r\n");
  CHECK(full.find("* FLAGS (") == 0);
  CHECK(full.find(" last)] Flags permitted\r\na3 OK STORE completed\r\n") != std::string::npos);  // no \* now
  CHECK(s.feed("a4 STORE 2 +FLAGS (one-more)\r\n") == "a4 NO [LIMIT] Too many keywords in this mailbox (limit 128)\r\n");
  CHECK(s.feed("a5 STORE 2 +FLAGS (LAST k7)\r\n") == "* 2 FETCH (FLAGS (k7 last))\r\na5 OK STORE completed\r\n");
  CHECK(s.feed("a6 APPEND INBOX (another) {1+}\r\nx\r\n") ==
        "a6 NO [LIMIT] Too many keywords in this mailbox (limit 128)\r\n");
  CHECK(s.feed("a7 STORE 2 +FLAGS (" + std::string(101, 'x') + ")\r\n") ==
        "a7 BAD Keyword too long (limit 100 octets)\r\n");
}

// Found by tests/serve/imap_stress.py: FETCH showed a keyword another session had just stored
// before this session was told of it (the news came after the FETCH responses).
TEST_CASE("IMAP server: FETCH announces a keyword another session stored before showing it") {
  Mailbox mb;
  Session a(mb.store), b(mb.store);
  play_selected(a, "");
  play_selected(b, "");
  a.feed("a3 STORE 1 +FLAGS.SILENT (tag26)\r\n");
  CHECK(b.feed("b3 FETCH 1 FLAGS\r\n") ==
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft tag26)\r\n"
        "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft tag26 \\*)] Flags permitted\r\n"
        "* 1 FETCH (FLAGS (tag26))\r\nb3 OK FETCH completed\r\n");
}
