// The folder hierarchy (RFC 3501 §6.3.3-§6.3.9): CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE,
// LIST and LSUB, with the \HasChildren / \HasNoChildren attributes of CHILDREN (RFC 3348) and the
// special uses of SPECIAL-USE (RFC 6154).
#include <algorithm>

#include "sim/proto/imap/list_pattern.hpp"
#include "sim/proto/imap/mailbox_name.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

namespace {

std::size_t levels(const std::string& name) {
  return 1 + static_cast<std::size_t>(std::count(name.begin(), name.end(), mailstore::kDelimiter));
}

// The names an account holds, INBOX first (clients show it first; the rest in name order).
std::vector<const mailstore::Folder*> in_list_order(const mailstore::Account& account) {
  std::vector<const mailstore::Folder*> out;
  if (auto inbox = account.folders.find("INBOX"); inbox != account.folders.end()) out.push_back(&inbox->second);
  for (const auto& [name, f] : account.folders)
    if (name != "INBOX") out.push_back(&f);
  return out;
}

// Matches a LIST pattern against names: INBOX is INBOX in any case (§5.1), every other name
// case-sensitively. INBOX is all capitals, so folding the pattern to capitals folds the comparison.
class NameMatcher {
 public:
  explicit NameMatcher(const std::string& pattern) : exact_(pattern), folded_(proto::to_upper(pattern)) {}
  bool matches(const std::string& name) const { return (name == "INBOX" ? folded_ : exact_).matches(name); }
  // The levels above `name` that match ("INBOX", the one level INBOX can be, folded).
  std::vector<std::size_t> matching_levels(const std::string& name) const {
    std::vector<std::size_t> out = exact_.matching_levels(name);
    if (name.starts_with("INBOX/") && !(out.size() && out.front() == 5) && folded_.matches("INBOX")) out.insert(out.begin(), 5);
    return out;
  }

 private:
  ListPattern exact_, folded_;
};

}  // namespace

Reply Server::on_create(Call& c) {
  const auto& a = c.args;
  if (a.size() != 1 || !a[0].is_text()) return bad("Syntax: CREATE mailbox");
  std::string why;
  const auto name = new_mailbox_name(a[0].text, why);
  if (!name) return no(why);
  // Its superiors are created with it (§6.3.3), and count towards the limit.
  if (const auto* account = store_->find(user_); account && account->folders.size() + levels(*name) > kMaxMailboxes)
    return no("[LIMIT] Too many mailboxes (limit " + std::to_string(kMaxMailboxes) + ")");
  if (!store_->create_folder(user_, *name)) return no("[ALREADYEXISTS] Mailbox exists");
  c.out += sync(true);
  return completed(c);
}

Reply Server::on_delete(Call& c) {
  const auto& a = c.args;
  if (a.size() != 1 || !a[0].is_text()) return bad("Syntax: DELETE mailbox");
  const std::string name = mailbox_name(a[0].text);
  // Deleting the folder this session reads would leave it nothing to stand on; another session
  // that has it selected is told with a BYE (server_sync.cpp).
  if (const mailstore::Folder* selected = folder(); selected && selected->name == name)
    return no("[INUSE] Mailbox is selected: CLOSE or UNSELECT it first");
  using R = mailstore::MailStore::DeleteResult;
  switch (store_->delete_folder(user_, name)) {
    case R::Deleted:
    case R::KeptAsNoselect: break;
    case R::NoSuchFolder: return no("[NONEXISTENT] Mailbox doesn't exist: " + name);
    case R::HasInferiors: return no("[INUSE] Mailbox has inferiors and is only a name (\\Noselect)");
    case R::Inbox: return no("[CANNOT] INBOX cannot be deleted");
  }
  c.out += sync(true);
  return completed(c);
}

