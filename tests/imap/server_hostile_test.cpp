// Hostile arguments (issue 9): whatever a client writes, the server answers with a specific error in
// bounded time and stack. Costs are checked by counting, never by timing.
#include "imap/server_fixture.hpp"

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
