// COPY and UID COPY (RFC 3501 §6.4.7, §6.4.8) with UIDPLUS's COPYUID (RFC 4315 §3), MOVE and UID
// MOVE (RFC 6851), UID EXPUNGE (RFC 4315 §2.1), and the quota APPEND and COPY answer to.
#include <algorithm>

#include "sim/proto/imap/flags.hpp"
#include "sim/proto/imap/mailbox_name.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

std::optional<Reply> Server::over_quota(std::size_t messages, std::uint64_t bytes) const {
  const mailstore::Account* account = store_->find(user_);
  if (!account) return std::nullopt;
  if (account->messages + messages > config_.max_account_messages)
    return no("[OVERQUOTA] The mailbox would hold more than " + std::to_string(config_.max_account_messages) +
              " messages");
  if (account->bytes + bytes > config_.max_account_bytes)
    return no("[OVERQUOTA] The mailbox would hold more than " + std::to_string(config_.max_account_bytes) + " octets");
  return std::nullopt;
}

void Server::expunge_uids(std::vector<std::uint32_t> uids, std::string& out) {
  store_->remove(user_, mailbox_, std::move(uids));
  out += sync(true);  // reports the removals as "* n EXPUNGE", numbered as this session knows them
}

Reply Server::on_copy(Call& c) {
  const auto& a = c.args;
  const bool uid = c.command == Command::UidCopy || c.command == Command::UidMove;
  const bool move = c.command == Command::Move || c.command == Command::UidMove;
  if (a.size() != 2 || a[0].kind != Arg::Kind::Atom || !a[1].is_text())
    return bad("Syntax: " + std::string(c.name) + " sequence-set mailbox");
  const auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad("Invalid sequence set " + a[0].text);
  const auto seqs = resolve(*set, uid);
  if (!seqs) return bad("Invalid message sequence number " + a[0].text);
  if (move && read_only_) return no("[READ-ONLY] Mailbox is read-only");
  const std::string target = mailbox_name(a[1].text);
  const mailstore::Folder* dst = store_->folder(user_, target);
  // §6.4.7: TRYCREATE tells the client that CREATE would make the COPY work.
  if (!dst) return no("[TRYCREATE] Mailbox doesn't exist: " + target);
  if (dst->noselect) return no("[CANNOT] " + target + " is only a name above others (\\Noselect)");
  mailstore::Folder* src = folder();
  std::vector<std::uint32_t> uids;
  std::uint64_t bytes = 0;
  std::set<std::string> keywords;
  for (std::size_t seq : *seqs)
    if (const mailstore::StoredMessage* m = src ? src->find_uid(known_uids_[seq - 1]) : nullptr) {
      uids.push_back(m->uid);
      bytes += m->raw.size();
      for (const std::string& f : m->flags)
        if (f.front() != '\\') keywords.insert(f);
    }
  // RFC 4315 §3: a UID COPY that names no message copies nothing, and says so without COPYUID.
  if (uids.empty()) return ok("No matching messages, so nothing " + std::string(move ? "moved" : "copied"));
  // Checked before anything is copied: a COPY either copies every message or none (§6.4.7).
  if (auto refused = over_quota(move ? 0 : uids.size(), move ? 0 : bytes)) return *refused;
  if (dst->keywords.size() + new_keywords(*dst, keywords) > kMaxMailboxKeywords)
    return no("[LIMIT] Too many keywords in " + target + " (limit " + std::to_string(kMaxMailboxKeywords) + ")");
  const std::uint32_t uidvalidity = dst->uidvalidity;
  const auto copied = store_->copy(user_, mailbox_, uids, target);
  if (!copied) return no("[TRYCREATE] Mailbox doesn't exist: " + target);
  const std::string copyuid = "[COPYUID " + std::to_string(uidvalidity) + " " + uid_set(uids) + " " +
                              uid_set(*copied) + "]";
  if (!move) {
    c.out += sync(true);  // a copy into this very mailbox shows up as EXISTS
    return ok(copyuid + " " + std::string(c.name) + " completed");
  }
  // RFC 6851 §4.3: COPYUID in an untagged OK before the EXPUNGEs, since these end the messages.
  c.out += "* OK " + copyuid + " Moved\r\n";
  expunge_uids(std::move(uids), c.out);
  return completed(c);
}

Reply Server::on_uid_expunge(Call& c) {
  const auto& a = c.args;
  if (a.size() != 1 || a[0].kind != Arg::Kind::Atom) return bad("Syntax: UID EXPUNGE uid-set");
  const auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad("Invalid sequence set " + a[0].text);
  if (read_only_) return no("[READ-ONLY] Mailbox is read-only");
  const auto seqs = resolve(*set, true);
  mailstore::Folder* f = folder();
  // RFC 4315 §2.1: only the named messages that have \Deleted; the others stay, \Deleted or not.
  std::vector<std::uint32_t> uids;
  for (std::size_t seq : *seqs)
    if (const mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[seq - 1]) : nullptr)
      if (m->flags.count("\\Deleted")) uids.push_back(m->uid);
  expunge_uids(std::move(uids), c.out);
  return completed(c);
}

}  // namespace mailsim::imap
