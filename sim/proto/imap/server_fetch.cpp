// FETCH and UID FETCH (RFC 3501 §6.4.5, §7.4.2): which parts of a message a client asked for, and
// how they are written back. Reading a body section sets \Seen; BODY.PEEK does not.
#include <algorithm>
#include <cstdio>
#include <set>

#include "sim/proto/imap/dates.hpp"
#include "sim/proto/imap/message_view.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

namespace {

// Items that copy message text (RFC822*, BODY[...]) one FETCH may ask for.
constexpr std::size_t kMaxTextItems = 16;

std::string literal(std::string_view s) { return "{" + std::to_string(s.size()) + "}\r\n" + std::string(s); }

// One FETCH data item (§6.4.5), read once for all the messages it is asked of.
struct Item {
  enum class Kind { Uid, Flags, InternalDate, Size, Envelope, BodyStructure, Body, Rfc822, Rfc822Header, Rfc822Text, Section };
  Kind kind;
  std::string label;                 // how the answer names it: "UID", "BODY[HEADER]<0>", ...
  SectionSpec section;               // Section only
  std::optional<std::pair<std::size_t, std::size_t>> partial;  // Section only: "<start.count>"
  bool sets_seen = false;            // reading it sets \Seen: RFC822, RFC822.TEXT, BODY[...]

  bool returns_text() const { return kind >= Kind::Rfc822; }  // the kinds from Rfc822 on copy text
};

// "BODY[...]<start.count>" or "BODY.PEEK[...]<start.count>"; nullopt when the section or the
// partial range does not parse.
std::optional<Item> body_item(const std::string& item, bool peek) {
  const auto open = item.find('['), close = item.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  const std::string spec = item.substr(open + 1, close - open - 1);
  auto section = SectionSpec::parse(spec);
  if (!section) return std::nullopt;
  Item it{Item::Kind::Section, "BODY[" + spec + "]", std::move(*section), std::nullopt, !peek};
  const std::string partial = item.substr(close + 1);
  if (!partial.empty()) {  // "<start.count>": the answer names only the start (§7.4.2)
    std::size_t start = 0, count = 0;
    char end = 0;
    if (std::sscanf(partial.c_str(), "<%zu.%zu%c", &start, &count, &end) != 3 || end != '>') return std::nullopt;
    it.partial.emplace(start, count);
    it.label += "<" + std::to_string(start) + ">";
  }
  return it;
}

std::optional<Item> parse_item(const std::string& item) {
  using K = Item::Kind;
  static const std::pair<const char*, K> kSimple[] = {
      {"UID", K::Uid},           {"FLAGS", K::Flags}, {"INTERNALDATE", K::InternalDate}, {"RFC822.SIZE", K::Size},
      {"ENVELOPE", K::Envelope}, {"BODYSTRUCTURE", K::BodyStructure}, {"BODY", K::Body}, {"RFC822", K::Rfc822},
      {"RFC822.HEADER", K::Rfc822Header}, {"RFC822.TEXT", K::Rfc822Text}};
  for (const auto& [name, kind] : kSimple)
    if (item == name) return Item{kind, name, {}, std::nullopt, kind == K::Rfc822 || kind == K::Rfc822Text};
  if (item.rfind("BODY[", 0) == 0) return body_item(item, false);
  if (item.rfind("BODY.PEEK[", 0) == 0) return body_item(item, true);
  return std::nullopt;
}

// The section's octets (NIL when the message has no such part), cut to "<start.count>".
std::string section_data(const Item& it, const MessageView& view) {
  std::optional<std::string> data = view.section(it.section);
  if (!data) return "NIL";
  if (it.partial) {
    const auto [start, count] = *it.partial;
    data = start >= data->size() ? std::string{} : data->substr(start, count);
  }
  return literal(*data);
}

}  // namespace

