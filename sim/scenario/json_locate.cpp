#include "sim/scenario/json_locate.hpp"

#include <cstdint>
#include <set>
#include <vector>

namespace mailsim::scenario {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A forward-only reader over text nlohmann has already accepted, so it needs no error reporting:
// on anything unexpected it simply stops at the end.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {
    if (s_.substr(0, kBom.size()) == kBom) i_ = kBom.size();
    ws();
  }
  std::size_t pos() const { return i_; }
  bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool eat(char c) {
    if (!at(c)) return false;
    ++i_;
    ws();
    return true;
  }
  void ws() {
    while (i_ < s_.size() && is_ws(s_[i_])) ++i_;
  }

  // At '"': decodes the string (escapes included, so keys compare as nlohmann sees them).
  std::string string() {
    std::string out;
    ++i_;  // opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] != '\\') {
        out += s_[i_++];
        continue;
      }
      if (++i_ >= s_.size()) break;
      const char e = s_[i_++];
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = hex4();
          // A high surrogate followed by "\uDC00".."\uDFFF" is one code point beyond the BMP.
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            const std::uint32_t low = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: out += e;  // '"', '\\', '/'
      }
    }
    ++i_;  // closing quote
    ws();
    return out;
  }

  void skip_value() {
    if (at('"')) {
      string();
      return;
    }
    if (at('{') || at('[')) {
      int depth = 0;
      while (i_ < s_.size()) {
        const char c = s_[i_];
        if (c == '"') {
          string();
          continue;
        }
        ++i_;
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) break;
      }
      ws();
      return;
    }
    // number, true, false, null
    while (i_ < s_.size() && !is_ws(s_[i_]) && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']') ++i_;
    ws();
  }

 private:
  std::uint32_t hex4() {
    std::uint32_t v = 0;
    for (int k = 0; k < 4 && i_ < s_.size(); ++k, ++i_) {
      const char c = s_[i_];
      v = v * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t i = pointer.front() == '/' ? 1 : 0;
  std::string tok;
  for (; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(tok);
      tok.clear();
    } else if (pointer[i] == '~' && i + 1 < pointer.size()) {
      tok += pointer[++i] == '1' ? '/' : '~';
    } else {
      tok += pointer[i];
    }
  }
  return tokens;
}

std::optional<std::size_t> parse_index(const std::string& tok) {
  if (tok.empty() || tok.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : tok) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

// Cursor at a value; descends along tokens[k..]. Returns the byte offset of the target.
std::optional<std::size_t> descend(Cursor& c, const std::vector<std::string>& tokens, std::size_t k,
                                   bool at_key) {
  for (; k < tokens.size(); ++k) {
    const std::string& tok = tokens[k];
    if (c.eat('{')) {
      bool found = false;
      while (c.at('"')) {
        const std::size_t key_pos = c.pos();
        const std::string key = c.string();
        c.eat(':');
        if (key == tok) {
          if (at_key && k + 1 == tokens.size()) return key_pos;
          found = true;
          break;
        }
        c.skip_value();
        c.eat(',');
      }
      if (!found) return std::nullopt;
    } else if (c.eat('[')) {
      const auto index = parse_index(tok);
      if (!index) return std::nullopt;
      for (std::size_t n = 0; n < *index; ++n) {
        if (c.at(']')) return std::nullopt;
        c.skip_value();
        if (!c.eat(',')) return std::nullopt;
      }
      if (c.at(']')) return std::nullopt;
    } else {
      return std::nullopt;  // a scalar has no members
    }
  }
  return c.pos();
}

// Depth-first search for a repeated key; `depth` keeps hostile nesting from exhausting the stack:
// what lies deeper is skipped (without recursion), so the keys after it are still compared.
std::optional<DuplicateKey> dup_in_value(Cursor& c, std::string_view text, const std::string& path,
                                         int depth) {
  if (depth > 256) {
    c.skip_value();
    return std::nullopt;
  }
  if (c.eat('{')) {
    std::set<std::string> seen;
    while (c.at('"')) {
      const std::size_t key_pos = c.pos();
      const std::string key = c.string();
      c.eat(':');
      const std::string child = path + "/" + pointer_escape(key);
      if (!seen.insert(key).second) return DuplicateKey{child, key, position_of_offset(text, key_pos)};
      if (auto d = dup_in_value(c, text, child, depth + 1)) return d;
      c.eat(',');
    }
    c.eat('}');
    return std::nullopt;
  }
  if (c.eat('[')) {
    for (std::size_t n = 0; !c.at(']'); ++n) {
      const std::size_t before = c.pos();
      if (auto d = dup_in_value(c, text, path + "/" + std::to_string(n), depth + 1)) return d;
      c.eat(',');
      if (c.pos() == before) break;  // malformed input: never loop
    }
    c.eat(']');
    return std::nullopt;
  }
  c.skip_value();
  return std::nullopt;
}

}  // namespace

SourcePos position_of_offset(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t start = text.substr(0, kBom.size()) == kBom && offset >= kBom.size() ? kBom.size() : 0;
  SourcePos p{1, 1};
  for (std::size_t i = start; i < offset; ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++p.column;
    }
  }
  return p;
}

std::optional<SourcePos> locate(std::string_view text, std::string_view pointer, bool at_key) {
  Cursor c(text);
  const auto offset = descend(c, split_pointer(pointer), 0, at_key);
  if (!offset) return std::nullopt;
  return position_of_offset(text, *offset);
}

std::string pointer_escape(std::string_view token) {
  std::string out;
  for (char ch : token) {
    if (ch == '~') out += "~0";
    else if (ch == '/') out += "~1";
    else out += ch;
  }
  return out;
}

std::optional<DuplicateKey> find_duplicate_key(std::string_view text) {
  Cursor c(text);
  return dup_in_value(c, text, "", 0);
}

}  // namespace mailsim::scenario
