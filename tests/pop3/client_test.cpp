// The POP3 client against scripted server bytes.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

#include "pop3/fixture.hpp"
#include "support/transcript.hpp"
#include "sim/proto/pop3/client.hpp"

using namespace mailsim;

namespace {

pop3::ClientJob alice(bool delete_after = true, std::set<std::string> known = {}) {
  return pop3::ClientJob{"alice", "secret", delete_after, std::move(known)};
}

const char* const kDeleteMode = R"(
  S: +OK pop.example POP3 server ready
  C: USER alice
  S: +OK send PASS
  C: PASS secret
  S: +OK maildrop has 2 messages (125 octets)
  C: UIDL
  S: +OK unique-id listing follows
  S: 1 7.2
  S: 2 7.3
  S: .
  C: RETR 1
  S: +OK 75 octets
  S: From: bob@example.net
  S: Subject: Hello
  S:
  S: Hi Alice,
  S: ..see the dot?
  S: ..
  S: Bye
  S: .
  C: DELE 1
  S: +OK message 1 deleted
  C: RETR 2
  S: +OK 50 octets
  S: From: carol@example.net
  S: Subject: Lunch
  S:
  S: Noon?
  S: .
  C: DELE 2
  S: +OK message 2 deleted
  C: QUIT
  S: +OK pop.example POP3 server signing off (maildrop empty)
)";

}  // namespace

TEST_CASE("delete mode: USER, PASS, UIDL, then RETR and DELE each message, QUIT") {
  for (bool bytewise : {false, true}) {
    pop3::Client client(alice());
    test::play_client(client, kDeleteMode, bytewise);
    CHECK(client.done());
    CHECK(!client.failed());
    REQUIRE(client.downloaded().size() == 2);
    CHECK(client.downloaded()[0].uidl == "7.2");
    CHECK(client.downloaded()[0].raw == test::kHello);  // byte-stuffing undone
    CHECK(client.downloaded()[1].uidl == "7.3");
    CHECK(client.downloaded()[1].raw == test::kLunch);
    CHECK(client.feed("+OK late\r\n").empty());
  }
}

TEST_CASE("keep mode: known unique-ids are skipped, nothing is deleted") {
  pop3::Client client(alice(false, {"7.2", "7.9"}));
  test::play_client(client, R"(
    S: +OK hello
    C: USER alice
    S: +OK
    C: PASS secret
    S: +OK
    C: UIDL
    S: +OK
    S: 1 7.2
    S: 2 7.3
    S: .
    C: RETR 2
    S: +OK 50 octets
    S: From: carol@example.net
    S: Subject: Lunch
    S:
    S: Noon?
    S: .
    C: QUIT
    S: +OK bye
  )");
  CHECK(client.done());
  CHECK(!client.failed());
  REQUIRE(client.downloaded().size() == 1);
  CHECK(client.downloaded()[0].uidl == "7.3");
  CHECK(client.downloaded()[0].raw == test::kLunch);
}

TEST_CASE("an empty maildrop: UIDL lists nothing, the client says QUIT") {
  pop3::Client client(alice());
  test::play_client(client, R"(
    S: +OK ready
    C: USER alice
    S: +OK
    C: PASS secret
    S: +OK maildrop has 0 messages (0 octets)
    C: UIDL
    S: +OK
    S: .
    C: QUIT
    S: +OK bye
  )");
  CHECK(client.done());
  CHECK(!client.failed());
  CHECK(client.downloaded().empty());
}

TEST_CASE("-ERR to PASS fails the job with the server's text, the client says QUIT") {
  pop3::Client client(alice());
  test::play_client(client, R"(
    S: +OK ready
    C: USER alice
    S: +OK
    C: PASS secret
    S: -ERR [AUTH] Authentication failed.
    C: QUIT
  )");
  CHECK(!client.done());
  CHECK(client.failed());
  CHECK(client.error() == "PASS: -ERR [AUTH] Authentication failed.");
  CHECK(client.feed("+OK bye\r\n").empty());
  CHECK(client.done());
  CHECK(client.error() == "PASS: -ERR [AUTH] Authentication failed.");
}

