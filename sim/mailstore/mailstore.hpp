#pragma once
// Mailboxes on a destination server: per user, named folders ("INBOX", "Sent", ...) holding messages
// with IMAP UIDs and flags. POP3 and IMAP sessions read and change them; the MTA's local delivery
// appends. Every change bumps the folder's `version` so open sessions can notice the changes of
// others (IMAP untagged EXISTS/EXPUNGE/FETCH) by comparing versions when they next speak.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/kernel/time.hpp"

namespace mailsim::mailstore {

struct StoredMessage {
  std::uint32_t uid = 0;
  std::string raw;                      // RFC 5322 bytes, CRLF line endings
  Time internal_date = 0;               // virtual arrival time
  std::set<std::string> flags;          // "\\Seen", "\\Deleted", "\\Answered", "\\Flagged", "\\Draft"
};

struct Folder {
  std::string name;
  std::uint32_t uidvalidity = 1;
  std::uint32_t uidnext = 1;
  std::uint64_t version = 0;            // bumped on every append, expunge and flag change
  std::vector<StoredMessage> messages;  // ascending UID order

  const StoredMessage* find_uid(std::uint32_t uid) const;
  StoredMessage* find_uid(std::uint32_t uid);
};

struct Account {
  std::string user;                     // login name, usually the local part
  std::string password;
  std::map<std::string, Folder> folders;  // "INBOX" always exists
  bool pop3_locked = false;             // RFC 1939 §8: one POP3 session holds the maildrop
};

class MailStore {
 public:
  // Creates the account with an empty INBOX; `uidvalidity` comes from the world (deterministic).
  Account& add_account(const std::string& user, const std::string& password, std::uint32_t uidvalidity = 1);
  Account* find(const std::string& user);
  const Account* find(const std::string& user) const;
  const std::map<std::string, Account>& accounts() const { return accounts_; }

  // Appends to a folder (INBOX by default); returns the new UID, or nullopt if no such user/folder.
  std::optional<std::uint32_t> deliver(const std::string& user, std::string raw, Time when,
                                       const std::string& folder = "INBOX",
                                       std::set<std::string> flags = {});
  // Creates a folder; false if it exists or the user does not.
  bool create_folder(const std::string& user, const std::string& folder);
  // Removes exactly these messages (POP3's UPDATE state); returns how many were there.
  std::size_t remove(const std::string& user, const std::string& folder, std::vector<std::uint32_t> uids);
  // Removes every message flagged \Deleted; returns the removed UIDs in ascending order.
  std::vector<std::uint32_t> expunge(const std::string& user, const std::string& folder);
  // Replaces a message's flags; bumps the version when they change.
  bool set_flags(const std::string& user, const std::string& folder, std::uint32_t uid,
                 std::set<std::string> flags);

  Folder* folder(const std::string& user, const std::string& name);

 private:
  std::map<std::string, Account> accounts_;
};

}  // namespace mailsim::mailstore
