#include "sim/proto/imap/server.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>

#include "sim/proto/imap/message_view.hpp"
#include "sim/proto/imap/search.hpp"

namespace mailsim::imap {

namespace {

constexpr const char* kCapabilities = "IMAP4rev1 AUTH=PLAIN SASL-IR IDLE UNSELECT";

bool valid_tag(std::string_view tag) {
  if (tag.empty()) return false;
  for (unsigned char c : tag)
    if (c <= 0x20 || c >= 0x7f || std::string_view("(){%*\"\\]+").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

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

std::optional<std::string> base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = value(c);
    if (v < 0) return std::nullopt;
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xff);
    }
  }
  return out;
}

// LIST patterns: "*" matches anything, "%" too (our folders have no hierarchy).
bool glob(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*' || pattern[0] == '%')
    return glob(pattern.substr(1), name) || (!name.empty() && glob(pattern, name.substr(1)));
  return !name.empty() && (pattern[0] == name[0] || (std::toupper(static_cast<unsigned char>(pattern[0])) ==
                                                         std::toupper(static_cast<unsigned char>(name[0])) &&
                                                     proto::iequals(name, "INBOX"))) &&
         glob(pattern.substr(1), name.substr(1));
}

std::string literal(std::string_view s) { return "{" + std::to_string(s.size()) + "}\r\n" + std::string(s); }

// Parses a section spec "HEADER.FIELDS (FROM TO)" into its kind and field names.
struct Section {
  std::string kind;                 // "", "HEADER", "TEXT", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "1"
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

}  // namespace

Server::Server(ServerConfig config, mailstore::MailStore& store)
    : config_(std::move(config)), store_(store), reader_(config_.max_line) {}

std::string Server::start() {
  return "* OK [CAPABILITY " + std::string(kCapabilities) + "] " + config_.hostname + " IMAP4rev1 server ready\r\n";
}

std::string Server::feed(std::string_view bytes, Time now) {
  std::string out;
  now_ = now;
  if (closed()) return out;
  reader_.feed(bytes);
  while (!closed()) {
    if (waiting_ == Waiting::Literal) {
      const std::string got = reader_.take_raw(literal_left_);
      pending_->literals.back() += got;
      literal_left_ -= got.size();
      if (literal_left_ > 0) break;
      waiting_ = Waiting::None;  // the command goes on in the next line
      continue;
    }
    auto line = reader_.next();
    if (!line) break;
    on_line(*line, out);
  }
  return out;
}

std::string Server::poll() { return waiting_ == Waiting::IdleDone ? sync(true) : std::string{}; }

void Server::bad(const std::string& tag, const std::string& text, std::string& out) {
  out += (tag.empty() ? "*" : tag) + " BAD " + text + "\r\n";
  if (++errors_ >= config_.max_errors) {
    out += "* BYE Too many invalid commands\r\n";
    state_ = State::Logout;
  }
}