TEST_CASE("-ERR to USER, to the greeting, to UIDL and to RETR fail the job too") {
  struct Case { const char* script; const char* error; };
  const Case cases[] = {
      {"S: -ERR go away\nC: QUIT\nS: +OK\n", "greeting: -ERR go away"},
      {"S: +OK\nC: USER alice\nS: -ERR no\nC: QUIT\nS: +OK\n", "USER: -ERR no"},
      {"S: +OK\nC: USER alice\nS: +OK\nC: PASS secret\nS: -ERR [IN-USE] locked\nC: QUIT\nS: +OK\n",
       "PASS: -ERR [IN-USE] locked"},
      {"S: +OK\nC: USER alice\nS: +OK\nC: PASS secret\nS: +OK\nC: UIDL\nS: -ERR what\nC: QUIT\nS: +OK\n",
       "UIDL: -ERR what"},
      {"S: +OK\nC: USER alice\nS: +OK\nC: PASS secret\nS: +OK\nC: UIDL\nS: +OK\nS: 1 a\nS: .\nC: RETR 1\n"
       "S: -ERR no such message\nC: QUIT\nS: +OK\n",
       "RETR: -ERR no such message"},
  };
  for (const Case& c : cases) {
    INFO(c.error);
    pop3::Client client(alice());
    test::play_client(client, c.script);
    CHECK(client.done());
    CHECK(client.error() == c.error);
  }
}

TEST_CASE("a server that ends lines with bare LF still yields CRLF messages") {
  pop3::Client client(alice(false));
  std::string out = client.feed("+OK\n");
  out += client.feed("+OK\n");
  out += client.feed("+OK\n");
  out += client.feed("+OK\n1 x\n.\n");
  out += client.feed("+OK\nSubject: a\n\n..dot\n.\n");
  CHECK(out == "USER alice\r\nPASS secret\r\nUIDL\r\nRETR 1\r\nQUIT\r\n");
  REQUIRE(client.downloaded().size() == 1);
  CHECK(client.downloaded()[0].raw == "Subject: a\r\n\r\n.dot\r\n");
}

TEST_CASE("a message line past the limit fails the job after the message ends") {
  pop3::Client client(alice());
  client.feed("+OK\r\n+OK\r\n+OK\r\n");
  CHECK(client.feed("+OK\r\n1 x\r\n.\r\n") == "RETR 1\r\n");
  CHECK(client.feed("+OK\r\n" + std::string(pop3::Client::kMaxLine + 10, 'x') + "\r\nmore\r\n").empty());
  CHECK(client.feed(".\r\n") == "QUIT\r\n");
  CHECK(client.error() == "message too large");
  CHECK(client.downloaded().empty());
}

TEST_CASE("a reply that is neither +OK nor -ERR stops the client at once") {
  pop3::Client client(alice());
  CHECK(client.feed("220 smtp.example ESMTP\r\n").empty());
  CHECK(client.done());
  CHECK(client.error() == "not a POP3 reply: 220 smtp.example ESMTP");
}

TEST_CASE("a lost connection fails an unfinished job, even right after QUIT") {
  pop3::Client client(alice());
  client.feed("+OK\r\n+OK\r\n");
  client.connection_lost();
  CHECK(client.done());
  CHECK(client.error() == "connection lost");

  pop3::Client quitting(alice());
  CHECK(quitting.feed("+OK\r\n+OK\r\n+OK\r\n+OK\r\n.\r\n") == "USER alice\r\nPASS secret\r\nUIDL\r\nQUIT\r\n");
  quitting.connection_lost();
  CHECK(quitting.error() == "connection lost before the reply to QUIT");
}

TEST_CASE("a UIDL listing that repeats a unique-id or a number is malformed: nothing is downloaded") {
  // Found by the POP3 client fuzz target: "1 7.3" and "2 7.3" had it download the same message twice.
  pop3::Client repeated_uid(alice());
  repeated_uid.feed("+OK\r\n+OK\r\n+OK\r\n");
  CHECK(repeated_uid.feed("+OK\r\n1 7.3\r\n2 7.3\r\n.\r\n") == "QUIT\r\n");
  CHECK(repeated_uid.error() == "UIDL: malformed listing");

  pop3::Client repeated_number(alice());
  repeated_number.feed("+OK\r\n+OK\r\n+OK\r\n");
  CHECK(repeated_number.feed("+OK\r\n1 7.2\r\n1 7.3\r\n.\r\n") == "QUIT\r\n");
  CHECK(repeated_number.error() == "UIDL: malformed listing");
  CHECK(repeated_number.feed("+OK bye\r\n").empty());
  CHECK(repeated_number.downloaded().empty());
}

TEST_CASE("client table: every row is found by the lookup, one row per (state, event)") {
  std::set<std::pair<pop3::ClientState, pop3::ClientEvent>> seen;
  for (const pop3::ClientTransition& t : pop3::client_transitions()) {
    CHECK(seen.insert({t.from, t.event}).second);
    CHECK(pop3::find_client_transition(t.from, t.event) == &t);
  }
}
