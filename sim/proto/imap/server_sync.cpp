// This session's view of the selected mailbox, kept in step with the store (RFC 3501 §5.2, §7.4.1).
#include <algorithm>

#include "sim/proto/imap/flags.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

mailstore::Folder* Server::folder() {
  if (mailbox_.empty()) return nullptr;
  mailstore::Folder* f = store_->folder(user_, mailbox_);
  if (f && f->id == selected_id_) return f;
  // Renamed (by this session or another): the folder is where its id went. Gone: nullptr.
  f = store_->folder_by_id(user_, selected_id_);
  if (f) mailbox_ = f->name;
  return f;
}

bool Server::selected_gone(std::string& out) {
  if (mailbox_.empty() || folder()) return false;
  // Another session deleted (or renamed away and replaced) the folder this one reads: there is no
  // mailbox left to report on, so the session ends, as Dovecot ends it.
  event(Command::Closing, "Selected mailbox was deleted, have to disconnect", out);
  return true;
}

std::string Server::flags_response(const mailstore::Folder& f) {
  // §7.2.6: FLAGS names every flag the mailbox knows, keywords included: a client checks each flag
  // of a FETCH against it. A new keyword is announced before any response that carries it.
  std::string list = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
  for (const std::string& k : f.keywords) list += " " + k;
  announced_keywords_ = f.keywords.size();
  std::string out = "* FLAGS (" + list + ")\r\n";
  if (read_only_) return out + "* OK [PERMANENTFLAGS ()] Read-only mailbox\r\n";
  // \* : clients may make up new keywords, while the mailbox has room for them.
  const bool room = f.keywords.size() < kMaxMailboxKeywords;
  return out + "* OK [PERMANENTFLAGS (" + list + (room ? " \\*" : "") + ")] Flags permitted\r\n";
}

std::string Server::new_flags(const mailstore::Folder& f) {
  return f.keywords.size() > announced_keywords_ ? flags_response(f) : std::string{};
}

std::string Server::flags_of(const mailstore::StoredMessage& m) const {
  if (!recent_.count(m.uid)) return flag_list(m.flags);
  auto flags = m.flags;
  flags.insert("\\Recent");
  return flag_list(flags);
}

std::size_t Server::announce(mailstore::Folder& f, std::size_t from_index) {
  for (std::size_t i = from_index; i < f.messages.size(); ++i) {
    const mailstore::StoredMessage& m = f.messages[i];
    known_uids_.push_back(m.uid);
    known_flags_[m.uid] = m.flags;
    if (m.uid >= f.first_recent_uid) recent_.insert(m.uid);
  }
  // This session is the first to be told of them; if it may change the mailbox, no session after it
  // sees them as recent (EXAMINE leaves \Recent for the next, §6.3.2).
  if (!read_only_) f.first_recent_uid = std::max(f.first_recent_uid, f.uidnext);
  return f.messages.size() - from_index;
}

std::string Server::sync(bool allow_expunge) {
  std::string out;
  if (selected_gone(out)) return out;
  mailstore::Folder* f = folder();
  if (!f || f->version == known_version_) return out;
  out += new_flags(*f);
  bool held_back = false;  // an EXPUNGE not allowed now: look again at the next chance
  // One pass, keeping the survivors in place (erasing one by one moved the rest each time:
  // quadratic when a client expunges a large mailbox).
  std::size_t kept = 0;
  for (const std::uint32_t uid : known_uids_) {
    const bool gone = !f->find_uid(uid);
    if (gone && allow_expunge) {
      // Each number counts the messages as they stand after the expunges reported before it: the
      // survivors before this one, then this one.
      out += "* " + std::to_string(kept + 1) + " EXPUNGE\r\n";
      known_flags_.erase(uid);
      recent_.erase(uid);
      continue;
    }
    held_back = held_back || gone;
    known_uids_[kept++] = uid;
  }
  known_uids_.resize(kept);
  const std::uint32_t last = known_uids_.empty() ? 0 : known_uids_.back();
  const auto first_new = std::upper_bound(f->messages.begin(), f->messages.end(), last,
                                          [](std::uint32_t u, const mailstore::StoredMessage& m) { return u < m.uid; });
  // §7.3.2: RECENT goes with EXISTS, as the number of recent messages changes with it.
  if (announce(*f, static_cast<std::size_t>(first_new - f->messages.begin())) > 0)
    out += "* " + std::to_string(known_uids_.size()) + " EXISTS\r\n* " + std::to_string(recent_.size()) + " RECENT\r\n";
  for (std::size_t i = 0; i < known_uids_.size(); ++i) {
    const auto* m = f->find_uid(known_uids_[i]);
    if (m && m->flags != known_flags_[m->uid]) {
      known_flags_[m->uid] = m->flags;
      out += "* " + std::to_string(i + 1) + " FETCH (FLAGS " + flags_of(*m) + ")\r\n";
    }
  }
  if (!held_back) known_version_ = f->version;
  return out;
}

}  // namespace mailsim::imap
