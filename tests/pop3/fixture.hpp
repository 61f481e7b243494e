#pragma once
// The maildrop the POP3 tests share. Alice's INBOX (UIDVALIDITY 7) holds three messages with UIDs
// 2, 3 and 4 (UID 1 was expunged before, so POP3 numbers 1..3 and UIDL's "7.2".."7.4" differ):
//   1  UID 2  75 octets  has body lines ".see the dot?" and "." that RETR must byte-stuff
//   2  UID 3  50 octets
//   3  UID 4  67 octets  three body lines, for TOP
// Bob ("hunter2") has an empty INBOX.
#include <doctest/doctest.h>

#include <string>

#include "support/transcript.hpp"
#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/pop3/server.hpp"

namespace mailsim::test {

inline const std::string kHello =
    "From: bob@example.net\r\nSubject: Hello\r\n\r\nHi Alice,\r\n.see the dot?\r\n.\r\nBye\r\n";
inline const std::string kLunch = "From: carol@example.net\r\nSubject: Lunch\r\n\r\nNoon?\r\n";
inline const std::string kReport =
    "From: dave@example.net\r\nSubject: Report\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";

inline mailstore::MailStore pop3_store() {
  mailstore::MailStore store;
  store.add_account("alice", "secret", 7);
  store.add_account("bob", "hunter2", 9);
  store.deliver("alice", "From: zed@example.net\r\n\r\ngone\r\n", 0, "INBOX", {"\\Deleted"});
  store.expunge("alice", "INBOX");
  store.deliver("alice", kHello, 10);
  store.deliver("alice", kLunch, 20);
  store.deliver("alice", kReport, 30);
  return store;
}

// The UIDs now in alice's INBOX, as "2,3,4".
inline std::string inbox_uids(mailstore::MailStore& store, const std::string& user = "alice") {
  std::string out;
  for (const auto& m : store.folder(user, "INBOX")->messages) out += (out.empty() ? "" : ",") + std::to_string(m.uid);
  return out;
}

inline pop3::ServerConfig pop3_config() {
  pop3::ServerConfig config;
  config.hostname = "pop.example";
  return config;
}

// Plays a server transcript on a fresh fixture store twice, byte by byte and block by block, and
// returns the store as the block-by-block session (now ended) left it.
inline mailstore::MailStore pop3_dialog(std::string_view transcript, pop3::ServerConfig config = pop3_config()) {
  {
    mailstore::MailStore store = pop3_store();
    pop3::Server server(config, store);
    play_server(server, transcript, true);
  }
  mailstore::MailStore store = pop3_store();
  {
    pop3::Server server(config, store);
    play_server(server, transcript);
  }
  return store;
}

}  // namespace mailsim::test
