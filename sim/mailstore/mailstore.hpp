#pragma once
// Mailboxes on a destination server: per user, named folders ("INBOX", "Sent", "Work/2025", ...)
// holding messages with IMAP UIDs and flags. POP3 and IMAP sessions read and change them; the MTA's
// local delivery appends. Every change to a folder's messages bumps its `version` so open sessions
// can notice the changes of others (IMAP untagged EXISTS/EXPUNGE/FETCH) by comparing versions when
// they next speak.
//
// Folder names use "/" as the hierarchy delimiter (RFC 3501 §5.1): "Work/2025" is an inferior of
// "Work". The store keeps the hierarchy closed: creating a name creates its superiors, renaming a
// folder renames its inferiors, and deleting a folder that has inferiors keeps its name as a
// \Noselect placeholder (§6.3.4).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/time.hpp"

namespace mailsim::mailstore {

inline constexpr char kDelimiter = '/';

struct StoredMessage {
  std::uint32_t uid = 0;
  std::string raw;                      // RFC 5322 bytes, CRLF line endings
  Time internal_date = 0;               // virtual arrival time (or the date APPEND gave)
  std::set<std::string> flags;          // "\\Seen", "\\Deleted", "\\Answered", "\\Flagged", "\\Draft", keywords
  int zone_minutes = 0;                 // the internal date's time zone as APPEND gave it (+0100: 60)
};

struct Folder {
  std::string name;
  std::uint64_t id = 0;                 // unique in the account, kept by RENAME: how a session finds
                                        // the folder it selected after a rename
  std::uint32_t uidvalidity = 1;
  std::uint32_t uidnext = 1;
  std::uint64_t version = 0;            // bumped on every append, expunge and flag change
  std::vector<StoredMessage> messages;  // ascending UID order
  // IMAP \Recent (RFC 3501 §2.3.2): messages from this UID on have not yet been announced to a
  // session that had the folder selected read-write; that session takes them as its recent ones.
  std::uint32_t first_recent_uid = 1;
  // Every keyword ever stored here, in its first spelling (keywords compare in any case), in the
  // order they were first used: what IMAP's FLAGS response lists.
  std::vector<std::string> keywords;
  bool noselect = false;                // only a name above others: no messages (\Noselect)
  std::string special_use;              // RFC 6154: "\\Sent", "\\Trash", "\\Junk", "\\Drafts"; "" otherwise

  const StoredMessage* find_uid(std::uint32_t uid) const;
  StoredMessage* find_uid(std::uint32_t uid);
  // The folder's spelling of a keyword written in any case; nullopt when it is new here.
  std::optional<std::string> keyword_spelling(std::string_view keyword) const;
};

struct Account {
  std::string user;                     // login name, usually the local part
  std::string password;
  std::map<std::string, Folder> folders;  // "INBOX" always exists
  std::set<std::string> subscribed;     // IMAP SUBSCRIBE (§6.3.6); names need not exist
  bool pop3_locked = false;             // RFC 1939 §8: one POP3 session holds the maildrop
  std::uint64_t next_folder_id = 1;
  std::size_t messages = 0;             // in all folders
  std::uint64_t bytes = 0;              // octets of all messages in all folders
};

class MailStore {
 public:
  // Creates the account with an empty INBOX; `uidvalidity` comes from the world (deterministic).
  Account& add_account(const std::string& user, const std::string& password, std::uint32_t uidvalidity = 1);
  // The folders a mail client expects to find (RFC 6154): Drafts, Sent, Junk, Trash, each with its
  // special use and subscribed, as a server's default namespace configuration creates them.
  void add_special_use_folders(const std::string& user);
  Account* find(const std::string& user);
  const Account* find(const std::string& user) const;
  const std::map<std::string, Account>& accounts() const { return accounts_; }

  // Appends to a folder (INBOX by default): the way delivery files mail into a named folder (a
  // quarantined message into the folder special_folder(user, "\\Junk") names). Returns the new UID,
  // or nullopt if there is no such user or selectable folder. Keywords among `flags` take the
  // folder's spelling.
  std::optional<std::uint32_t> deliver(const std::string& user, std::string raw, Time when,
                                       const std::string& folder = "INBOX",
                                       std::set<std::string> flags = {}, int zone_minutes = 0);
  // The folder with this special use ("\\Junk"), if the account has one.
  std::optional<std::string> special_folder(const std::string& user, std::string_view special_use) const;

  // Creates a folder and any superiors it lacks (a superior kept as \Noselect becomes a folder
  // again); false if it exists or the user does not.
  bool create_folder(const std::string& user, const std::string& folder, std::string special_use = {});
  // Deletes a folder and its messages (RFC 3501 §6.3.4). One with inferiors keeps its name as a
  // \Noselect placeholder; a placeholder with inferiors cannot be deleted. INBOX never.
  enum class DeleteResult { Deleted, KeptAsNoselect, NoSuchFolder, HasInferiors, Inbox };
  DeleteResult delete_folder(const std::string& user, const std::string& folder);
  // Renames a folder with its inferiors ("Work" -> "Old": "Work/2025" -> "Old/2025"), creating the
  // new name's superiors. INBOX is special (§6.3.5): its messages move to a new folder of that name
  // and INBOX stays, empty. Subscriptions follow the names.
  enum class RenameResult { Renamed, NoSuchFolder, Exists, IntoItself };
  RenameResult rename_folder(const std::string& user, const std::string& from, const std::string& to);
  // Whether `name` has inferiors.
  bool has_children(const std::string& user, const std::string& name) const;

  // Copies messages (by UID, ascending) to another folder with their flags and internal dates
  // (RFC 3501 §6.4.7); returns the new UIDs in the same order, nullopt if either folder is missing.
  std::optional<std::vector<std::uint32_t>> copy(const std::string& user, const std::string& from,
                                                 const std::vector<std::uint32_t>& uids, const std::string& to);
  // Removes exactly these messages (POP3's UPDATE state, UID EXPUNGE, MOVE); returns how many were there.
  std::size_t remove(const std::string& user, const std::string& folder, std::vector<std::uint32_t> uids);
  // Removes every message flagged \Deleted; returns the removed UIDs in ascending order.
  std::vector<std::uint32_t> expunge(const std::string& user, const std::string& folder);
  // Replaces a message's flags; bumps the version when they change. Keywords take the folder's
  // spelling, and new ones join its list.
  bool set_flags(const std::string& user, const std::string& folder, std::uint32_t uid,
                 std::set<std::string> flags);

  Folder* folder(const std::string& user, const std::string& name);
  const Folder* folder(const std::string& user, const std::string& name) const;
  // The folder with this id, wherever a rename put it.
  Folder* folder_by_id(const std::string& user, std::uint64_t id);

 private:
  Folder& make_folder(Account& a, const std::string& name);
  std::set<std::string> spelled(Folder& f, std::set<std::string> flags);
  std::map<std::string, Account> accounts_;
};

}  // namespace mailsim::mailstore