void Server::on_line(const proto::Line& line, std::string& out) {
  if (line.too_long) {
    pending_.reset();
    waiting_ = Waiting::None;
    bad("", "Command line too long", out);
    return;
  }
  if (waiting_ == Waiting::IdleDone) {
    waiting_ = Waiting::None;
    if (proto::iequals(line.text, "DONE")) out += sync(true) + idle_tag_ + " OK IDLE terminated\r\n";
    else bad(idle_tag_, "Expected DONE", out);
    return;
  }
  if (waiting_ == Waiting::AuthLine) {
    waiting_ = Waiting::None;
    Command c = std::move(*pending_);
    pending_.reset();
    if (line.text == "*") return bad(c.tag, "AUTHENTICATE cancelled", out);
    auto plain = base64_decode(line.text);
    const auto first = plain ? plain->find('\0') : std::string::npos;
    const auto second = plain && first != std::string::npos ? plain->find('\0', first + 1) : std::string::npos;
    if (second == std::string::npos) return bad(c.tag, "Invalid SASL PLAIN response", out);
    login(c.tag, plain->substr(first + 1, second - first - 1), plain->substr(second + 1), out);
    return;
  }

  if (!pending_) {
    Command c;
    const std::string_view text = line.text;
    const auto sp = text.find(' ');
    c.tag = std::string(text.substr(0, sp));
    if (sp != std::string_view::npos) {
      const std::string_view rest = text.substr(sp + 1);
      const auto sp2 = rest.find(' ');
      c.name = proto::to_upper(rest.substr(0, sp2));
      if (sp2 != std::string_view::npos) c.rest = std::string(rest.substr(sp2 + 1));
    }
    pending_ = std::move(c);
  } else {
    pending_->rest += line.text;  // the command goes on after a literal
  }
  Command& c = *pending_;
  // A line ending in "{n}" announces a literal of n bytes (§4.3): ask for it, then read it raw. Only
  // the line that just arrived counts: after a literal, the marker of the one before stays in `rest`.
  const std::string& whole = c.rest;
  const bool announces = !line.text.empty() && line.text.back() == '}';
  if (announces && !whole.empty()) {
    const auto open = whole.rfind('{');
    std::size_t n = 0;
    const bool plus = whole.size() >= 2 && whole[whole.size() - 2] == '+';
    const char* digits_end = whole.data() + whole.size() - (plus ? 2 : 1);
    auto [p, ec] = open == std::string::npos ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                                             : std::from_chars(whole.data() + open + 1, digits_end, n);
    if (ec == std::errc() && p == digits_end && valid_tag(c.tag)) {
      if (n > config_.max_literal) {
        pending_.reset();
        out += c.tag + " NO [TOOBIG] Literal larger than " + std::to_string(config_.max_literal) + " octets\r\n";
        if (plus) {  // the client sends it anyway; we cannot find the next command again
          out += "* BYE Literal too large\r\n";
          state_ = State::Logout;
        }
        return;
      }
      c.rest.replace(open, std::string::npos, "{" + std::to_string(n) + "}");
      c.literals.emplace_back();
      literal_left_ = n;
      waiting_ = Waiting::Literal;
      if (!plus) out += "+ Ready for literal data\r\n";
      return;
    }
  }
  Command done = std::move(*pending_);
  pending_.reset();
  execute(done, out);
}

void Server::execute(Command& c, std::string& out) {
  if (!valid_tag(c.tag)) return bad("", "Invalid tag", out);
  if (c.name.empty()) return bad(c.tag, "Missing command", out);
  const CommandRule* rule = find_command(c.name);
  if (!rule) return bad(c.tag, "Unknown command " + c.name, out);
  if (!allowed_in(*rule, state_)) return bad(c.tag, c.name + " not allowed in the " + to_string(state_) + " state", out);
  auto parsed = parse_args(c.rest, c.literals);
  if (!parsed) return bad(c.tag, "Invalid arguments", out);
  const std::vector<Arg>& a = *parsed;
  const std::string& n = c.name;
  auto ok = [&](const std::string& text) { out += c.tag + " OK " + text + "\r\n"; };
  auto texts = [&](std::size_t count) {
    if (a.size() != count) return false;
    return std::all_of(a.begin(), a.end(), [](const Arg& x) { return x.is_text(); });
  };

  if (n == "CAPABILITY") {
    out += "* CAPABILITY " + std::string(kCapabilities) + "\r\n";
    return ok("CAPABILITY completed");
  }
  if (n == "NOOP" || n == "CHECK") {
    out += sync(true);
    return ok(n + " completed");
  }
  if (n == "LOGOUT") {
    out += "* BYE " + config_.hostname + " IMAP4rev1 server logging out\r\n";
    ok("LOGOUT completed");
    state_ = State::Logout;
    return;
  }
  if (n == "LOGIN") {
    if (!texts(2)) return bad(c.tag, "Syntax: LOGIN user password", out);
    return login(c.tag, a[0].text, a[1].text, out);
  }
  if (n == "AUTHENTICATE") return authenticate(c, a, out);
  if (n == "SELECT" || n == "EXAMINE") return select(c, a, n == "EXAMINE", out);
  if (n == "LIST" || n == "LSUB") return list(c, a, out);
  if (n == "STATUS") return status(c, a, out);
  if (n == "APPEND") return append(c, a, now_, out);
  if (n == "CREATE") {
    if (!texts(1)) return bad(c.tag, "Syntax: CREATE mailbox", out);
    if (proto::iequals(a[0].text, "INBOX")) {
      out += c.tag + " NO [ALREADYEXISTS] INBOX always exists\r\n";
      return;
    }
    if (!store_.create_folder(user_, a[0].text)) {
      out += c.tag + " NO [ALREADYEXISTS] Mailbox exists\r\n";
      return;
    }
    out += sync(true);
    return ok("CREATE completed");
  }
  if (n == "IDLE") {
    if (!a.empty()) return bad(c.tag, "IDLE takes no arguments", out);
    out += "+ idling\r\n" + sync(true);
    idle_tag_ = c.tag;
    waiting_ = Waiting::IdleDone;
    return;
  }
  if (n == "CLOSE" || n == "UNSELECT") {
    if (n == "CLOSE" && !read_only_) store_.expunge(user_, mailbox_);  // silently (§6.4.2)
    state_ = State::Authenticated;
    mailbox_.clear();
    known_uids_.clear();
    known_flags_.clear();
    return ok(n + " completed");
  }
  if (n == "EXPUNGE") return expunge(c.tag, false, out);
  bool uid = false;
  std::vector<Arg> rest = a;
  std::string sub = n;
  if (n == "UID") {
    if (a.empty() || !a[0].is_text()) return bad(c.tag, "Syntax: UID FETCH|STORE|SEARCH ...", out);
    sub = proto::to_upper(a[0].text);
    rest.erase(rest.begin());
    uid = true;
  }
  if (sub == "FETCH") return fetch(c.tag, rest, uid, out);
  if (sub == "STORE") return store(c.tag, rest, uid, out);
  if (sub == "SEARCH") return search(c.tag, rest, uid, out);
  bad(c.tag, "Unknown UID command " + sub, out);
}

