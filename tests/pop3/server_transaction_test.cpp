// TRANSACTION state (RFC 1939 §5, §7): STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP and their
// error paths. Every dialog logs in first; kLogin is that prologue.
#include <doctest/doctest.h>

#include <string>

#include "pop3/fixture.hpp"

using namespace mailsim;
using test::pop3_dialog;

namespace {

const std::string kLogin = R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    S: +OK send PASS
    C: PASS secret
    S: +OK maildrop has 3 messages (192 octets)
)";

}  // namespace

TEST_CASE("STAT, LIST and LIST n give counts and sizes") {
  pop3_dialog(kLogin + R"(
    C: STAT
    S: +OK 3 192
    C: LIST
    S: +OK 3 messages (192 octets)
    S: 1 75
    S: 2 50
    S: 3 67
    S: .
    C: LIST 2
    S: +OK 2 50
    C: LIST 02
    S: +OK 2 50
  )");
}

TEST_CASE("UIDL lists unique-ids made of UIDVALIDITY and UID, not of message numbers") {
  pop3_dialog(kLogin + R"(
    C: UIDL
    S: +OK unique-id listing follows
    S: 1 7.2
    S: 2 7.3
    S: 3 7.4
    S: .
    C: UIDL 3
    S: +OK 3 7.4
  )");
}

TEST_CASE("RETR sends the message byte-stuffed: lines starting with '.' get one more") {
  pop3_dialog(kLogin + R"(
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
    C: RETR 2
    S: +OK 50 octets
    S: From: carol@example.net
    S: Subject: Lunch
    S:
    S: Noon?
    S: .
  )");
}

TEST_CASE("RETR leaves the store's flags alone: \\Seen is not POP3's business") {
  mailstore::MailStore store = pop3_dialog(kLogin + R"(
    C: RETR 2
    S: +OK 50 octets
    S: From: carol@example.net
    S: Subject: Lunch
    S:
    S: Noon?
    S: .
  )");
  CHECK(store.folder("alice", "INBOX")->find_uid(3)->flags.empty());
}

TEST_CASE("TOP sends the header, the blank line and k body lines") {
  pop3_dialog(kLogin + R"(
    C: TOP 3 2
    S: +OK top of message follows
    S: From: dave@example.net
    S: Subject: Report
    S:
    S: line 1
    S: line 2
    S: .
    C: TOP 3 0
    S: +OK top of message follows
    S: From: dave@example.net
    S: Subject: Report
    S:
    S: .
    C: TOP 1 99
    S: +OK top of message follows
    S: From: bob@example.net
    S: Subject: Hello
    S:
    S: Hi Alice,
    S: ..see the dot?
    S: ..
    S: Bye
    S: .
    C: TOP 3
    S: -ERR missing argument
    C: TOP 3 x
    S: -ERR invalid argument
    C: TOP 9 1
    S: -ERR no such message
  )");
}

TEST_CASE("DELE marks, a deleted message is invisible and cannot be deleted twice") {
  pop3_dialog(kLogin + R"(
    C: DELE 1
    S: +OK message 1 deleted
    C: DELE 1
    S: -ERR message 1 already deleted
    C: STAT
    S: +OK 2 117
    C: LIST
    S: +OK 2 messages (117 octets)
    S: 2 50
    S: 3 67
    S: .
    C: UIDL
    S: +OK unique-id listing follows
    S: 2 7.3
    S: 3 7.4
    S: .
    C: LIST 1
    S: -ERR no such message
    C: UIDL 1
    S: -ERR no such message
    C: RETR 1
    S: -ERR no such message
    C: TOP 1 0
    S: -ERR no such message
  )");
}

TEST_CASE("RSET unmarks every deleted message") {
  pop3_dialog(kLogin + R"(
    C: DELE 1
    S: +OK message 1 deleted
    C: DELE 3
    S: +OK message 3 deleted
    C: RSET
    S: +OK maildrop has 3 messages (192 octets)
    C: LIST 3
    S: +OK 3 67
    C: DELE 3
    S: +OK message 3 deleted
  )");
}

TEST_CASE("NOOP, and unknown message numbers, non-numeric and missing arguments") {
  pop3_dialog(kLogin + R"(
    C: NOOP
    S: +OK
    C: RETR 4
    S: -ERR no such message
    C: RETR 0
    S: -ERR no such message
    C: RETR 99999999999999999999
    S: -ERR no such message
    C: RETR one
    S: -ERR invalid argument
    C: RETR -1
    S: -ERR invalid argument
    C: LIST 1x
    S: -ERR invalid argument
    C: DELE x
    S: -ERR invalid argument
    C: DELE 4
    S: -ERR no such message
  )");
  pop3_dialog(kLogin + R"(
    C: RETR
    S: -ERR missing argument
    C: DELE
    S: -ERR missing argument
    C: RETR 1 2
    S: -ERR too many arguments
    C: LIST 1 2
    S: -ERR too many arguments
    C: STAT 1
    S: -ERR too many arguments
    C: NOOP 1
    S: -ERR too many arguments
    C: XTND XMIT
    S: -ERR Unknown command
    C:
    S: -ERR Unknown command
  )");
}

TEST_CASE("pipelined commands are answered in order, from one read") {
  pop3_dialog(R"(
    S: +OK pop.example POP3 server ready
    C: USER alice
    C: PASS secret
    C: STAT
    C: LIST 3
    C: DELE 2
    C: QUIT
    S: +OK send PASS
    S: +OK maildrop has 3 messages (192 octets)
    S: +OK 3 192
    S: +OK 3 67
    S: +OK message 2 deleted
    S: +OK pop.example POP3 server signing off (2 messages left)
  )");
}

TEST_CASE("the session keeps the numbering of its snapshot, mail arriving meanwhile waits") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  test::play_server(server, kLogin);
  store.deliver("alice", "Subject: late\r\n\r\nlate\r\n", 40);
  test::play_server(server, R"(
    C: STAT
    S: +OK 3 192
    C: LIST 4
    S: -ERR no such message
  )");
}

TEST_CASE("a message expunged by IMAP after the snapshot is no longer there for RETR") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server server(test::pop3_config(), store);
  test::play_server(server, kLogin);
  store.set_flags("alice", "INBOX", 3, {"\\Deleted"});
  store.expunge("alice", "INBOX");
  test::play_server(server, R"(
    C: RETR 2
    S: -ERR no such message
    C: LIST 2
    S: +OK 2 50
  )");
}
