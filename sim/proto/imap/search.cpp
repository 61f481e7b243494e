#include "sim/proto/imap/search.hpp"

#include <cstdio>
#include <cstring>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/imap/flags.hpp"
#include "sim/proto/imap/message_view.hpp"

namespace mailsim::imap {

namespace {

// "3-Nov-2025" -> days since 1970-01-01.
std::optional<std::int64_t> parse_date(const std::string& s) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int d = 0, y = 0;
  char mon[4] = {};
  if (std::sscanf(s.c_str(), "%d-%3s-%d", &d, mon, &y) != 3) return std::nullopt;
  int m = 0;
  while (m < 12 && !proto::iequals(kMonths[m], mon)) ++m;
  if (m == 12 || d < 1 || d > 31) return std::nullopt;
  // Howard Hinnant's days_from_civil.
  const int mm = m + 1;
  y -= mm <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (proto::iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

class Eval {
 public:
  Eval(const std::vector<Arg>& keys, const SearchContext& ctx) : keys_(keys), ctx_(ctx), view_(ctx.message.raw) {}

  std::optional<bool> all() {
    bool result = true;
    while (i_ < keys_.size()) {
      auto r = one();
      if (!r) return std::nullopt;
      result = result && *r;
    }
    return result;
  }

 private:
  const Arg* next() { return i_ < keys_.size() ? &keys_[i_++] : nullptr; }
  std::optional<std::string> text_arg() {
    const Arg* a = next();
    if (!a || !a->is_text()) return std::nullopt;
    return a->text;
  }
  bool flag(std::string_view f) const { return has_flag(ctx_.message.flags, f); }
  std::int64_t day() const {
    const std::int64_t secs = ctx_.epoch_seconds + ctx_.message.internal_date / kSecond;
    return secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  }

  std::optional<bool> one() {
    const Arg* a = next();
    if (!a) return std::nullopt;
    if (a->kind == Arg::Kind::List) {
      Eval inner(a->items, ctx_);
      return inner.all();
    }
    const std::string k = proto::to_upper(a->text);
    if (k == "ALL") return true;
    if (k == "SEEN") return flag("\\Seen");
    if (k == "UNSEEN" || k == "NEW") return !flag("\\Seen");
    if (k == "OLD" || k == "RECENT") return k == "OLD";
    if (k == "DELETED") return flag("\\Deleted");
    if (k == "UNDELETED") return !flag("\\Deleted");
    if (k == "FLAGGED") return flag("\\Flagged");
    if (k == "UNFLAGGED") return !flag("\\Flagged");
    if (k == "ANSWERED") return flag("\\Answered");
    if (k == "UNANSWERED") return !flag("\\Answered");
    if (k == "DRAFT") return flag("\\Draft");
    if (k == "UNDRAFT") return !flag("\\Draft");
    if (k == "KEYWORD" || k == "UNKEYWORD") {
      auto v = text_arg();
      if (!v) return std::nullopt;
      return flag(*v) == (k == "KEYWORD");
    }
    if (k == "FROM" || k == "TO" || k == "CC" || k == "BCC" || k == "SUBJECT") {
      auto v = text_arg();
      if (!v) return std::nullopt;
      std::string field = k == "SUBJECT" ? "Subject" : k == "FROM" ? "From" : k == "TO" ? "To" : k == "CC" ? "Cc" : "Bcc";
      return contains_ci(view_.field(field).value_or(""), *v);
    }
    if (k == "HEADER") {
      auto name = text_arg();
      auto v = text_arg();
      if (!name || !v) return std::nullopt;
      auto field = view_.field(*name);
      return field && contains_ci(*field, *v);
    }
    if (k == "BODY" || k == "TEXT") {
      auto v = text_arg();
      if (!v) return std::nullopt;
      return contains_ci(k == "BODY" ? view_.text() : std::string_view(ctx_.message.raw), *v);
    }
    if (k == "SINCE" || k == "BEFORE" || k == "ON") {
      auto v = text_arg();
      auto d = v ? parse_date(*v) : std::nullopt;
      if (!d) return std::nullopt;
      return k == "SINCE" ? day() >= *d : k == "BEFORE" ? day() < *d : day() == *d;
    }
    if (k == "LARGER" || k == "SMALLER") {
      auto v = text_arg();
      if (!v) return std::nullopt;
      const auto n = std::strtoull(v->c_str(), nullptr, 10);
      return k == "LARGER" ? ctx_.message.raw.size() > n : ctx_.message.raw.size() < n;
    }
    if (k == "NOT") {
      auto r = one();
      if (!r) return std::nullopt;
      return !*r;
    }
    if (k == "OR") {
      auto x = one();
      auto y = one();
      if (!x || !y) return std::nullopt;
      return *x || *y;
    }
    if (k == "UID") {
      auto v = text_arg();
      auto set = v ? SequenceSet::parse(*v) : std::nullopt;
      if (!set) return std::nullopt;
      return set->contains(ctx_.message.uid, ctx_.largest_uid);
    }
    if (auto set = SequenceSet::parse(a->text)) return set->contains(ctx_.seq, ctx_.count);
    return std::nullopt;
  }

  const std::vector<Arg>& keys_;
  const SearchContext& ctx_;
  MessageView view_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<bool> matches(const std::vector<Arg>& keys, const SearchContext& ctx) { return Eval(keys, ctx).all(); }

}  // namespace mailsim::imap
