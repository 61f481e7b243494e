// LIST and LSUB patterns (RFC 3501 §6.3.8): the wildcards, the hierarchy delimiter, INBOX in any
// case, and the cost of matching (issue 9: a pattern of many "*" took seconds to minutes).
#include "imap/server_fixture.hpp"
#include "sim/proto/imap/list_pattern.hpp"

using namespace imap_test;
using imap::ListPattern;

TEST_CASE("LIST pattern: * crosses the hierarchy delimiter, % does not") {
  CHECK(ListPattern("*").matches("Work/2024"));
  CHECK(ListPattern("Work/*").matches("Work/2024/Q1"));
  CHECK(ListPattern("%").matches("Sent"));
  CHECK_FALSE(ListPattern("%").matches("Work/2024"));
  CHECK(ListPattern("Work/%").matches("Work/2024"));
  CHECK_FALSE(ListPattern("Work/%").matches("Work/2024/Q1"));
  CHECK(ListPattern("%/%").matches("Work/2024"));
  CHECK(ListPattern("%*").matches("Work/2024"));  // a run holding "*" matches what "*" matches
  CHECK(ListPattern("*%").matches("Work/2024"));
  CHECK_FALSE(ListPattern("%%").matches("Work/2024"));
  CHECK(ListPattern("").matches(""));
  CHECK_FALSE(ListPattern("").matches("x"));
  CHECK(ListPattern("S*t").matches("Sent"));
  CHECK(ListPattern("S*t").matches("St"));
  CHECK_FALSE(ListPattern("S*t").matches("Sends"));
  CHECK_FALSE(ListPattern("sent").matches("Sent"));  // case-sensitive; the server folds INBOX only
  CHECK(ListPattern("*a*b*a*").matches("xxaxxbxxbxxa"));
  CHECK_FALSE(ListPattern("*a*b*a*").matches("xxaxxbxxbxx"));
}

TEST_CASE("LIST pattern: a long pattern crosses machine words") {
  const std::string name = std::string(100, 'a') + "/" + std::string(100, 'b');
  CHECK(ListPattern(std::string(100, 'a') + "/*").matches(name));
  CHECK(ListPattern("*" + std::string(99, 'a') + "/" + std::string(100, 'b')).matches(name));
  CHECK(ListPattern(std::string(100, 'a') + "%" + std::string(100, 'b')).matches(std::string(100, 'a') + "x" + std::string(100, 'b')));
  CHECK_FALSE(ListPattern(std::string(100, 'a') + "%" + std::string(100, 'b')).matches(name));
  CHECK_FALSE(ListPattern(std::string(101, 'a') + "/*").matches(name));
}

// The recursive matcher tried every split of the name among the stars: about C(140, 40) ways here.
// The work must grow with name length times pattern length / 64, never faster.
TEST_CASE("LIST pattern: matching many wildcards takes linear steps") {
  const std::string name(40, 'a');
  for (const std::string& pattern : {std::string(100, '*') + "z", std::string(100, '%') + "z",
                                     [] {
                                       std::string p;
                                       for (int i = 0; i < 300; ++i) p += "*a";
                                       return p + "z";
                                     }()}) {
    std::size_t steps = 0;
    CHECK_FALSE(ListPattern(pattern).matches(name, &steps));
    INFO("pattern of " << pattern.size() << " octets");
    CHECK(steps <= (name.size() + 1) * (pattern.size() / 64 + 1));
  }
}

TEST_CASE("IMAP server: LIST with many stars, INBOX in any case, % stops at /") {
  Mailbox mb;
  mb.store.create_folder("bob", "Quiz");
  mb.store.create_folder("bob", "Work/2024");
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 LIST "" ")" + std::string(12, '*') + R"(z"
S: * LIST (\HasNoChildren) "/" "Quiz"
S: a2 OK LIST completed
C: a3 LIST "" inbox
S: * LIST (\HasNoChildren) "/" "INBOX"
S: a3 OK LIST completed
C: a4 LIST "" %
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasNoChildren) "/" "Quiz"
S: * LIST (\HasChildren) "/" "Work"
S: a4 OK LIST completed
C: a5 LIST Work/ %
S: * LIST (\HasNoChildren) "/" "Work/2024"
S: a5 OK LIST completed
C: a6 LIST "" *
S: * LIST (\HasNoChildren) "/" "INBOX"
S: * LIST (\HasNoChildren) "/" "Quiz"
S: * LIST (\HasChildren) "/" "Work"
S: * LIST (\HasNoChildren) "/" "Work/2024"
S: a6 OK LIST completed
)");
}

