#include "sim/proto/pop3/maildrop.hpp"

#include <algorithm>

namespace mailsim::pop3 {

Maildrop::Maildrop(const mailstore::Folder& inbox) {
  entries_.reserve(inbox.messages.size());
  for (const mailstore::StoredMessage& m : inbox.messages) {
    entries_.push_back(Entry{m.uid, m.raw.size(), unique_id(inbox.uidvalidity, m.uid), false});
  }
}

const Maildrop::Entry* Maildrop::at(std::size_t n) const {
  return n >= 1 && n <= entries_.size() ? &entries_[n - 1] : nullptr;
}

bool Maildrop::mark_deleted(std::size_t n) {
  if (n < 1 || n > entries_.size() || entries_[n - 1].deleted) return false;
  entries_[n - 1].deleted = true;
  return true;
}

void Maildrop::reset() {
  for (Entry& e : entries_) e.deleted = false;
}

std::size_t Maildrop::count() const {
  return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(), [](const Entry& e) { return !e.deleted; }));
}

std::size_t Maildrop::octets() const {
  std::size_t total = 0;
  for (const Entry& e : entries_) {
    if (!e.deleted) total += e.size;
  }
  return total;
}

std::vector<std::uint32_t> Maildrop::marked_uids() const {
  std::vector<std::uint32_t> uids;
  for (const Entry& e : entries_) {
    if (e.deleted) uids.push_back(e.uid);
  }
  return uids;
}

std::string unique_id(std::uint32_t uidvalidity, std::uint32_t uid) {
  return std::to_string(uidvalidity) + "." + std::to_string(uid);
}

}  // namespace mailsim::pop3
