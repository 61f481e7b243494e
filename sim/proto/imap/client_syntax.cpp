#include "sim/proto/imap/client_syntax.hpp"

#include <utility>

namespace mailsim::imap::client_syntax {

namespace {

// ATOM-CHAR (§9): any CHAR except atom-specials: ( ) { SP CTL % * " \ ].
bool atom_char(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return false;
  switch (c) {
    case '(': case ')': case '{': case '%': case '*': case '"': case '\\': case ']': return false;
    default: return true;
  }
}

// The literal length when `line` ends with "{n}", else nullopt.
std::optional<std::size_t> literal_at_end(std::string_view line) {
  if (line.size() < 3 || line.back() != '}') return std::nullopt;
  const std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  const std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  std::size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

constexpr int kMaxDepth = 32;  // nested lists; BODYSTRUCTURE needs a handful, not more

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::optional<Value> list(int depth) {
    if (depth > kMaxDepth || !eat('(')) return std::nullopt;
    Value v{Value::Kind::List, {}, {}};
    while (true) {
      while (eat(' ')) {
      }
      if (eat(')')) return v;
      if (pos_ >= s_.size()) return std::nullopt;
      std::optional<Value> item = value(depth);
      if (!item) return std::nullopt;
      v.items.push_back(std::move(*item));
    }
  }

 private:
  bool eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<Value> value(int depth) {
    const char c = s_[pos_];
    if (c == '(') return list(depth + 1);
    if (c == '"') return quoted();
    if (c == '{') return literal();
    return atom();
  }

  std::optional<Value> quoted() {
    ++pos_;
    Value v{Value::Kind::String, {}, {}};
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return v;
      if (c == '\\') {
        if (pos_ >= s_.size()) break;
        c = s_[pos_++];
      }
      v.text += c;
    }
    return std::nullopt;
  }

  std::optional<Value> literal() {
    const std::size_t close = s_.find('}', pos_);
    if (close == std::string_view::npos) return std::nullopt;
    const std::optional<std::uint32_t> n = parse_number(s_.substr(pos_ + 1, close - pos_ - 1));
    if (!n || s_.substr(close + 1, 2) != "\r\n" || s_.size() - (close + 3) < *n) return std::nullopt;
    Value v{Value::Kind::String, std::string(s_.substr(close + 3, *n)), {}};
    pos_ = close + 3 + *n;
    return v;
  }

  // An atom, or a fetch key like BODY[HEADER.FIELDS (FROM TO)]<0.100> whose brackets hold spaces.
  std::optional<Value> atom() {
    const std::size_t start = pos_;
    int brackets = 0;
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        if (brackets == 0) break;
        --brackets;
      } else if (brackets == 0 && (c == ' ' || c == '(' || c == ')')) {
        break;
      }
      ++pos_;
    }
    if (pos_ == start || brackets != 0) return std::nullopt;
    const std::string_view text = s_.substr(start, pos_ - start);
    if (proto::iequals(text, "NIL")) return Value{Value::Kind::Nil, {}, {}};
    return Value{Value::Kind::Atom, std::string(text), {}};
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

std::string_view word(std::string_view& s) {
  const std::size_t space = s.find(' ');
  const std::string_view w = s.substr(0, space);
  s.remove_prefix(space == std::string_view::npos ? s.size() : space + 1);
  return w;
}

}  // namespace

void append_astring(std::vector<std::string>& parts, std::string_view s) {
  if (parts.empty()) parts.emplace_back();
  bool atom = !s.empty();
  bool quotable = true;
  for (unsigned char c : s) {
    atom = atom && atom_char(c);
    quotable = quotable && c != 0 && c != '\r' && c != '\n' && c < 0x80;
  }
  if (atom) {
    parts.back().append(s);
  } else if (quotable) {
    std::string& p = parts.back();
    p += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') p += '\\';
      p += c;
    }
    p += '"';
  } else {
    parts.back() += "{" + std::to_string(s.size()) + "}\r\n";
    parts.emplace_back(s);
  }
}

ResponseReader::ResponseReader(std::size_t max_line, std::size_t max_literal)
    : lines_(max_line), max_literal_(max_literal), max_response_(max_literal + 16 * max_line) {}

std::optional<std::string> ResponseReader::next() {
  while (error_.empty()) {
    if (literal_left_ > 0) {
      const std::string bytes = lines_.take_raw(literal_left_);
      partial_ += bytes;
      literal_left_ -= bytes.size();
      if (literal_left_ > 0) return std::nullopt;
    }
    std::optional<proto::Line> line = lines_.next();
    if (!line) return std::nullopt;
    if (line->too_long || partial_.size() + line->text.size() > max_response_) {
      error_ = "response line too long";
      break;
    }
    partial_ += line->text;
    const std::optional<std::size_t> n = literal_at_end(line->text);
    if (!n) return std::exchange(partial_, {});
    if (*n > max_literal_ || partial_.size() + *n > max_response_) {
      error_ = "literal of " + std::to_string(*n) + " octets is too large";
      break;
    }
    partial_ += "\r\n";
    literal_left_ = *n;
  }
  partial_.clear();
  return std::nullopt;
}

std::optional<Value> parse_list(std::string_view s) { return Scanner(s).list(0); }

std::optional<std::uint32_t> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > 0xffffffffULL) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

std::optional<Response> classify(std::string_view raw) {
  Response r;
  std::string_view rest = raw;
  const std::string_view first = word(rest);
  if (first == "+") {
    r.kind = Response::Kind::Continuation;
    r.text = rest;
    return r;
  }
  if (first.empty()) return std::nullopt;
  if (first == "*") {
    r.kind = Response::Kind::Untagged;
    std::string_view peek = rest;
    if (const auto n = parse_number(word(peek))) {
      r.number = n;
      rest = peek;
    }
  } else {
    r.kind = Response::Kind::Tagged;
    r.tag = first;
  }
  r.name = proto::to_upper(word(rest));
  if (r.name.empty()) return std::nullopt;
  r.text = rest;
  if (!rest.empty() && rest.front() == '[') {
    const std::size_t close = rest.find(']');
    if (close != std::string_view::npos) {
      std::string_view code = rest.substr(1, close - 1);
      r.code = proto::to_upper(word(code));
      r.code_arg = code;
    }
  }
  return r;
}

}  // namespace mailsim::imap::client_syntax
