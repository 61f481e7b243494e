#include "sim/mailstore/mailstore.hpp"

#include <algorithm>
#include <utility>

namespace mailsim::mailstore {

namespace {

bool same_keyword(std::string_view a, std::string_view b) {
  auto fold = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return fold(x) == fold(y); });
}

bool is_keyword(const std::string& flag) { return !flag.empty() && flag.front() != '\\'; }

// "a/b/c" -> "a", "a/b": the superiors a name needs.
std::vector<std::string> superiors(const std::string& name) {
  std::vector<std::string> out;
  for (std::size_t at = name.find(kDelimiter); at != std::string::npos; at = name.find(kDelimiter, at + 1))
    if (at > 0) out.push_back(name.substr(0, at));
  return out;
}

bool is_inferior(const std::string& name, const std::string& of) {
  return name.size() > of.size() + 1 && name.compare(0, of.size(), of) == 0 && name[of.size()] == kDelimiter;
}

}  // namespace

const StoredMessage* Folder::find_uid(std::uint32_t uid) const {
  auto it = std::lower_bound(messages.begin(), messages.end(), uid,
                             [](const StoredMessage& m, std::uint32_t u) { return m.uid < u; });
  return it != messages.end() && it->uid == uid ? &*it : nullptr;
}

StoredMessage* Folder::find_uid(std::uint32_t uid) {
  return const_cast<StoredMessage*>(static_cast<const Folder*>(this)->find_uid(uid));
}

std::optional<std::string> Folder::keyword_spelling(std::string_view keyword) const {
  for (const auto& k : keywords)
    if (same_keyword(k, keyword)) return k;
  return std::nullopt;
}

Account& MailStore::add_account(const std::string& user, const std::string& password, std::uint32_t uidvalidity) {
  Account& a = accounts_[user];
  a.user = user;
  a.password = password;
  Folder& inbox = make_folder(a, "INBOX");
  inbox.uidvalidity = uidvalidity;
  a.subscribed.insert("INBOX");
  return a;
}

void MailStore::add_special_use_folders(const std::string& user) {
  for (const auto& [name, use] : {std::pair{"Drafts", "\\Drafts"}, std::pair{"Sent", "\\Sent"},
                                  std::pair{"Junk", "\\Junk"}, std::pair{"Trash", "\\Trash"}}) {
    create_folder(user, name, use);
    if (Account* a = find(user)) a->subscribed.insert(name);
  }
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
  return const_cast<Folder*>(static_cast<const MailStore*>(this)->folder(user, name));
}

const Folder* MailStore::folder(const std::string& user, const std::string& name) const {
  const Account* a = find(user);
  if (!a) return nullptr;
  auto it = a->folders.find(name);
  return it == a->folders.end() ? nullptr : &it->second;
}

Folder* MailStore::folder_by_id(const std::string& user, std::uint64_t id) {
  Account* a = find(user);
  if (!a) return nullptr;
  for (auto& [name, f] : a->folders)
    if (f.id == id) return &f;
  return nullptr;
}

Folder& MailStore::make_folder(Account& a, const std::string& name) {
  Folder& f = a.folders[name];
  f = Folder{};
  f.name = name;
  f.id = a.next_folder_id++;
  // A new id for every folder ever made, so a folder deleted and made again never has the
  // UIDVALIDITY of its earlier self (RFC 3501 §2.3.1.1).
  const auto inbox = a.folders.find("INBOX");
  f.uidvalidity = inbox == a.folders.end() || &inbox->second == &f
                      ? 1
                      : inbox->second.uidvalidity + static_cast<std::uint32_t>(f.id - inbox->second.id + 1);
  return f;
}

std::set<std::string> MailStore::spelled(Folder& f, std::set<std::string> flags) {
  std::set<std::string> out;
  for (auto& flag : flags) {
    if (!is_keyword(flag)) {
      out.insert(flag);
      continue;
    }
    if (auto known = f.keyword_spelling(flag)) {
      out.insert(*known);
    } else {
      f.keywords.push_back(flag);
      out.insert(flag);
    }
  }
  return out;
}

std::optional<std::uint32_t> MailStore::deliver(const std::string& user, std::string raw, Time when,
                                                const std::string& folder_name, std::set<std::string> flags,
                                                int zone_minutes) {
  Account* a = find(user);
  Folder* f = folder(user, folder_name);
  if (!f || f->noselect) return std::nullopt;
  const std::uint32_t uid = f->uidnext++;
  a->messages += 1;
  a->bytes += raw.size();
  f->messages.push_back(StoredMessage{uid, std::move(raw), when, spelled(*f, std::move(flags)), zone_minutes});
  ++f->version;
  return uid;
}

std::optional<std::string> MailStore::special_folder(const std::string& user, std::string_view special_use) const {
  if (const Account* a = find(user))
    for (const auto& [name, f] : a->folders)
      if (f.special_use == special_use && !f.noselect) return name;
  return std::nullopt;
}

bool MailStore::create_folder(const std::string& user, const std::string& name, std::string special_use) {
  Account* a = find(user);
  if (!a || name.empty()) return false;
  // A \Noselect placeholder becomes a folder again (made anew: a new id and UIDVALIDITY).
  if (auto it = a->folders.find(name); it != a->folders.end() && !it->second.noselect) return false;
  for (const std::string& s : superiors(name))
    if (!a->folders.count(s)) make_folder(*a, s);
  make_folder(*a, name).special_use = std::move(special_use);
  return true;
}

