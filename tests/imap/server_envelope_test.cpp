// ENVELOPE (RFC 3501 §7.4.2): the example of the RFC, groups as group markers, a comment as the
// name when there is no phrase (never in the host), a source route as the adl, Sender and
// Reply-To defaulting to From when absent or empty.
#include "imap/server_fixture.hpp"

using namespace imap_test;

namespace {

std::string envelope_of(const std::string& header) {
  Mailbox mb;
  mb.store.deliver("bob", header + "\r\nbody\r\n", 2 * kHour);
  mb.seen_before();
  Session s(mb.store);
  s.start();
  s.feed("a1 LOGIN bob secret\r\na2 EXAMINE INBOX\r\n");
  const std::string out = s.feed("a3 FETCH 3 ENVELOPE\r\n");
  const std::string head = "* 3 FETCH (ENVELOPE ", tail = ")\r\na3 OK FETCH completed\r\n";
  REQUIRE(out.starts_with(head));
  REQUIRE(out.ends_with(tail));
  return out.substr(head.size(), out.size() - head.size() - tail.size());
}

}  // namespace

TEST_CASE("IMAP ENVELOPE: the example of RFC 3501 §7.4.2") {
  CHECK(envelope_of("Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n"
                    "From: Terry Gray <gray@cac.washington.edu>\r\n"
                    "Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
                    "To: imap@cac.washington.edu\r\n"
                    "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
                    "Message-Id: <B27397-0100000@cac.washington.edu>\r\n") ==
        "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary and minutes\" "
        "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) "
        "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL \"imap\" \"cac.washington.edu\")) "
        "((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL "
        "\"<B27397-0100000@cac.washington.edu>\")");
}

TEST_CASE("IMAP ENVELOPE: groups are marked, a comment names the owner and stays out of the host") {
  CHECK(envelope_of("From: bob@home.example (Bob Smith)\r\n"
                    "To: Team: alice@school.example, \"Doe, J\" <j@x.example>;, carol@home.example\r\n"
                    "Cc: undisclosed-recipients:;\r\n") ==
        "(NIL NIL ((\"Bob Smith\" NIL \"bob\" \"home.example\")) ((\"Bob Smith\" NIL \"bob\" \"home.example\")) "
        "((\"Bob Smith\" NIL \"bob\" \"home.example\")) "
        "((NIL NIL \"Team\" NIL)(NIL NIL \"alice\" \"school.example\")(\"Doe, J\" NIL \"j\" \"x.example\")(NIL NIL NIL NIL)"
        "(NIL NIL \"carol\" \"home.example\")) "
        "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) NIL NIL NIL)");
}

TEST_CASE("IMAP ENVELOPE: a source route goes in the adl, comments inside an address are skipped") {
  CHECK(envelope_of("From: Alice <@relay.example,@mx.example:alice@school.example>\r\n"
                    "To: bob(the boss)@(home) home.example, \"quoted local\"@x.example\r\n") ==
        "(NIL NIL ((\"Alice\" \"@relay.example,@mx.example\" \"alice\" \"school.example\")) "
        "((\"Alice\" \"@relay.example,@mx.example\" \"alice\" \"school.example\")) "
        "((\"Alice\" \"@relay.example,@mx.example\" \"alice\" \"school.example\")) "
        "((\"home\" NIL \"bob\" \"home.example\")(NIL NIL \"quoted local\" \"x.example\")) NIL NIL NIL NIL)");
}

TEST_CASE("IMAP ENVELOPE: empty Sender and Reply-To are the From, a set one is itself, a bare name has a host") {
  CHECK(envelope_of("From: alice@school.example\r\nSender:\r\nReply-To: \r\nTo: bob\r\n") ==
        "(NIL NIL ((NIL NIL \"alice\" \"school.example\")) ((NIL NIL \"alice\" \"school.example\")) "
        "((NIL NIL \"alice\" \"school.example\")) ((NIL NIL \"bob\" \"MISSING_DOMAIN\")) NIL NIL NIL NIL)");
  CHECK(envelope_of("From: alice@school.example\r\nSender: list@school.example\r\nReply-To: list@school.example\r\n") ==
        "(NIL NIL ((NIL NIL \"alice\" \"school.example\")) ((NIL NIL \"list\" \"school.example\")) "
        "((NIL NIL \"list\" \"school.example\")) NIL NIL NIL NIL NIL)");
}

// Found by a fuzzing run: a ")" that closes no comment made the tokenizer loop for ever.
TEST_CASE("IMAP ENVELOPE: a stray ) is skipped") {
  CHECK(envelope_of("From: a) b@c.example\r\nTo: )\r\n") ==
        "(NIL NIL ((NIL NIL \"ab\" \"c.example\")) ((NIL NIL \"ab\" \"c.example\")) ((NIL NIL \"ab\" \"c.example\")) "
        "NIL NIL NIL NIL NIL)");
}
