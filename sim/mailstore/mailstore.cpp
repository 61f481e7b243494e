#include "sim/mailstore/mailstore.hpp"

#include <algorithm>

namespace mailsim::mailstore {

const StoredMessage* Folder::find_uid(std::uint32_t uid) const {
  auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                             [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
  return it != messages.end() && it->uid == uid ? &*it : nullptr;
}

StoredMessage* Folder::find_uid(std::uint32_t uid) {
  return const_cast<StoredMessage*>(static_cast<const Folder*>(this)->find_uid(uid));
}

Account& MailStore::add_account(const std::string& user, const std::string& password, std::uint32_t uidvalidity) {
  Account& a = accounts_[user];
  a.user = user;
  a.password = password;
  Folder& inbox = a.folders["INBOX"];
  inbox.name = "INBOX";
  inbox.uidvalidity = uidvalidity;
  return a;
}

Account* MailStore::find(const std::string& user) {
  auto it = accounts_.find(user);
  return it == accounts_.end() ? nullptr : &it->second;
}

const Account* MailStore::find(const std::string& user) const {
  auto it = accounts_.find(user);
  return it == accounts_.end() ? nullptr : &it->second;
}

Folder* MailStore::folder(const std::string& user, const std::string& name) {
  Account* a = find(user);
  if (!a) return nullptr;
  auto it = a->folders.find(name);
  return it == a->folders.end() ? nullptr : &it->second;
}

std::optional<std::uint32_t> MailStore::deliver(const std::string& user, std::string raw, Time when,
                                                const std::string& folder_name, std::set<std::string> flags) {
  Folder* f = folder(user, folder_name);
  if (!f) return std::nullopt;
  const std::uint32_t uid = f->uidnext++;
  f->messages.push_back(StoredMessage{uid, std::move(raw), when, std::move(flags)});
  ++f->version;
  return uid;
}

bool MailStore::create_folder(const std::string& user, const std::string& name) {
  Account* a = find(user);
  if (!a || a->folders.count(name)) return false;
  Folder& f = a->folders[name];
  f.name = name;
  f.uidvalidity = a->folders["INBOX"].uidvalidity + static_cast<std::uint32_t>(a->folders.size());
  return true;
}

std::size_t MailStore::remove(const std::string& user, const std::string& name, std::vector<std::uint32_t> uids) {
  Folder* f = folder(user, name);
  if (!f || uids.empty()) return 0;
  std::sort(uids.begin(), uids.end());
  const std::size_t removed = std::erase_if(f->messages, [&](const StoredMessage& m) {
    return std::binary_search(uids.begin(), uids.end(), m.uid);
  });
  if (removed > 0) ++f->version;
  return removed;
}

std::vector<std::uint32_t> MailStore::expunge(const std::string& user, const std::string& name) {
  std::vector<std::uint32_t> deleted;
  if (const Folder* f = folder(user, name))
    for (const auto& m : f->messages)
      if (m.flags.count("\\Deleted")) deleted.push_back(m.uid);
  remove(user, name, deleted);
  return deleted;
}

bool MailStore::set_flags(const std::string& user, const std::string& name, std::uint32_t uid,
                          std::set<std::string> flags) {
  Folder* f = folder(user, name);
  StoredMessage* m = f ? f->find_uid(uid) : nullptr;
  if (!m) return false;
  if (m->flags != flags) {
    m->flags = std::move(flags);
    ++f->version;
  }
  return true;
}

}  // namespace mailsim::mailstore