Reply Server::on_rename(Call& c) {
  const auto& a = c.args;
  if (a.size() != 2 || !a[0].is_text() || !a[1].is_text()) return bad("Syntax: RENAME existing-mailbox new-mailbox");
  const std::string from = mailbox_name(a[0].text);
  std::string why;
  const auto to = new_mailbox_name(a[1].text, why);
  if (!to) return no(why);
  const auto* account = store_->find(user_);
  if (account && account->folders.size() + levels(*to) > kMaxMailboxes)
    return no("[LIMIT] Too many mailboxes (limit " + std::to_string(kMaxMailboxes) + ")");
  using R = mailstore::MailStore::RenameResult;
  switch (store_->rename_folder(user_, from, *to)) {
    case R::Renamed: break;
    case R::NoSuchFolder: return no("[NONEXISTENT] Mailbox doesn't exist: " + from);
    case R::Exists: return no("[ALREADYEXISTS] Mailbox exists: " + *to);
    case R::IntoItself: return no("[CANNOT] A mailbox cannot be renamed to one of its inferiors");
  }
  c.out += sync(true);  // this session's own folder may have been renamed, or emptied (INBOX)
  return completed(c);
}

Reply Server::on_subscribe(Call& c) {
  const auto& a = c.args;
  if (a.size() != 1 || !a[0].is_text()) return bad(std::string("Syntax: ") + std::string(c.name) + " mailbox");
  const std::string name = mailbox_name(a[0].text);
  mailstore::Account* account = store_->find(user_);
  if (!account) return no("[NONEXISTENT] No such account");
  if (c.command == Command::Subscribe) {
    // §6.3.6: a server may refuse names that do not exist; this one keeps them, as a client may
    // subscribe before it creates. Bounded like the mailboxes, since LSUB reads them all.
    if (name.empty() || name.size() > kMaxMailboxName) return no("[CANNOT] Invalid mailbox name");
    if (!account->subscribed.count(name) && account->subscribed.size() >= kMaxMailboxes)
      return no("[LIMIT] Too many subscriptions (limit " + std::to_string(kMaxMailboxes) + ")");
    account->subscribed.insert(name);
  } else if (!account->subscribed.erase(name)) {
    return no("[NONEXISTENT] Not subscribed: " + name);
  }
  c.out += sync(true);
  return completed(c);
}

Reply Server::on_list(Call& c) {
  const auto& a = c.args;
  std::string& out = c.out;
  const std::string verb(c.name);
  if (a.size() != 2 || !a[0].is_text() || !a[1].is_text()) return bad("Syntax: " + verb + " reference mailbox");
  const std::string pattern = a[0].text + a[1].text;
  if (pattern.size() > ListPattern::kMaxLength)
    return no("[LIMIT] Mailbox pattern too long (limit " + std::to_string(ListPattern::kMaxLength) + " octets)");
  const mailstore::Account* account = store_->find(user_);
  auto line = [&](std::string attributes, const std::string& name) {
    out += "* " + verb + " (" + attributes + ") \"/\" " + imap_string(name) + "\r\n";
  };
  if (a[1].text.empty()) {  // the hierarchy delimiter question (§6.3.8)
    line("\\Noselect", "");
  } else if (account && c.command == Command::List) {
    const NameMatcher matcher(pattern);
    for (const mailstore::Folder* f : in_list_order(*account)) {
      if (!matcher.matches(f->name)) continue;
      std::string attributes = f->noselect ? "\\Noselect " : "";
      attributes += store_->has_children(user_, f->name) ? "\\HasChildren" : "\\HasNoChildren";
      if (!f->special_use.empty()) attributes += " " + f->special_use;  // SPECIAL-USE (RFC 6154 §2)
      line(attributes, f->name);
    }
  } else if (account) {
    // LSUB (§6.3.9): the subscribed names that match. When "%" ends the pattern, a level above a
    // subscribed name that matches is shown as \Noselect if it is not subscribed itself.
    const NameMatcher matcher(pattern);
    std::set<std::string> shown;
    for (const std::string& name : account->subscribed) {
      if (matcher.matches(name)) {
        const mailstore::Folder* f = store_->folder(user_, name);
        if (shown.insert(name).second) line(!f || f->noselect ? "\\Noselect" : "", name);
        continue;
      }
      if (pattern.back() != '%') continue;
      for (const std::size_t at : matcher.matching_levels(name)) {
        const std::string above = name.substr(0, at);
        if (!account->subscribed.count(above) && shown.insert(above).second) line("\\Noselect", above);
      }
    }
  }
  out += sync(true);
  return completed(c);
}

}  // namespace mailsim::imap
