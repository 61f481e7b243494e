// UPDATE state (RFC 1939 §6): QUIT removes exactly the messages marked by DELE; a session that ends
// any other way removes nothing.
#include <doctest/doctest.h>

#include <string>

#include "pop3/fixture.hpp"

using namespace mailsim;
using test::inbox_uids;

namespace {

const std::string kLogin = R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
)";

}  // namespace

TEST_CASE("QUIT removes exactly the DELE'd messages and leaves the others") {
  mailstore::MailStore store = test::pop3_dialog(kLogin + R"(
    C: DELE 1
    S: +OK message 1 deleted
    C: DELE 3
    S: +OK message 3 deleted
    C: QUIT
    S: +OK pop.example POP3 server signing off (1 message left)
  )");
  CHECK(inbox_uids(store) == "3");
  CHECK(!store.find("alice")->pop3_locked);
}

TEST_CASE("QUIT after deleting everything leaves the maildrop empty") {
  mailstore::MailStore store = test::pop3_dialog(kLogin + R"(
    C: DELE 1
    S: +OK message 1 deleted
    C: DELE 2
    S: +OK message 2 deleted
    C: DELE 3
    S: +OK message 3 deleted
    C: QUIT
    S: +OK pop.example POP3 server signing off (maildrop empty)
  )");
  CHECK(inbox_uids(store).empty());
}

TEST_CASE("RSET before QUIT saves the marked messages") {
  mailstore::MailStore store = test::pop3_dialog(kLogin + R"(
    C: DELE 2
    S: +OK message 2 deleted
    C: RSET
    S: +OK maildrop has 3 messages (192 octets)
    C: QUIT
    S: +OK pop.example POP3 server signing off (3 messages left)
  )");
  CHECK(inbox_uids(store) == "2,3,4");
}

TEST_CASE("a lost connection deletes nothing, even with messages marked") {
  mailstore::MailStore store = test::pop3_store();
  const std::uint64_t version = store.folder("alice", "INBOX")->version;
  {
    pop3::Server server(test::pop3_config(), store);
    test::play_server(server, kLogin + R"(
      C: DELE 1
      S: +OK message 1 deleted
      C: DELE 2
      S: +OK message 2 deleted
    )");
    server.connection_lost();
    CHECK(server.state() == pop3::State::Closed);
  }
  CHECK(inbox_uids(store) == "2,3,4");
  CHECK(store.folder("alice", "INBOX")->version == version);
  CHECK(!store.find("alice")->pop3_locked);
}

TEST_CASE("QUIT leaves alone what IMAP flagged \\Deleted and what arrived during the session") {
  mailstore::MailStore store = test::pop3_store();
  store.set_flags("alice", "INBOX", 4, {"\\Deleted", "\\Seen"});  // flagged by an IMAP client, not expunged
  pop3::Server server(test::pop3_config(), store);
  test::play_server(server, kLogin + R"(
    C: DELE 1
    S: +OK message 1 deleted
  )");
  store.deliver("alice", "Subject: late\r\n\r\nlate\r\n", 40);  // UID 5, not in the snapshot
  const std::uint64_t version = store.folder("alice", "INBOX")->version;
  test::play_server(server, R"(
    C: QUIT
    S: +OK pop.example POP3 server signing off (3 messages left)
  )");
  CHECK(inbox_uids(store) == "3,4,5");
  CHECK(store.folder("alice", "INBOX")->find_uid(4)->flags == std::set<std::string>{"\\Deleted", "\\Seen"});
  CHECK(store.folder("alice", "INBOX")->version == version + 1);  // IMAP sessions notice the removal
}

TEST_CASE("a marked message that IMAP expunged first is simply gone at QUIT") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  test::play_server(server, kLogin + R"(
    C: DELE 2
    S: +OK message 2 deleted
  )");
  store.set_flags("alice", "INBOX", 3, {"\\Deleted"});
  store.expunge("alice", "INBOX");
  test::play_server(server, R"(
    C: QUIT
    S: +OK pop.example POP3 server signing off (2 messages left)
  )");
  CHECK(inbox_uids(store) == "2,4");
}

TEST_CASE("QUIT with an argument closes without UPDATE and frees the maildrop at once") {
  // Found by the POP3 server fuzz target: the closed session kept the lock until it was destroyed,
  // so another device logging in meanwhile was told the maildrop is in use.
  mailstore::MailStore store = test::pop3_store();
  pop3::Server first(test::pop3_config(), store);
  test::play_server(first, kLogin + R"(
    C: DELE 1
    S: +OK message 1 deleted
    C: QUIT now
    S: -ERR too many arguments
  )");
  CHECK(first.closed());
  CHECK(!store.find("alice")->pop3_locked);
  pop3::Server second(test::pop3_config(), store);
  test::play_server(second, kLogin);
  CHECK(inbox_uids(store) == "2,3,4");
}
