#include "sim/proto/imap/args.hpp"

#include <algorithm>

#include <charconv>

namespace mailsim::imap {

namespace {

class Parser {
 public:
  Parser(std::string_view s, const std::vector<std::string>& literals) : s_(s), literals_(literals) {}

  std::optional<std::vector<Arg>> list_until(char close) {
    std::vector<Arg> out;
    while (true) {
      while (i_ < s_.size() && s_[i_] == ' ') ++i_;
      if (i_ >= s_.size()) {
        if (close) return std::nullopt;
        return out;
      }
      if (close && s_[i_] == close) {
        ++i_;
        return out;
      }
      auto a = one();
      if (!a) return std::nullopt;
      out.push_back(std::move(*a));
    }
  }
  bool too_deep() const { return too_deep_; }

 private:
  std::optional<Arg> one() {
    const char c = s_[i_];
    if (c == '(') {
      if (++depth_ > kMaxNesting) {
        too_deep_ = true;
        return std::nullopt;
      }
      ++i_;
      auto items = list_until(')');
      --depth_;
      if (!items) return std::nullopt;
      Arg a;
      a.kind = Arg::Kind::List;
      a.items = std::move(*items);
      return a;
    }
    if (c == '"') return quoted();
    if (c == '{') return literal();
    return atom();
  }

  std::optional<Arg> quoted() {
    Arg a;
    a.kind = Arg::Kind::String;
    for (++i_; i_ < s_.size(); ++i_) {
      char c = s_[i_];
      if (c == '"') {
        ++i_;
        return a;
      }
      if (c == '\\') {
        if (++i_ >= s_.size() || (s_[i_] != '\\' && s_[i_] != '"')) return std::nullopt;
        c = s_[i_];
      }
      a.text += c;
    }
    return std::nullopt;
  }

  std::optional<Arg> literal() {
    const auto close = s_.find('}', i_);
    if (close == std::string_view::npos || next_literal_ >= literals_.size()) return std::nullopt;
    i_ = close + 1;
    Arg a;
    a.kind = Arg::Kind::String;
    a.text = literals_[next_literal_++];
    return a;
  }

  std::optional<Arg> atom() {
    Arg a;
    // Inside "[...]" (a fetch attribute's section), spaces and parentheses belong to the atom. A "]"
    // that closes no "[" is an ASTRING-CHAR like any other (§9: resp-specials are allowed in an
    // astring): "foo]bar" is a mailbox name. A "[" that nothing closes is one too ("foo[bar"): then
    // the atom ends where a plain atom ends.
    const std::size_t start = i_;
    int depth = 0;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '[') ++depth;
      else if (c == ']' && depth > 0) --depth;
      else if (depth == 0 && (c == ' ' || c == '(' || c == ')' || c == '"' || c == '{')) break;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      a.text += c;
      ++i_;
    }
    if (depth != 0) {
      i_ = start;
      a.text.clear();
      while (i_ < s_.size() && std::string_view(" ()\"{").find(s_[i_]) == std::string_view::npos) a.text += s_[i_++];
    }
    if (a.text.empty()) return std::nullopt;
    return a;
  }

  std::string_view s_;
  const std::vector<std::string>& literals_;
  std::size_t i_ = 0;
  std::size_t next_literal_ = 0;
  std::size_t depth_ = 0;  // lists open around the current position
  bool too_deep_ = false;
};

bool number(std::string_view s, std::uint32_t& out) {
  if (s == "*") {
    out = 0;
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out > 0;
}

}  // namespace

std::optional<std::vector<Arg>> parse_args(std::string_view line, const std::vector<std::string>& literals,
                                           std::string* why) {
  Parser parser(line, literals);
  auto args = parser.list_until(0);
  if (!args && parser.too_deep() && why)
    *why = "Parentheses nested too deeply (limit " + std::to_string(kMaxNesting) + " levels)";
  return args;
}

std::optional<SequenceSet> SequenceSet::parse(std::string_view s) {
  SequenceSet set;
  while (!s.empty()) {
    const auto comma = s.find(',');
    const std::string_view part = s.substr(0, comma);
    const auto colon = part.find(':');
    Range r{};
    if (!number(part.substr(0, colon), r.lo)) return std::nullopt;
    r.hi = r.lo;
    if (colon != std::string_view::npos && !number(part.substr(colon + 1), r.hi)) return std::nullopt;
    set.ranges_.push_back(r);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
    if (s.empty()) return std::nullopt;
  }
  if (set.ranges_.empty()) return std::nullopt;
  return set;
}

NumberRanges SequenceSet::numbers(std::uint32_t largest) const {
  std::vector<NumberRanges::Range> out;
  out.reserve(ranges_.size());
  for (const auto& r : ranges_) {
    std::uint32_t lo = r.lo ? r.lo : largest, hi = r.hi ? r.hi : largest;
    if (lo > hi) std::swap(lo, hi);
    if (hi == 0) continue;  // "*" of an empty mailbox
    out.push_back({std::max<std::uint32_t>(lo, 1), hi});
  }
  return NumberRanges(std::move(out));
}

bool SequenceSet::has_star() const {
  return std::any_of(ranges_.begin(), ranges_.end(), [](const Range& r) { return r.lo == 0 || r.hi == 0; });
}

NumberRanges::NumberRanges(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.lo < b.lo; });
  for (const Range& r : ranges) {
    if (!ranges_.empty() && std::uint64_t{r.lo} <= std::uint64_t{ranges_.back().hi} + 1)
      ranges_.back().hi = std::max(ranges_.back().hi, r.hi);
    else
      ranges_.push_back(r);
  }
}

bool NumberRanges::contains(std::uint32_t n) const {
  // The first range ending at or after n holds n if it starts at or before it.
  const auto it = std::lower_bound(ranges_.begin(), ranges_.end(), n, [](const Range& r, std::uint32_t v) { return r.hi < v; });
  return it != ranges_.end() && it->lo <= n;
}

std::uint32_t SequenceSet::largest_named() const {
  std::uint32_t most = 0;
  for (const auto& r : ranges_) most = std::max({most, r.lo, r.hi});
  return most;
}

std::string uid_set(const std::vector<std::uint32_t>& uids) {
  std::string out;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + std::to_string(uids[i]) + (j > i ? ":" + std::to_string(uids[j]) : "");
    i = j + 1;
  }
  return out;
}

std::string flag_list(const std::set<std::string>& flags) {
  std::string out;
  for (const auto& f : flags) out += (out.empty() ? "" : " ") + f;
  return "(" + out + ")";
}

std::string imap_string(std::optional<std::string_view> s) {
  if (!s) return "NIL";
  bool quotable = s->size() < 1024;
  for (unsigned char c : *s)
    if (c == '\r' || c == '\n' || c == 0 || c >= 0x80) quotable = false;
  if (!quotable) return "{" + std::to_string(s->size()) + "}\r\n" + std::string(*s);
  std::string out = "\"";
  for (char c : *s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace mailsim::imap
