// This session's view of the selected mailbox, kept in step with the store (RFC 3501 §5.2, §7.4.1).
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

mailstore::Folder* Server::folder() { return mailbox_.empty() ? nullptr : store_->folder(user_, mailbox_); }

std::string Server::sync(bool allow_expunge) {
  mailstore::Folder* f = folder();
  if (!f || f->version == known_version_) return {};
  std::string out;
  bool held_back = false;  // an EXPUNGE not allowed now: look again at the next chance
  for (std::size_t i = 0; i < known_uids_.size();) {
    if (f->find_uid(known_uids_[i])) {
      ++i;
      continue;
    }
    if (!allow_expunge) {
      held_back = true;
      ++i;
      continue;
    }
    // Each number counts the messages as they stand after the expunges reported before it.
    out += "* " + std::to_string(i + 1) + " EXPUNGE\r\n";
    known_flags_.erase(known_uids_[i]);
    known_uids_.erase(known_uids_.begin() + static_cast<std::ptrdiff_t>(i));
  }
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