TEST_CASE("IMAP server: a LIST pattern over the limit is refused with NO [LIMIT], the session goes on") {
  Mailbox mb;
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 LIST "" )" + std::string(1025, '*') + R"(
S: a2 NO [LIMIT] Mailbox pattern too long (limit 1024 octets)
C: a3 LSUB )" + std::string(512, '%') + " " + std::string(513, '*') + R"(
S: a3 NO [LIMIT] Mailbox pattern too long (limit 1024 octets)
C: a4 LIST "" )" + std::string(1024, '*') + R"(
S: * LIST (\HasNoChildren) "/" "INBOX"
S: a4 OK LIST completed
)");
}

// What one LIST costs grows with the names it reads: CREATE bounds their length and number.
TEST_CASE("IMAP server: CREATE refuses a name over 1024 octets and a 1001st mailbox with NO [LIMIT]") {
  Mailbox mb;
  for (int i = 1; i < 999; ++i) mb.store.create_folder("bob", "f" + std::to_string(i));  // 999 with INBOX
  Session s(mb.store);
  test::play_server(s, std::string(kGreeting) + R"(
C: a1 LOGIN bob secret
S: a1 OK [CAPABILITY IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE] Logged in
C: a2 CREATE )" + std::string(1025, 'n') + R"(
S: a2 NO [LIMIT] Mailbox name too long (limit 1024 octets)
C: a3 CREATE )" + std::string(1024, 'n') + R"(
S: a3 OK CREATE completed
C: a4 CREATE one-more
S: a4 NO [LIMIT] Too many mailboxes (limit 1000)
)");
  CHECK(mb.store.find("bob")->folders.size() == 1000);
}

TEST_CASE("LIST pattern: the matching levels of a name in one pass (LSUB's \\Noselect levels)") {
  CHECK(ListPattern("%").matching_levels("a/b/c") == std::vector<std::size_t>{1});
  CHECK(ListPattern("a/%").matching_levels("a/b/c") == std::vector<std::size_t>{3});
  CHECK(ListPattern("*").matching_levels("a/b/c") == std::vector<std::size_t>{1, 3});
  CHECK(ListPattern("x%").matching_levels("a/b/c").empty());
  // A name of 511 levels costs one pass, not one per level (511 levels of up to 1023 octets each).
  std::string deep = "a";
  for (int i = 0; i < 511; ++i) deep += "/a";
  std::size_t steps = 0;
  CHECK(ListPattern("*").matching_levels(deep, &steps).size() == 511);
  CHECK(steps <= deep.size() + 1);
}

TEST_CASE("IMAP server: LSUB over subscriptions hundreds of levels deep stays one pass per name") {
  Mailbox mb;
  std::string deep = "a";
  for (int i = 0; i < 500; ++i) deep += "/a";
  auto* account = mb.store.find("bob");
  for (int i = 0; i < 999; ++i) account->subscribed.insert(deep + std::to_string(i));
  Session s(mb.store);
  s.start();
  s.feed("a1 LOGIN bob secret\r\n");
  CHECK(s.feed("a2 LSUB \"\" %\r\n") == "* LSUB () \"/\" \"INBOX\"\r\n* LSUB (\\Noselect) \"/\" \"a\"\r\na2 OK LSUB completed\r\n");
  // "*" keeps every prefix alive: matched prefix by prefix, this was 500 levels times 1000 octets
  // for each of 999 names. (INBOX matches: it is INBOX in any case, and "OX" is the "%".)
  CHECK(s.feed("a3 LSUB \"\" *b%\r\n") == "* LSUB () \"/\" \"INBOX\"\r\na3 OK LSUB completed\r\n");
}
