// This session's view of the selected mailbox, kept in step with the store (RFC 3501 §5.2, §7.4.1).
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

mailstore::Folder* Server::folder() { return mailbox_.empty() ? nullptr : store_->folder(user_, mailbox_); }

std::string Server::sync(bool allow_expunge) {
  mailstore::Folder* f = folder();
  if (!f || f->version == known_version_) return {};
  std::string out;
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
      continue;
    }
    held_back = held_back || gone;
    known_uids_[kept++] = uid;
  }
  known_uids_.resize(kept);
  const std::uint32_t last = known_uids_.empty() ? 0 : known_uids_.back();
  std::size_t added = 0;
  for (const auto& m : f->messages)
    if (m.uid > last) {
      known_uids_.push_back(m.uid);
      known_flags_[m.uid] = m.flags;
      ++added;
    }
  if (added) out += "* " + std::to_string(known_uids_.size()) + " EXISTS\r\n";
  for (std::size_t i = 0; i < known_uids_.size(); ++i) {
    const auto* m = f->find_uid(known_uids_[i]);
    if (m && m->flags != known_flags_[m->uid]) {
      known_flags_[m->uid] = m->flags;
      out += "* " + std::to_string(i + 1) + " FETCH (FLAGS " + flag_list(m->flags) + ")\r\n";
    }
  }
  if (!held_back) known_version_ = f->version;
  return out;
}

}  // namespace mailsim::imap