bool MailStore::has_children(const std::string& user, const std::string& name) const {
  const Account* a = find(user);
  if (!a) return false;
  // Names sort right after their prefix: the first name after "name/" tells.
  const auto it = a->folders.lower_bound(name + kDelimiter);
  return it != a->folders.end() && is_inferior(it->first, name);
}

MailStore::DeleteResult MailStore::delete_folder(const std::string& user, const std::string& name) {
  Account* a = find(user);
  if (name == "INBOX") return DeleteResult::Inbox;
  auto it = a ? a->folders.find(name) : decltype(a->folders.end()){};
  if (!a || it == a->folders.end()) return DeleteResult::NoSuchFolder;
  Folder& f = it->second;
  const bool children = has_children(user, name);
  if (children && f.noselect) return DeleteResult::HasInferiors;
  for (const auto& m : f.messages) a->bytes -= m.raw.size();
  a->messages -= f.messages.size();
  if (!children) {
    a->folders.erase(it);
    return DeleteResult::Deleted;
  }
  // §6.3.4: the messages go, the name stays for its inferiors. The folder is not the one a session
  // selected any more: it gets a new id.
  Folder& kept = make_folder(*a, name);
  kept.noselect = true;
  return DeleteResult::KeptAsNoselect;
}

MailStore::RenameResult MailStore::rename_folder(const std::string& user, const std::string& from,
                                                 const std::string& to) {
  Account* a = find(user);
  if (!a || !a->folders.count(from) || (from == "INBOX" && a->folders.at(from).noselect)) return RenameResult::NoSuchFolder;
  if (to.empty() || a->folders.count(to)) return RenameResult::Exists;
  if (from == "INBOX") {
    // §6.3.5: the messages move to a new folder; INBOX stays, empty, with its UIDVALIDITY and
    // UIDNEXT (its inferiors, if any, are not touched).
    for (const std::string& s : superiors(to))
      if (!a->folders.count(s)) make_folder(*a, s);
    Folder& target = make_folder(*a, to);
    Folder& inbox = a->folders.at("INBOX");
    for (auto& m : inbox.messages) {
      m.uid = target.uidnext++;
      target.messages.push_back(std::move(m));
    }
    target.keywords = inbox.keywords;
    inbox.messages.clear();
    ++inbox.version;
    return RenameResult::Renamed;
  }
  if (is_inferior(to, from)) return RenameResult::IntoItself;
  std::vector<std::string> moving{from};
  // Inferiors sort together right after "from/" (not right after "from": "from-x" sorts between).
  for (auto it = a->folders.lower_bound(from + kDelimiter); it != a->folders.end() && is_inferior(it->first, from); ++it)
    moving.push_back(it->first);
  for (const std::string& old : moving) {
    const std::string renamed = to + old.substr(from.size());
    if (a->folders.count(renamed)) return RenameResult::Exists;
  }
  for (const std::string& old : moving) {
    auto node = a->folders.extract(old);
    node.key() = to + old.substr(from.size());
    node.mapped().name = node.key();
    a->folders.insert(std::move(node));
    if (a->subscribed.erase(old)) a->subscribed.insert(to + old.substr(from.size()));
  }
  for (const std::string& s : superiors(to))
    if (!a->folders.count(s)) make_folder(*a, s);
  return RenameResult::Renamed;
}

std::optional<std::vector<std::uint32_t>> MailStore::copy(const std::string& user, const std::string& from,
                                                          const std::vector<std::uint32_t>& uids,
                                                          const std::string& to) {
  Account* a = find(user);
  Folder* src = folder(user, from);
  Folder* dst = folder(user, to);
  if (!src || !dst || dst->noselect) return std::nullopt;
  std::vector<std::uint32_t> out;
  // Copied first, appended after: a folder copied into itself must not see its own copies.
  std::vector<StoredMessage> copies;
  for (const std::uint32_t uid : uids)
    if (const StoredMessage* m = src->find_uid(uid)) copies.push_back(*m);
  for (StoredMessage& m : copies) {
    m.uid = dst->uidnext++;
    m.flags = spelled(*dst, std::move(m.flags));
    a->messages += 1;
    a->bytes += m.raw.size();
    out.push_back(m.uid);
    dst->messages.push_back(std::move(m));
  }
  if (!out.empty()) ++dst->version;
  return out;
}

std::size_t MailStore::remove(const std::string& user, const std::string& name, std::vector<std::uint32_t> uids) {
  Account* a = find(user);
  Folder* f = folder(user, name);
  if (!f || uids.empty()) return 0;
  std::sort(uids.begin(), uids.end());
  const std::size_t removed = std::erase_if(f->messages, [&](const StoredMessage& m) {
    const bool gone = std::binary_search(uids.begin(), uids.end(), m.uid);
    if (gone) a->bytes -= m.raw.size();
    return gone;
  });
  a->messages -= removed;
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
  flags = spelled(*f, std::move(flags));
  if (m->flags != flags) {
    m->flags = std::move(flags);
    ++f->version;
  }
  return true;
}

}  // namespace mailsim::mailstore
