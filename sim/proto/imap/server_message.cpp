// Selected state (RFC 3501 §6.4) besides FETCH: STORE, SEARCH, EXPUNGE, CLOSE, and the sequence
// numbers and UIDs they name.
#include "sim/proto/imap/flags.hpp"
#include "sim/proto/imap/search.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

std::optional<std::vector<std::size_t>> Server::resolve(const SequenceSet& set, bool uid) const {
  const std::uint32_t count = static_cast<std::uint32_t>(known_uids_.size());
  // A message sequence number past the last message is the client's mistake (§9: "nz-number" of an
  // existing message; "This includes "*" if the selected mailbox is empty"); a UID that no longer
  // exists is simply skipped (§6.4.8).
  if (!uid && (set.largest_named() > count || (count == 0 && set.has_star()))) return std::nullopt;
  const std::uint32_t largest = uid ? (known_uids_.empty() ? 0 : known_uids_.back()) : count;
  const NumberRanges numbers = set.numbers(largest);
  std::vector<std::size_t> out;
  if (!uid) {
    for (const auto& r : numbers.ranges())
      for (std::size_t n = r.lo; n <= r.hi; ++n) out.push_back(n);
    return out;
  }
  // Both ascending: one pass over the mailbox and the ranges together.
  auto r = numbers.ranges().begin();
  for (std::size_t i = 0; i < known_uids_.size() && r != numbers.ranges().end(); ++i) {
    while (r != numbers.ranges().end() && r->hi < known_uids_[i]) ++r;
    if (r != numbers.ranges().end() && r->lo <= known_uids_[i]) out.push_back(i + 1);
  }
  return out;
}

Reply Server::on_store(Call& c) {
  const auto& a = c.args;
  std::string& out = c.out;
  const bool uid = c.command == Command::UidStore;
  // store-att-flags (§9): the flags come as one parenthesized list or as flags separated by spaces.
  if (a.size() < 3 || a[0].kind != Arg::Kind::Atom || a[1].kind != Arg::Kind::Atom)
    return bad("Syntax: STORE sequence-set [+|-]FLAGS[.SILENT] (flags)");
  const auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad("Invalid sequence set " + a[0].text);
  std::string what = proto::to_upper(a[1].text);
  const bool silent = what.size() > 7 && what.compare(what.size() - 7, 7, ".SILENT") == 0;
  if (silent) what.resize(what.size() - 7);
  if (what != "FLAGS" && what != "+FLAGS" && what != "-FLAGS") return bad("Invalid STORE item " + a[1].text);
  const bool one_list = a.size() == 3 && a[2].kind == Arg::Kind::List;
  std::string error;
  auto given = storable_flags(one_list ? a[2].items : std::vector<Arg>(a.begin() + 2, a.end()), error);
  if (!given) return bad(error);
  if (read_only_) return no("[READ-ONLY] Mailbox is read-only");
  if (what != "-FLAGS" && keyword_count(*given) > kMaxKeywords)
    return no("[LIMIT] Too many keywords (limit " + std::to_string(kMaxKeywords) + ")");
  using Mode = FlagChange::Mode;
  const FlagChange change(what == "FLAGS" ? Mode::Replace : what == "+FLAGS" ? Mode::Add : Mode::Remove, std::move(*given));
  const auto seqs = resolve(*set, uid);
  if (!seqs) return bad("Invalid message sequence number " + a[0].text);
  mailstore::Folder* f = folder();
  // Every message's new flags first, so that a STORE over the keyword limit changes nothing.
  std::vector<std::pair<std::size_t, std::set<std::string>>> changes;
  for (std::size_t seq : *seqs) {
    const mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[seq - 1]) : nullptr;
    if (!m) continue;
    std::set<std::string> flags = change.applied_to(m->flags);
    if (keyword_count(flags) > kMaxKeywords)
      return no("[LIMIT] Too many keywords on message " + std::to_string(seq) + " (limit " +
                std::to_string(kMaxKeywords) + ")");
    changes.emplace_back(seq, std::move(flags));
  }
  if (what != "-FLAGS" && f && f->keywords.size() + new_keywords(*f, change.given()) > kMaxMailboxKeywords)
    return no("[LIMIT] Too many keywords in this mailbox (limit " + std::to_string(kMaxMailboxKeywords) + ")");
  for (auto& [seq, flags] : changes) store_->set_flags(user_, mailbox_, known_uids_[seq - 1], std::move(flags));
  // New keywords are announced before the FETCH responses that carry them (§7.2.6).
  if (f) out += new_flags(*f);
  for (const auto& [seq, unused] : changes) {
    const std::uint32_t message_uid = known_uids_[seq - 1];
    const mailstore::StoredMessage* m = f->find_uid(message_uid);
    if (!silent)  // the flags as stored: a keyword takes the mailbox's spelling
      out += "* " + std::to_string(seq) + " FETCH (" + (uid ? "UID " + std::to_string(message_uid) + " " : "") +
             "FLAGS " + flags_of(*m) + ")\r\n";
    known_flags_[message_uid] = m->flags;
  }
  out += sync(false);
  return completed(c);
}

Reply Server::on_search(Call& c) {
  const bool uid = c.command == Command::UidSearch;
  std::vector<Arg> keys = c.args;
  if (!keys.empty() && keys[0].is_text() && proto::iequals(keys[0].text, "CHARSET")) {
    if (keys.size() < 2 || !(proto::iequals(keys[1].text, "UTF-8") || proto::iequals(keys[1].text, "US-ASCII")))
      return no("[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
    keys.erase(keys.begin(), keys.begin() + 2);
  }
  const std::uint32_t largest_uid = known_uids_.empty() ? 0 : known_uids_.back();
  std::string error;
  const auto criteria = SearchCriteria::parse(
      keys, SearchBounds{static_cast<std::uint32_t>(known_uids_.size()), largest_uid, config_.epoch_seconds}, error);
  if (!criteria) return bad(error);
  mailstore::Folder* f = folder();
  std::string hits;
  for (std::size_t i = 0; i < known_uids_.size(); ++i) {
    const mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[i]) : nullptr;
    if (m && criteria->matches(*m, static_cast<std::uint32_t>(i + 1), recent_.count(m->uid) > 0)) hits += " " + std::to_string(uid ? m->uid : i + 1);
  }
  c.out += "* SEARCH" + hits + "\r\n" + sync(false);
  return completed(c);
}

Reply Server::on_expunge(Call& c) {
  if (!c.args.empty()) return bad("EXPUNGE takes no arguments");
  if (read_only_) return no("[READ-ONLY] Mailbox is read-only");
  store_->expunge(user_, mailbox_);
  c.out += sync(true);  // reports our own removals as "* n EXPUNGE"
  return completed(c);
}

Reply Server::on_close(Call& c) {
  if (!c.args.empty()) return bad("CLOSE takes no arguments");
  if (!read_only_) store_->expunge(user_, mailbox_);  // silently (§6.4.2)
  deselect();
  return completed(c);
}

Reply Server::on_unselect(Call& c) {  // RFC 3691: CLOSE without the expunge
  if (!c.args.empty()) return bad("UNSELECT takes no arguments");
  deselect();
  return completed(c);
}

}  // namespace mailsim::imap