void Server::login(const std::string& tag, const std::string& user, const std::string& password, std::string& out) {
  const mailstore::Account* acc = store_.find(user);
  if (!acc || acc->password != password) {
    // The same answer for a wrong user and a wrong password: don't help guessers.
    out += tag + " NO [AUTHENTICATIONFAILED] Authentication failed.\r\n";
    if (++errors_ >= config_.max_errors) {
      out += "* BYE Too many invalid commands\r\n";
      state_ = State::Logout;
    }
    return;
  }
  user_ = user;
  state_ = State::Authenticated;
  out += tag + " OK [CAPABILITY " + kCapabilities + "] Logged in\r\n";
}

void Server::authenticate(Command& c, const std::vector<Arg>& a, std::string& out) {
  if (a.empty() || a.size() > 2 || !a[0].is_text()) return bad(c.tag, "Syntax: AUTHENTICATE mechanism", out);
  if (!proto::iequals(a[0].text, "PLAIN")) {
    out += c.tag + " NO Unsupported authentication mechanism\r\n";
    return;
  }
  pending_ = c;
  waiting_ = Waiting::AuthLine;
  if (a.size() == 2) {  // SASL-IR (RFC 4959): the response came with the command
    on_line(proto::Line{a[1].text == "=" ? "" : a[1].text, false, false}, out);
    return;
  }
  out += "+ \r\n";
}

mailstore::Folder* Server::folder() { return state_ == State::Selected ? store_.folder(user_, mailbox_) : nullptr; }

void Server::select(Command& c, const std::vector<Arg>& a, bool read_only, std::string& out) {
  if (a.size() != 1 || !a[0].is_text()) return bad(c.tag, "Syntax: " + c.name + " mailbox", out);
  const std::string name = proto::iequals(a[0].text, "INBOX") ? "INBOX" : a[0].text;
  state_ = State::Authenticated;  // a failed SELECT leaves no mailbox selected (§6.3.1)
  known_uids_.clear();
  known_flags_.clear();
  mailstore::Folder* f = store_.folder(user_, name);
  if (!f) {
    out += c.tag + " NO [NONEXISTENT] Mailbox doesn't exist: " + name + "\r\n";
    return;
  }
  state_ = State::Selected;
  mailbox_ = name;
  read_only_ = read_only;
  std::size_t unseen = 0;
  for (const auto& m : f->messages) {
    known_uids_.push_back(m.uid);
    known_flags_[m.uid] = m.flags;
    if (!unseen && !m.flags.count("\\Seen")) unseen = known_uids_.size();
  }
  known_version_ = f->version;
  out += "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n";
  out += read_only ? "* OK [PERMANENTFLAGS ()] Read-only mailbox\r\n"
                   : "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted\r\n";
  out += "* " + std::to_string(f->messages.size()) + " EXISTS\r\n* 0 RECENT\r\n";
  if (unseen) out += "* OK [UNSEEN " + std::to_string(unseen) + "] First unseen\r\n";
  out += "* OK [UIDVALIDITY " + std::to_string(f->uidvalidity) + "] UIDs valid\r\n";
  out += "* OK [UIDNEXT " + std::to_string(f->uidnext) + "] Predicted next UID\r\n";
  out += c.tag + " OK [" + (read_only ? "READ-ONLY" : "READ-WRITE") + "] " + c.name + " completed\r\n";
}

