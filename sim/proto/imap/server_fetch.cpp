// FETCH and UID FETCH (RFC 3501 §6.4.5, §7.4.2): which parts of a message a client asked for, and
// how they are written back. Reading a body section sets \Seen; BODY.PEEK does not.
#include <algorithm>
#include <cstdio>

#include "sim/proto/imap/message_view.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

namespace {

std::string internal_date(Time t, std::int64_t epoch) {
  // "Mon, 3 Nov 2025 09:00:10 +0000" -> "03-Nov-2025 09:00:10 +0000" (RFC 3501 date-time)
  const std::string d = rfc5322_date(t, epoch);
  int day = 0, year = 0;
  char mon[4] = {}, hms[9] = {};
  std::sscanf(d.c_str() + 5, "%d %3s %d %8s", &day, mon, &year, hms);
  char buf[40];
  std::snprintf(buf, sizeof buf, "\"%02d-%s-%d %s +0000\"", day, mon, year, hms);
  return buf;
}

std::string literal(std::string_view s) { return "{" + std::to_string(s.size()) + "}\r\n" + std::string(s); }

// A section spec: "", "HEADER", "TEXT", "1" (our messages are one part), "HEADER.FIELDS (FROM TO)".
struct Section {
  std::string kind;
  std::vector<std::string> fields;
};

std::optional<Section> parse_section(std::string_view spec) {
  Section s;
  const auto sp = spec.find(' ');
  s.kind = proto::to_upper(spec.substr(0, sp));
  if (s.kind == "HEADER.FIELDS" || s.kind == "HEADER.FIELDS.NOT") {
    if (sp == std::string_view::npos) return std::nullopt;
    auto list = parse_args(spec.substr(sp + 1), {});
    if (!list || list->size() != 1 || list->front().kind != Arg::Kind::List) return std::nullopt;
    for (const auto& a : list->front().items) s.fields.push_back(a.text);
    return s;
  }
  if (sp != std::string_view::npos) return std::nullopt;
  if (s.kind.empty() || s.kind == "HEADER" || s.kind == "TEXT" || s.kind == "1") return s;
  return std::nullopt;
}

// "BODY[...]<start.count>" -> its data; nullopt when the section or the partial range does not parse.
std::optional<std::string> body_part(const std::string& item, const std::string& raw, const MessageView& view,
                                     std::string& label) {
  const auto open = item.find('['), close = item.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  const std::string spec = item.substr(open + 1, close - open - 1);
  const auto section = parse_section(spec);
  if (!section) return std::nullopt;
  std::string data;
  if (section->kind.empty()) data = raw;
  else if (section->kind == "HEADER") data = std::string(view.header());
  else if (section->kind == "TEXT" || section->kind == "1") data = std::string(view.text());
  else data = view.header_fields(section->fields, section->kind == "HEADER.FIELDS.NOT");
  label = "BODY[" + spec + "]";
  const std::string partial = item.substr(close + 1);
  if (!partial.empty()) {  // "<start.count>": the answer names only the start (§7.4.2)
    std::size_t start = 0, count = 0;
    char end = 0;
    if (std::sscanf(partial.c_str(), "<%zu.%zu%c", &start, &count, &end) != 3 || end != '>') return std::nullopt;
    data = start >= data.size() ? std::string{} : data.substr(start, count);
    label += "<" + std::to_string(start) + ">";
  }
  return data;
}

bool reads_text(const std::string& item) {
  return item == "RFC822" || item == "RFC822.TEXT" || item.rfind("BODY[", 0) == 0;
}

}  // namespace

Server::Reply Server::fetch(const std::vector<Arg>& a, bool uid, std::string& out) {
  if (a.size() != 2 || a[0].kind != Arg::Kind::Atom) return bad("Syntax: FETCH sequence-set items");
  const auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad("Invalid sequence set " + a[0].text);
  std::vector<std::string> items;
  if (a[1].kind == Arg::Kind::List)
    for (const auto& i : a[1].items) items.push_back(proto::to_upper(i.text));
  else items.push_back(proto::to_upper(a[1].text));
  // The macros of §6.4.5.
  if (items.size() == 1 && items[0] == "ALL") items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"};
  else if (items.size() == 1 && items[0] == "FAST") items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE"};
  else if (items.size() == 1 && items[0] == "FULL") items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"};
  if (uid && std::find(items.begin(), items.end(), "UID") == items.end()) items.insert(items.begin(), "UID");
  const auto seqs = resolve(*set, uid);
  if (!seqs) return bad("Invalid message sequence number " + a[0].text);

  std::string result;
  mailstore::Folder* f = folder();
  for (std::size_t seq : *seqs) {
    mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[seq - 1]) : nullptr;
    if (!m) continue;  // expunged by another session, not yet reported: nothing to show
    const MessageView view(m->raw);
    // Reading the text sets \Seen (§6.4.5); first, so FLAGS in this very response shows it.
    const bool newly_seen = !read_only_ && !m->flags.count("\\Seen") && std::any_of(items.begin(), items.end(), reads_text);
    if (newly_seen) {
      auto flags = m->flags;
      flags.insert("\\Seen");
      store_->set_flags(user_, mailbox_, m->uid, flags);
      known_flags_[m->uid] = flags;
    }
    std::string parts;
    auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : " ") + part; };
    bool flags_shown = false;
    for (const auto& item : items) {
      if (item == "UID") add("UID " + std::to_string(m->uid));
      else if (item == "FLAGS") {
        add("FLAGS " + flag_list(m->flags));
        flags_shown = true;
      } else if (item == "INTERNALDATE") add("INTERNALDATE " + internal_date(m->internal_date, config_.epoch_seconds));
      else if (item == "RFC822.SIZE") add("RFC822.SIZE " + std::to_string(m->raw.size()));
      else if (item == "ENVELOPE") add("ENVELOPE " + view.envelope());
      else if (item == "BODYSTRUCTURE") add("BODYSTRUCTURE " + view.body_structure(true));
      else if (item == "BODY") add("BODY " + view.body_structure(false));
      else if (item == "RFC822") add("RFC822 " + literal(m->raw));
      else if (item == "RFC822.HEADER") add("RFC822.HEADER " + literal(view.header()));
      else if (item == "RFC822.TEXT") add("RFC822.TEXT " + literal(view.text()));
      else if (item.rfind("BODY[", 0) == 0 || item.rfind("BODY.PEEK[", 0) == 0) {
        std::string label;
        const auto data = body_part(item, m->raw, view, label);
        if (!data) return bad("Invalid section or range in " + item);
        add(label + " " + literal(*data));
      } else {
        return bad("Invalid fetch attribute " + item);
      }
    }
    if (newly_seen && !flags_shown) add("FLAGS " + flag_list(m->flags));  // §6.4.5: the change is reported
    result += "* " + std::to_string(seq) + " FETCH (" + parts + ")\r\n";
  }
  out += result + sync(false);
  return ok("FETCH completed");
}

}  // namespace mailsim::imap
