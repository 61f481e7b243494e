#include "sim/proto/imap/search.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/dates.hpp"
#include "sim/proto/imap/envelope.hpp"
#include "sim/proto/imap/flags.hpp"
#include "sim/proto/imap/message_view.hpp"

namespace mailsim::imap {

namespace {

using Node = SearchCriteria::Node;
using Kind = Node::Kind;

char fold(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

class Reader {
 public:
  Reader(const SearchBounds& bounds, std::string& error) : bounds_(bounds), error_(error) {}

  // Keys until the end of `keys`, ANDed.
  std::optional<Node> all(const std::vector<Arg>& keys, std::size_t depth) {
    Node n{Kind::And, {}, {}, 0, {}, {}};
    std::size_t i = 0;
    while (i < keys.size()) {
      auto key = one(keys, i, depth);
      if (!key) return std::nullopt;
      n.children.push_back(std::move(*key));
    }
    return n;
  }

 private:
  std::optional<Node> fail() {
    if (error_.empty()) error_ = "Invalid search criteria";
    return std::nullopt;
  }
  std::optional<std::string> text(const std::vector<Arg>& keys, std::size_t& i) {
    if (i >= keys.size() || !keys[i].is_text()) return std::nullopt;
    return keys[i++].text;
  }
  static Node leaf(Kind k, std::string name = {}) { return Node{k, std::move(name), {}, 0, {}, {}}; }
  std::optional<Node> with_needle(Node n, const std::string& needle) {
    if (++string_keys_ > SearchCriteria::kMaxStringKeys) {
      error_ = "Too many string search keys (limit " + std::to_string(SearchCriteria::kMaxStringKeys) + ")";
      return std::nullopt;
    }
    n.needle.emplace(needle);
    return n;
  }

  std::optional<Node> one(const std::vector<Arg>& keys, std::size_t& i, std::size_t depth) {
    if (i >= keys.size()) return fail();
    // Lists, NOT and OR each evaluate their parts one level down: the depth bounds the stack.
    if (depth > kMaxNesting) {
      error_ = "Search criteria nested too deeply (limit " + std::to_string(kMaxNesting) + " levels)";
      return std::nullopt;
    }
    if (++keys_ > SearchCriteria::kMaxKeys) {
      error_ = "Too many search keys (limit " + std::to_string(SearchCriteria::kMaxKeys) + ")";
      return std::nullopt;
    }
    const Arg& a = keys[i++];
    if (a.kind == Arg::Kind::List) return all(a.items, depth + 1);
    const std::string k = proto::to_upper(a.text);
    if (k == "ALL") return leaf(Kind::True);
    if (k == "RECENT") return leaf(Kind::Recent);
    if (k == "OLD") {  // §6.4.4: NOT RECENT
      Node n = leaf(Kind::Not);
      n.children.push_back(leaf(Kind::Recent));
      return n;
    }
    if (k == "NEW") {  // §6.4.4: RECENT UNSEEN
      Node n = leaf(Kind::And);
      n.children.push_back(leaf(Kind::Recent));
      n.children.push_back(leaf(Kind::NoFlag, "\\Seen"));
      return n;
    }
    if (k == "SEEN") return leaf(Kind::Flag, "\\Seen");
    if (k == "UNSEEN") return leaf(Kind::NoFlag, "\\Seen");
    if (k == "DELETED") return leaf(Kind::Flag, "\\Deleted");
    if (k == "UNDELETED") return leaf(Kind::NoFlag, "\\Deleted");
    if (k == "FLAGGED") return leaf(Kind::Flag, "\\Flagged");
    if (k == "UNFLAGGED") return leaf(Kind::NoFlag, "\\Flagged");
    if (k == "ANSWERED") return leaf(Kind::Flag, "\\Answered");
    if (k == "UNANSWERED") return leaf(Kind::NoFlag, "\\Answered");
    if (k == "DRAFT") return leaf(Kind::Flag, "\\Draft");
    if (k == "UNDRAFT") return leaf(Kind::NoFlag, "\\Draft");
    if (k == "KEYWORD" || k == "UNKEYWORD") {
      auto v = text(keys, i);
      if (!v) return fail();
      return leaf(k == "KEYWORD" ? Kind::Flag : Kind::NoFlag, *v);
    }
    if (k == "SUBJECT") {
      auto v = text(keys, i);
      if (!v) return fail();
      return with_needle(leaf(Kind::Header, "Subject"), *v);
    }
    if (k == "FROM" || k == "TO" || k == "CC" || k == "BCC") {
      auto v = text(keys, i);
      if (!v) return fail();
      const char* field = k == "FROM" ? "From" : k == "TO" ? "To" : k == "CC" ? "Cc" : "Bcc";
      return with_needle(leaf(Kind::Address, field), *v);
    }
    if (k == "HEADER") {
      auto name = text(keys, i);
      auto v = name ? text(keys, i) : std::nullopt;
      if (!v) return fail();
      return with_needle(leaf(Kind::Header, *name), *v);
    }
    if (k == "BODY" || k == "TEXT") {
      auto v = text(keys, i);
      if (!v) return fail();
      return with_needle(leaf(k == "BODY" ? Kind::Body : Kind::Text), *v);
    }
    if (k == "SINCE" || k == "BEFORE" || k == "ON" || k == "SENTSINCE" || k == "SENTBEFORE" || k == "SENTON") {
      auto v = text(keys, i);
      auto d = v ? parse_date(*v) : std::nullopt;
      if (!d) return fail();
      const bool sent = k.starts_with("SENT");
      const std::string when = sent ? k.substr(4) : k;
      Node n = leaf(when == "SINCE"    ? (sent ? Kind::SentSince : Kind::Since)
                    : when == "BEFORE" ? (sent ? Kind::SentBefore : Kind::Before)
                                       : (sent ? Kind::SentOn : Kind::On));
      n.number = *d;
      reads_date = reads_date || sent;
      return n;
    }
    if (k == "LARGER" || k == "SMALLER") {
      auto v = text(keys, i);
      std::uint32_t size = 0;  // §9: number
      if (!v || std::from_chars(v->data(), v->data() + v->size(), size).ptr != v->data() + v->size() || v->empty())
        return fail();
      Node n = leaf(k == "LARGER" ? Kind::Larger : Kind::Smaller);
      n.number = size;
      return n;
    }
    if (k == "NOT") {
      auto x = one(keys, i, depth + 1);
      if (!x) return std::nullopt;
      Node n = leaf(Kind::Not);
      n.children.push_back(std::move(*x));
      return n;
    }
    if (k == "OR") {
      auto x = one(keys, i, depth + 1);
      auto y = x ? one(keys, i, depth + 1) : std::nullopt;
      if (!y) return std::nullopt;
      Node n = leaf(Kind::Or);
      n.children.push_back(std::move(*x));
      n.children.push_back(std::move(*y));
      return n;
    }
    if (k == "UID") {
      auto v = text(keys, i);
      auto set = v ? SequenceSet::parse(*v) : std::nullopt;
      if (!set) return fail();
      Node n = leaf(Kind::Uid);
      n.set.emplace(set->numbers(bounds_.largest_uid));
      return n;
    }
    if (auto set = SequenceSet::parse(a.text)) {
      Node n = leaf(Kind::Seq);
      n.set.emplace(set->numbers(bounds_.count));
      return n;
    }
    return fail();
  }

  const SearchBounds& bounds_;
  std::string& error_;
  std::size_t keys_ = 0, string_keys_ = 0;

 public:
  bool reads_date = false;
};

// One message, its header read once for all the keys.
struct Subject {
  const mailstore::StoredMessage& m;
  std::uint32_t seq;
  bool recent;
  std::int64_t day;       // of the internal date
  std::int64_t sent_day;  // of the Date field (the internal date's when there is no readable one)
  MessageView view;
};

bool any_field_has(const Subject& s, const Node& n, bool addresses) {
  // Every field of that name counts (a message may have two To fields), each as written and, for
  // address fields, as its addresses without comments.
  for (const std::string& value : s.view.fields(n.name))
    if (n.needle->found_in(value) || (addresses && n.needle->found_in(address_text(value)))) return true;
  return false;
}

bool eval(const Node& n, const Subject& s) {
  switch (n.kind) {
    case Kind::True: return true;
    case Kind::False: return false;
    case Kind::Flag: return has_flag(s.m.flags, n.name);
    case Kind::NoFlag: return !has_flag(s.m.flags, n.name);
    case Kind::Recent: return s.recent;
    case Kind::Header: return any_field_has(s, n, false);
    case Kind::Address: return any_field_has(s, n, true);
    case Kind::Body: return n.needle->found_in(s.view.text());
    case Kind::Text: return n.needle->found_in(s.m.raw);
    case Kind::Since: return s.day >= n.number;
    case Kind::Before: return s.day < n.number;
    case Kind::On: return s.day == n.number;
    case Kind::SentSince: return s.sent_day >= n.number;
    case Kind::SentBefore: return s.sent_day < n.number;
    case Kind::SentOn: return s.sent_day == n.number;
    case Kind::Larger: return s.m.raw.size() > static_cast<std::uint64_t>(n.number);
    case Kind::Smaller: return s.m.raw.size() < static_cast<std::uint64_t>(n.number);
    case Kind::Uid: return n.set->contains(s.m.uid);
    case Kind::Seq: return n.set->contains(s.seq);
    case Kind::Not: return !eval(n.children[0], s);
    case Kind::Or: return eval(n.children[0], s) || eval(n.children[1], s);
    case Kind::And:
      for (const Node& c : n.children)
        if (!eval(c, s)) return false;
      return true;
  }
  return false;
}

}  // namespace

FoldedNeedle::FoldedNeedle(std::string_view needle) : needle_(proto::to_upper(needle)), border_(needle_.size(), 0) {
  for (std::size_t i = 1, k = 0; i < needle_.size(); ++i) {
    while (k > 0 && needle_[i] != needle_[k]) k = border_[k - 1];
    if (needle_[i] == needle_[k]) ++k;
    border_[i] = k;
  }
}

bool FoldedNeedle::found_in(std::string_view text, std::size_t* steps) const {
  if (needle_.empty()) return true;
  std::size_t k = 0, compared = 0;  // needle characters matched so far; comparisons made
  bool found = false;
  for (const char ch : text) {
    // A mismatch falls back to a shorter border instead of rereading the text. Each fallback undoes
    // at least one earlier match, so there are no more fallbacks than characters: 2 * text.size()
    // comparisons at most.
    const char c = fold(ch);
    while (true) {
      ++compared;
      if (c == needle_[k]) {
        ++k;
        break;
      }
      if (k == 0) break;
      k = border_[k - 1];
    }
    if (k == needle_.size()) {
      found = true;
      break;
    }
  }
  if (steps) *steps += compared;
  return found;
}

std::optional<SearchCriteria> SearchCriteria::parse(const std::vector<Arg>& keys, const SearchBounds& bounds,
                                                    std::string& error) {
  if (keys.empty()) {
    error = "Syntax: SEARCH keys";
    return std::nullopt;
  }
  Reader reader(bounds, error);
  auto root = reader.all(keys, 0);
  if (!root) return std::nullopt;
  SearchCriteria c;
  c.all_ = std::move(root->children);
  c.reads_date_ = reader.reads_date;
  c.epoch_seconds_ = bounds.epoch_seconds;
  return c;
}

bool SearchCriteria::matches(const mailstore::StoredMessage& m, std::uint32_t seq, bool recent) const {
  const std::int64_t secs = epoch_seconds_ + m.internal_date / kSecond;
  const std::int64_t day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  MessageView view(m.raw);
  std::int64_t sent = day;
  if (reads_date_)
    if (const auto date = view.field("Date"))
      if (const auto d = rfc5322_day(*date)) sent = *d;
  const Subject s{m, seq, recent, day, sent, std::move(view)};
  for (const Node& n : all_)
    if (!eval(n, s)) return false;
  return true;
}

}  // namespace mailsim::imap