void Server::list(Command& c, const std::vector<Arg>& a, std::string& out) {
  if (a.size() != 2 || !a[0].is_text() || !a[1].is_text()) return bad(c.tag, "Syntax: " + c.name + " reference mailbox", out);
  if (a[1].text.empty()) {  // the hierarchy delimiter question (§6.3.8)
    out += "* " + c.name + " (\\Noselect) \"/\" \"\"\r\n";
  } else if (const auto* acc = store_.find(user_)) {
    // Every folder counts as subscribed, so LSUB answers like LIST.
    for (const auto& [name, f] : acc->folders)
      if (glob(a[0].text + a[1].text, name)) out += "* " + c.name + " (\\HasNoChildren) \"/\" " + imap_string(name) + "\r\n";
  }
  out += sync(true);
  out += c.tag + " OK " + c.name + " completed\r\n";
}

void Server::status(Command& c, const std::vector<Arg>& a, std::string& out) {
  if (a.size() != 2 || !a[0].is_text() || a[1].kind != Arg::Kind::List) return bad(c.tag, "Syntax: STATUS mailbox (items)", out);
  const std::string name = proto::iequals(a[0].text, "INBOX") ? "INBOX" : a[0].text;
  const mailstore::Folder* f = store_.folder(user_, name);
  if (!f) {
    out += c.tag + " NO [NONEXISTENT] Mailbox doesn't exist: " + name + "\r\n";
    return;
  }
  std::string items;
  for (const auto& item : a[1].items) {
    const std::string k = proto::to_upper(item.text);
    std::size_t v;
    if (k == "MESSAGES") v = f->messages.size();
    else if (k == "RECENT") v = 0;
    else if (k == "UIDNEXT") v = f->uidnext;
    else if (k == "UIDVALIDITY") v = f->uidvalidity;
    else if (k == "UNSEEN")
      v = static_cast<std::size_t>(std::count_if(f->messages.begin(), f->messages.end(),
                                                 [](const auto& m) { return !m.flags.count("\\Seen"); }));
    else return bad(c.tag, "Unknown STATUS item " + item.text, out);
    items += (items.empty() ? "" : " ") + k + " " + std::to_string(v);
  }
  out += "* STATUS " + imap_string(name) + " (" + items + ")\r\n" + sync(true);
  out += c.tag + " OK STATUS completed\r\n";
}

void Server::append(Command& c, const std::vector<Arg>& a, Time now, std::string& out) {
  if (a.size() < 2 || !a[0].is_text() || a.back().kind != Arg::Kind::String || c.literals.empty())
    return bad(c.tag, "Syntax: APPEND mailbox [(flags)] [date-time] {size}", out);
  std::set<std::string> flags;
  if (a.size() >= 3 && a[1].kind == Arg::Kind::List)
    for (const auto& f : a[1].items) flags.insert(f.text);
  const std::string name = proto::iequals(a[0].text, "INBOX") ? "INBOX" : a[0].text;
  if (!store_.deliver(user_, a.back().text, now, name, flags)) {
    out += c.tag + " NO [TRYCREATE] Mailbox doesn't exist: " + name + "\r\n";
    return;
  }
  out += sync(true);
  out += c.tag + " OK APPEND completed\r\n";
}

std::vector<std::size_t> Server::resolve(const SequenceSet& set, bool uid) {
  std::vector<std::size_t> out;
  const std::uint32_t largest = uid ? (known_uids_.empty() ? 0 : known_uids_.back())
                                    : static_cast<std::uint32_t>(known_uids_.size());
  for (std::size_t i = 0; i < known_uids_.size(); ++i)
    if (set.contains(uid ? known_uids_[i] : static_cast<std::uint32_t>(i + 1), largest)) out.push_back(i + 1);
  // "UID n:*" names the last message even when n is beyond it (§6.4.8).
  if (uid && out.empty() && !known_uids_.empty() && set.contains(largest, largest)) out.push_back(known_uids_.size());
  return out;
}

std::string Server::flags_text(const std::set<std::string>& flags) const {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : " ") + f;
  return "(" + out + ")";
}

