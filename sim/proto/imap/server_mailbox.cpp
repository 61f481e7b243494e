// Authenticated state (RFC 3501 §6.3) besides the folder hierarchy: SELECT/EXAMINE, STATUS, APPEND,
// and IDLE (RFC 2177). The state changes these lead to are the table's, applied by finish().
#include <algorithm>

#include "sim/proto/imap/dates.hpp"
#include "sim/proto/imap/flags.hpp"
#include "sim/proto/imap/mailbox_name.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

void Server::deselect() {
  mailbox_.clear();
  selected_id_ = 0;
  read_only_ = false;
  known_uids_.clear();
  known_flags_.clear();
  known_version_ = 0;
  announced_keywords_ = 0;
  recent_.clear();
}

Reply Server::on_select(Call& c) { return select(c, false); }
Reply Server::on_examine(Call& c) { return select(c, true); }

Reply Server::select(Call& c, bool read_only) {
  const auto& a = c.args;
  std::string& out = c.out;
  const char* verb = read_only ? "EXAMINE" : "SELECT";
  if (a.size() != 1 || !a[0].is_text()) return bad(std::string("Syntax: ") + verb + " mailbox");
  deselect();  // a failed SELECT leaves no mailbox selected (§6.3.1)
  const std::string name = mailbox_name(a[0].text);
  mailstore::Folder* f = store_->folder(user_, name);
  if (!f) return no("[NONEXISTENT] Mailbox doesn't exist: " + name);
  if (f->noselect) return no("[CANNOT] " + name + " is only a name above others (\\Noselect): it holds no messages");
  mailbox_ = name;
  selected_id_ = f->id;
  read_only_ = read_only;
  announce(*f, 0);
  std::size_t unseen = 0;
  for (std::size_t i = 0; i < f->messages.size() && !unseen; ++i)
    if (!f->messages[i].flags.count("\\Seen")) unseen = i + 1;
  known_version_ = f->version;
  out += flags_response(*f);
  out += "* " + std::to_string(f->messages.size()) + " EXISTS\r\n* " + std::to_string(recent_.size()) + " RECENT\r\n";
  if (unseen) out += "* OK [UNSEEN " + std::to_string(unseen) + "] First unseen\r\n";
  out += "* OK [UIDVALIDITY " + std::to_string(f->uidvalidity) + "] UIDs valid\r\n";
  out += "* OK [UIDNEXT " + std::to_string(f->uidnext) + "] Predicted next UID\r\n";
  return ok(std::string(read_only ? "[READ-ONLY] " : "[READ-WRITE] ") + verb + " completed");
}

Reply Server::on_status(Call& c) {
  const auto& a = c.args;
  if (a.size() != 2 || !a[0].is_text() || a[1].kind != Arg::Kind::List) return bad("Syntax: STATUS mailbox (items)");
  const std::string name = mailbox_name(a[0].text);
  const mailstore::Folder* f = store_->folder(user_, name);
  if (!f) return no("[NONEXISTENT] Mailbox doesn't exist: " + name);
  if (f->noselect) return no("[CANNOT] " + name + " is only a name above others (\\Noselect): it holds no messages");
  std::string items;
  std::optional<std::size_t> unseen;  // counted once, however often the client asks
  for (const auto& item : a[1].items) {
    const std::string k = proto::to_upper(item.text);
    std::size_t v = 0;
    if (k == "MESSAGES") v = f->messages.size();
    else if (k == "RECENT")  // not yet announced to a read-write session (§2.3.2)
      v = static_cast<std::size_t>(std::count_if(f->messages.begin(), f->messages.end(),
                                                 [&](const auto& m) { return m.uid >= f->first_recent_uid; }));
    else if (k == "UIDNEXT") v = f->uidnext;
    else if (k == "UIDVALIDITY") v = f->uidvalidity;
    else if (k == "UNSEEN") {
      if (!unseen)
        unseen = static_cast<std::size_t>(std::count_if(f->messages.begin(), f->messages.end(),
                                                        [](const auto& m) { return !m.flags.count("\\Seen"); }));
      v = *unseen;
    }
    else return bad("Unknown STATUS item " + item.text);
    items += (items.empty() ? "" : " ") + k + " " + std::to_string(v);
  }
  c.out += "* STATUS " + imap_string(name) + " (" + items + ")\r\n" + sync(true);
  return completed(c);
}

Reply Server::on_append(Call& c) {
  const auto& a = c.args;
  // §6.3.11: mailbox [flag-list] [date-time] literal; the message must have come as a literal.
  const char* syntax = "Syntax: APPEND mailbox [(flags)] [\"dd-Mon-yyyy hh:mm:ss +zzzz\"] {size}";
  if (a.size() < 2 || a.size() > 4 || !a[0].is_text() || a.back().kind != Arg::Kind::String || c.literals.empty())
    return bad(syntax);
  std::size_t next = 1;
  const bool has_flags = a[next].kind == Arg::Kind::List;
  next += has_flags;
  std::optional<DateTime> date;
  if (next + 1 < a.size()) {
    if (a[next].kind != Arg::Kind::String) return bad(syntax);
    date = parse_date_time(a[next].text);
    if (!date) return bad("Invalid date-time " + a[next].text + " (as in \"17-Jul-1996 02:44:25 -0700\")");
    ++next;
  }
  if (next + 1 != a.size()) return bad(syntax);
  std::string error;
  const auto flags = has_flags ? storable_flags(a[1].items, error) : std::set<std::string>{};
  if (!flags) return bad(error);
  if (keyword_count(*flags) > kMaxKeywords) return no("[LIMIT] Too many keywords (limit " + std::to_string(kMaxKeywords) + ")");
  const std::string name = mailbox_name(a[0].text);
  if (const mailstore::Folder* f = store_->folder(user_, name);
      f && f->keywords.size() + new_keywords(*f, *flags) > kMaxMailboxKeywords)
    return no("[LIMIT] Too many keywords in this mailbox (limit " + std::to_string(kMaxMailboxKeywords) + ")");
  const mailstore::Folder* target = store_->folder(user_, name);
  if (!target || target->noselect) return no("[TRYCREATE] Mailbox doesn't exist: " + name);
  if (auto refused = over_quota(1, a.back().text.size())) return *refused;
  const std::uint32_t uidvalidity = target->uidvalidity;
  // The internal date is the one given (kept with its zone), else now (§6.3.11).
  const Time when = date ? (date->unix_seconds - config_.epoch_seconds) * kSecond : now_;
  const auto uid = store_->deliver(user_, a.back().text, when, name, *flags, date ? date->zone_minutes : 0);
  if (!uid) return no("[TRYCREATE] Mailbox doesn't exist: " + name);
  c.out += sync(true);
  // UIDPLUS (RFC 4315 §3): the new message's UID, so a client need not search for it.
  return ok("[APPENDUID " + std::to_string(uidvalidity) + " " + std::to_string(*uid) + "] APPEND completed");
}

Reply Server::on_idle(Call& c) {
  if (!c.args.empty()) return bad("IDLE takes no arguments");
  c.out += "+ idling\r\n" + sync(true);
  return continues();  // the IDLE states: only DONE is read now
}

Reply Server::on_done(Call& c) {
  if (!proto::iequals(c.line, "DONE")) return bad("Expected DONE to end IDLE");
  c.out += sync(true);
  return ok("IDLE terminated");
}

}  // namespace mailsim::imap
