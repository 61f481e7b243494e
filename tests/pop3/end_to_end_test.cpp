// The POP3 client against the POP3 server: each one's output is the other's input.
#include <doctest/doctest.h>

#include <string>

#include "pop3/fixture.hpp"
#include "sim/proto/pop3/client.hpp"
#include "sim/proto/pop3/server.hpp"

using namespace mailsim;

namespace {

// Turns bytes one side sent into transcript lines ("C: ...\n").
std::string as_lines(char who, const std::string& bytes) {
  std::string out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t end = bytes.find("\r\n", pos);
    REQUIRE(end != std::string::npos);
    out += std::string(1, who) + ": " + bytes.substr(pos, end - pos) + "\n";
    pos = end + 2;
  }
  return out;
}

// Runs the dialog to its end; returns it as a transcript. With `bytewise` each byte travels alone.
std::string converse(pop3::Server& server, pop3::Client& client, bool bytewise) {
  std::string transcript;
  std::string to_client = server.start();
  for (int round = 0; round < 1000 && !client.done(); ++round) {
    transcript += as_lines('S', to_client);
    const std::string to_server = test::feed_bytes(client, to_client, bytewise);
    transcript += as_lines('C', to_server);
    to_client = test::feed_bytes(server, to_server, bytewise);
    if (server.closed() && to_client.empty()) client.connection_lost();
  }
  return transcript;
}

// Normalises a hand-written transcript to converse()'s layout: no indentation, no blank lines.
std::string expected(std::string_view text) {
  std::string out;
  for (const auto& b : test::parse_transcript(text)) out += as_lines(b.who, b.bytes);
  return out;
}

}  // namespace

TEST_CASE("delete mode downloads every message and empties the maildrop") {
  for (bool bytewise : {false, true}) {
    mailstore::MailStore store = test::pop3_store();
    pop3::Server server(test::pop3_config(), store);
    pop3::Client client(pop3::ClientJob{"alice", "secret", true, {}});
    const std::string transcript = converse(server, client, bytewise);
    CHECK(transcript == expected(R"(
      S: +OK pop.example POP3 server ready
      C: USER alice
      S: +OK send PASS
      C: PASS secret
      S: +OK maildrop has 3 messages (192 octets)
      C: UIDL
      S: +OK unique-id listing follows
      S: 1 7.2
      S: 2 7.3
      S: 3 7.4
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
      C: RETR 3
      S: +OK 67 octets
      S: From: dave@example.net
      S: Subject: Report
      S:
      S: line 1
      S: line 2
      S: line 3
      S: .
      C: DELE 3
      S: +OK message 3 deleted
      C: QUIT
      S: +OK pop.example POP3 server signing off (maildrop empty)
    )"));
    CHECK(client.done());
    CHECK(!client.failed());
    REQUIRE(client.downloaded().size() == 3);
    CHECK(client.downloaded()[0].raw == test::kHello);
    CHECK(client.downloaded()[1].raw == test::kLunch);
    CHECK(client.downloaded()[2].raw == test::kReport);
    CHECK(server.closed());
    CHECK(store.folder("alice", "INBOX")->messages.empty());
    CHECK(!store.find("alice")->pop3_locked);
  }
}

TEST_CASE("keep mode downloads only unknown messages and leaves the maildrop as it was") {
  mailstore::MailStore store = test::pop3_store();
  std::set<std::string> known;
  {
    pop3::Server server(test::pop3_config(), store);
    pop3::Client client(pop3::ClientJob{"alice", "secret", false, {"7.3"}});
    converse(server, client, false);
    CHECK(!client.failed());
    REQUIRE(client.downloaded().size() == 2);
    CHECK(client.downloaded()[0].uidl == "7.2");
    CHECK(client.downloaded()[1].uidl == "7.4");
    CHECK(client.downloaded()[1].raw == test::kReport);
    for (const auto& d : client.downloaded()) known.insert(d.uidl);
  }
  CHECK(test::inbox_uids(store) == "2,3,4");
  store.deliver("alice", "Subject: new\r\n\r\nnew\r\n", 50);
  known.insert("7.3");
  {
    pop3::Server server(test::pop3_config(), store);
    pop3::Client client(pop3::ClientJob{"alice", "secret", false, known});
    converse(server, client, true);
    CHECK(!client.failed());
    REQUIRE(client.downloaded().size() == 1);
    CHECK(client.downloaded()[0].uidl == "7.5");
    CHECK(client.downloaded()[0].raw == "Subject: new\r\n\r\nnew\r\n");
  }
  CHECK(test::inbox_uids(store) == "2,3,4,5");
}

TEST_CASE("a wrong password ends in failure, QUIT and an untouched maildrop") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  pop3::Client client(pop3::ClientJob{"alice", "nope", true, {}});
  CHECK(converse(server, client, false) == expected(R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS nope
    S: -ERR [AUTH] Authentication failed.
    C: QUIT
    S: +OK pop.example POP3 server signing off
  )"));
  CHECK(client.failed());
  CHECK(client.error() == "PASS: -ERR [AUTH] Authentication failed.");
  CHECK(test::inbox_uids(store) == "2,3,4");
}

TEST_CASE("a second client meets the lock of the first") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server holder(test::pop3_config(), store);
  holder.feed("USER alice\r\nPASS secret\r\n");
  pop3::Server server(test::pop3_config(), store);
  pop3::Client client(pop3::ClientJob{"alice", "secret", true, {}});
  converse(server, client, false);
  CHECK(client.error() == "PASS: -ERR [IN-USE] Mailbox is locked by another POP3 session");
  CHECK(test::inbox_uids(store) == "2,3,4");
}