void Server::fetch(const std::string& tag, const std::vector<Arg>& a, bool uid, std::string& out) {
  if (a.size() != 2 || a[0].kind != Arg::Kind::Atom) return bad(tag, "Syntax: FETCH sequence-set items", out);
  auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad(tag, "Invalid sequence set " + a[0].text, out);
  std::vector<std::string> items;
  if (a[1].kind == Arg::Kind::List)
    for (const auto& i : a[1].items) items.push_back(proto::to_upper(i.text));
  else items.push_back(proto::to_upper(a[1].text));
  if (items.size() == 1 && items[0] == "ALL") items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"};
  else if (items.size() == 1 && items[0] == "FAST") items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE"};
  else if (items.size() == 1 && items[0] == "FULL") items = {"FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"};
  if (uid && std::find(items.begin(), items.end(), "UID") == items.end()) items.insert(items.begin(), "UID");

  std::string result;
  mailstore::Folder* f = folder();
  for (std::size_t seq : resolve(*set, uid)) {
    mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[seq - 1]) : nullptr;
    if (!m) continue;  // expunged by another session, not yet reported: nothing to show
    const MessageView view(m->raw);
    std::vector<std::string> parts;
    // Reading the text sets \Seen (§6.4.5); do it first so FLAGS in this response shows it.
    bool set_seen = false, flags_shown = false;
    for (const auto& item : items)
      set_seen |= item == "RFC822" || item == "RFC822.TEXT" || item.rfind("BODY[", 0) == 0;
    const bool newly_seen = set_seen && !read_only_ && !m->flags.count("\\Seen");
    if (newly_seen) {
      auto flags = m->flags;
      flags.insert("\\Seen");
      store_.set_flags(user_, mailbox_, m->uid, flags);
      known_flags_[m->uid] = flags;
    }
    for (const auto& item : items) {
      if (item == "UID") parts.push_back("UID " + std::to_string(m->uid));
      else if (item == "FLAGS") {
        parts.push_back("FLAGS " + flags_text(m->flags));
        flags_shown = true;
      } else if (item == "INTERNALDATE") parts.push_back("INTERNALDATE " + internal_date(m->internal_date, config_.epoch_seconds));
      else if (item == "RFC822.SIZE") parts.push_back("RFC822.SIZE " + std::to_string(m->raw.size()));
      else if (item == "ENVELOPE") parts.push_back("ENVELOPE " + view.envelope());
      else if (item == "BODYSTRUCTURE") parts.push_back("BODYSTRUCTURE " + view.body_structure(true));
      else if (item == "BODY") parts.push_back("BODY " + view.body_structure(false));
      else if (item == "RFC822") parts.push_back("RFC822 " + literal(m->raw));
      else if (item == "RFC822.HEADER") parts.push_back("RFC822.HEADER " + literal(view.header()));
      else if (item == "RFC822.TEXT") parts.push_back("RFC822.TEXT " + literal(view.text()));
      else if (item.rfind("BODY[", 0) == 0 || item.rfind("BODY.PEEK[", 0) == 0) {
        const auto open = item.find('['), close = item.rfind(']');
        auto section = parse_section(std::string_view(item).substr(open + 1, close - open - 1));
        if (!section) return bad(tag, "Invalid section in " + item, out);
        std::string data;
        if (section->kind.empty()) data = m->raw;
        else if (section->kind == "HEADER") data = std::string(view.header());
        else if (section->kind == "TEXT" || section->kind == "1") data = std::string(view.text());
        else data = view.header_fields(section->fields, section->kind == "HEADER.FIELDS.NOT");
        std::string label = "BODY[" + std::string(item.substr(open + 1, close - open - 1)) + "]";
        const std::string partial = item.substr(close + 1);
        if (!partial.empty()) {  // "<start.count>"
          std::size_t start = 0, count = 0;
          if (std::sscanf(partial.c_str(), "<%zu.%zu>", &start, &count) != 2) return bad(tag, "Invalid partial " + partial, out);
          data = start >= data.size() ? std::string{} : data.substr(start, count);
          label += "<" + std::to_string(start) + ">";
        }
        parts.push_back(label + " " + literal(data));
      } else {
        return bad(tag, "Invalid fetch attribute " + item, out);
      }
    }
    if (newly_seen && !flags_shown) parts.push_back("FLAGS " + flags_text(m->flags));  // §6.4.5: report it
    std::string joined;
    for (const auto& p : parts) joined += (joined.empty() ? "" : " ") + p;
    result += "* " + std::to_string(seq) + " FETCH (" + joined + ")\r\n";
  }
  out += result + sync(false);
  out += tag + " OK " + (uid ? "UID " : "") + "FETCH completed\r\n";
}