Reply Server::on_fetch(Call& c) {
  const auto& a = c.args;
  const bool uid = c.command == Command::UidFetch;
  if (a.size() != 2 || a[0].kind != Arg::Kind::Atom) return bad("Syntax: FETCH sequence-set items");
  const auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad("Invalid sequence set " + a[0].text);
  std::vector<std::string> names;
  if (a[1].kind == Arg::Kind::List)
    for (const auto& i : a[1].items) names.push_back(i.is_text() ? proto::to_upper(i.text) : "(...)");
  else names.push_back(proto::to_upper(a[1].text));
  // The macros of §6.4.5.
  if (names.size() == 1 && names[0] == "ALL") names = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"};
  else if (names.size() == 1 && names[0] == "FAST") names = {"FLAGS", "INTERNALDATE", "RFC822.SIZE"};
  else if (names.size() == 1 && names[0] == "FULL") names = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"};
  // §6.4.8: UID FETCH always answers UID.
  if (uid && std::find(names.begin(), names.end(), "UID") == names.end()) names.insert(names.begin(), "UID");
  // Every item is read before any message is touched: a bad one is BAD whatever the mailbox holds,
  // and leaves no \Seen set. An item asked twice is answered once, and items that copy message text
  // are bounded, so a short command cannot make the answer any multiple of the mailbox.
  std::vector<Item> items;
  std::set<std::string> seen;
  std::size_t texts = 0;
  for (const auto& name : names) {
    if (!seen.insert(name).second) continue;
    auto item = parse_item(name);
    if (!item) {
      const bool body = name.rfind("BODY[", 0) == 0 || name.rfind("BODY.PEEK[", 0) == 0;
      return bad((body ? "Invalid section or range in " : "Invalid fetch attribute ") + name);
    }
    if (item->returns_text() && ++texts > kMaxTextItems)
      return bad("Too many message sections in one FETCH (limit " + std::to_string(kMaxTextItems) + ")");
    items.push_back(std::move(*item));
  }
  const auto seqs = resolve(*set, uid);
  if (!seqs) return bad("Invalid message sequence number " + a[0].text);
  const bool sets_seen = std::any_of(items.begin(), items.end(), [](const Item& i) { return i.sets_seen; });

  mailstore::Folder* f = folder();
  // A keyword another session stored may show in these FLAGS: announce it first (§7.2.6).
  std::string result = f ? new_flags(*f) : std::string{};
  for (std::size_t seq : *seqs) {
    mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[seq - 1]) : nullptr;
    if (!m) continue;  // expunged by another session, not yet reported: nothing to show
    const MessageView view(m->raw);
    // Reading the text sets \Seen (§6.4.5); first, so FLAGS in this very response shows it.
    const bool newly_seen = !read_only_ && sets_seen && !m->flags.count("\\Seen");
    if (newly_seen) {
      auto flags = m->flags;
      flags.insert("\\Seen");
      store_->set_flags(user_, mailbox_, m->uid, flags);
      known_flags_[m->uid] = flags;
    }
    std::string parts;
    auto add = [&](const std::string& label, const std::string& value) {
      parts += (parts.empty() ? "" : " ") + label + " " + value;
    };
    bool flags_shown = false;
    for (const Item& it : items) {
      using K = Item::Kind;
      switch (it.kind) {
        case K::Uid: add(it.label, std::to_string(m->uid)); break;
        case K::Flags:
          add(it.label, flags_of(*m));
          flags_shown = true;
          known_flags_[m->uid] = m->flags;  // told now: the news after the FETCH need not repeat it
          break;
        case K::InternalDate: add(it.label, format_date_time(m->internal_date, config_.epoch_seconds, m->zone_minutes)); break;
        case K::Size: add(it.label, std::to_string(m->raw.size())); break;
        case K::Envelope: add(it.label, view.envelope()); break;
        case K::BodyStructure: add(it.label, view.body_structure(true)); break;
        case K::Body: add(it.label, view.body_structure(false)); break;
        case K::Rfc822: add(it.label, literal(m->raw)); break;
        case K::Rfc822Header: add(it.label, literal(view.header())); break;
        case K::Rfc822Text: add(it.label, literal(view.text())); break;
        case K::Section: add(it.label, section_data(it, view)); break;
      }
    }
    if (newly_seen && !flags_shown) add("FLAGS", flags_of(*m));  // §6.4.5: the change is reported
    result += "* " + std::to_string(seq) + " FETCH (" + parts + ")\r\n";
  }
  c.out += result + sync(false);
  return completed(c);
}

}  // namespace mailsim::imap