void Server::store(const std::string& tag, const std::vector<Arg>& a, bool uid, std::string& out) {
  if (a.size() != 3 || a[0].kind != Arg::Kind::Atom || a[1].kind != Arg::Kind::Atom)
    return bad(tag, "Syntax: STORE sequence-set [+|-]FLAGS[.SILENT] (flags)", out);
  auto set = SequenceSet::parse(a[0].text);
  if (!set) return bad(tag, "Invalid sequence set " + a[0].text, out);
  std::string what = proto::to_upper(a[1].text);
  const bool silent = what.size() > 7 && what.compare(what.size() - 7, 7, ".SILENT") == 0;
  if (silent) what.resize(what.size() - 7);
  if (what != "FLAGS" && what != "+FLAGS" && what != "-FLAGS") return bad(tag, "Invalid STORE item " + a[1].text, out);
  std::set<std::string> given;
  if (a[2].kind == Arg::Kind::List)
    for (const auto& f : a[2].items) given.insert(f.text);
  else given.insert(a[2].text);
  if (read_only_) {
    out += tag + " NO [READ-ONLY] Mailbox is read-only\r\n";
    return;
  }
  mailstore::Folder* f = folder();
  for (std::size_t seq : resolve(*set, uid)) {
    mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[seq - 1]) : nullptr;
    if (!m) continue;
    std::set<std::string> flags = what == "FLAGS" ? given : m->flags;
    for (const auto& g : given) {
      if (what == "+FLAGS") flags.insert(g);
      if (what == "-FLAGS") flags.erase(g);
    }
    store_.set_flags(user_, mailbox_, m->uid, flags);
    known_flags_[m->uid] = flags;
    if (!silent)
      out += "* " + std::to_string(seq) + " FETCH (" + (uid ? "UID " + std::to_string(m->uid) + " " : "") + "FLAGS " +
             flags_text(flags) + ")\r\n";
  }
  out += sync(false);
  out += tag + " OK " + (uid ? "UID " : "") + "STORE completed\r\n";
}

void Server::search(const std::string& tag, const std::vector<Arg>& a, bool uid, std::string& out) {
  std::vector<Arg> keys = a;
  if (!keys.empty() && keys[0].is_text() && proto::iequals(keys[0].text, "CHARSET")) {
    if (keys.size() < 2 || !(proto::iequals(keys[1].text, "UTF-8") || proto::iequals(keys[1].text, "US-ASCII"))) {
      out += tag + " NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset\r\n";
      return;
    }
    keys.erase(keys.begin(), keys.begin() + 2);
  }
  if (keys.empty()) return bad(tag, "Syntax: SEARCH keys", out);
  mailstore::Folder* f = folder();
  std::string hits;
  const std::uint32_t largest_uid = known_uids_.empty() ? 0 : known_uids_.back();
  for (std::size_t i = 0; i < known_uids_.size(); ++i) {
    const mailstore::StoredMessage* m = f ? f->find_uid(known_uids_[i]) : nullptr;
    if (!m) continue;
    SearchContext ctx{*m, static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(known_uids_.size()),
                      largest_uid, config_.epoch_seconds};
    auto match = matches(keys, ctx);
    if (!match) return bad(tag, "Invalid search criteria", out);
    if (*match) hits += " " + std::to_string(uid ? m->uid : i + 1);
  }
  out += "* SEARCH" + hits + "\r\n" + sync(false);
  out += tag + " OK " + (uid ? "UID " : "") + "SEARCH completed\r\n";
}

void Server::expunge(const std::string& tag, bool silent, std::string& out) {
  if (read_only_) {
    out += tag + " NO [READ-ONLY] Mailbox is read-only\r\n";
    return;
  }
  store_.expunge(user_, mailbox_);
  const std::string news = sync(true);  // reports our own removals as "* n EXPUNGE"
  if (!silent) out += news;
  out += tag + " OK EXPUNGE completed\r\n";
}

std::string Server::sync(bool allow_expunge) {
  mailstore::Folder* f = folder();
  if (!f || f->version == known_version_) return {};
  std::string out;
  bool deferred = false;
  for (std::size_t i = 0; i < known_uids_.size();) {
    if (f->find_uid(known_uids_[i])) {
      ++i;
      continue;
    }
    if (!allow_expunge) {
      deferred = true;
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
      out += "* " + std::to_string(i + 1) + " FETCH (FLAGS " + flags_text(m->flags) + ")\r\n";
    }
  }
  if (!deferred) known_version_ = f->version;
  return out;
}

}  // namespace mailsim::imap
