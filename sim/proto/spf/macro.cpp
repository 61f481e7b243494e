// RFC 7208 §7.1 grammar and §7.3 expansion:
//
//   macro-string = *( macro-expand / macro-literal )
//   macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
//   transformers = *DIGIT [ "r" ]
//   delimiter    = "." / "-" / "+" / "," / "/" / "_" / "="
//   domain-spec  = macro-string domain-end
//   domain-end   = ( "." toplabel [ "." ] ) / macro-expand
//
// ABNF strings are case-insensitive, so "%{D2R}" is "%{d2r}" with URL-escaping (§7.3).
#include "sim/proto/spf/macro.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace mailsim::spf {

namespace {

constexpr std::string_view kLetters = "slodiphcrtv";
constexpr std::string_view kExplanationOnly = "crt";
constexpr std::string_view kDelimiters = ".-+,/_=";
// Keeping more parts than a 253-character name can have is keeping all of them.
constexpr unsigned kMaxKeep = 128;

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
bool is_toplabel(std::string_view l) {
  if (l.empty()) return false;
  bool alpha = false, dash = false;
  for (char c : l) {
    if (c == '-') dash = true;
    else if (!is_alnum(c)) return false;
    if (is_alpha(c)) alpha = true;
  }
  if (dash) return l.front() != '-' && l.back() != '-';
  return alpha;
}

// The literal text a domain-spec ends with must be "." toplabel [ "." ].
bool ends_in_toplabel(std::string_view tail) {
  if (!tail.empty() && tail.back() == '.') tail.remove_suffix(1);
  const std::size_t dot = tail.rfind('.');
  return dot != std::string_view::npos && is_toplabel(tail.substr(dot + 1));
}

std::string shown(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string url_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    // RFC 3986 §2.3 unreserved characters stay as they are.
    if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0F];
    }
  }
  return out;
}

std::string transform(const std::string& value, const Macro& m) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : value) {
    if (m.delimiters.find(c) != std::string::npos) {
      parts.push_back(std::move(part));
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(std::move(part));
  if (m.reverse) std::reverse(parts.begin(), parts.end());
  std::size_t first = 0;
  if (m.keep != 0 && m.keep < parts.size()) first = parts.size() - m.keep;
  std::string out;
  for (std::size_t i = first; i < parts.size(); ++i) {
    if (i > first) out += '.';  // §7.3: the parts are joined with "." whatever split them
    out += parts[i];
  }
  return m.url_escape ? url_escape(out) : out;
}

}  // namespace

bool MacroString::uses(char letter) const {
  for (const Piece& p : pieces) {
    if (p.macro && p.macro->letter == letter) return true;
  }
  return false;
}

std::optional<MacroString> parse_macro_string(std::string_view text, MacroSyntax syntax, std::string& error) {
  MacroString out;
  out.text = std::string(text);
  bool ends_with_macro = false;
  std::size_t literal_start = 0;  // where the literal text after the last macro-expand begins
  auto add_literal = [&](std::string_view lit) {
    if (out.pieces.empty() || out.pieces.back().macro) out.pieces.push_back({});
    out.pieces.back().literal += lit;
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c != '%') {
      const bool visible = u >= 0x21 && u <= 0x7E;
      if (!visible && !(c == ' ' && syntax == MacroSyntax::Explanation)) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(u));
        error = shown(text) + ": the octet " + buf + " at offset " + std::to_string(i) +
                " is not allowed (only visible ASCII characters" +
                (syntax == MacroSyntax::Explanation ? " and spaces)" : ")");
        return std::nullopt;
      }
      add_literal(text.substr(i, 1));
      ends_with_macro = false;
      ++i;
      continue;
    }
    if (i + 1 >= text.size()) {
      error = shown(text) + ": a '%' at the end (write %% for a percent sign)";
      return std::nullopt;
    }
    const char next = text[i + 1];
    if (next == '%' || next == '_' || next == '-') {
      add_literal(next == '%' ? "%" : next == '_' ? " " : "%20");
      i += 2;
      ends_with_macro = true;
      literal_start = i;
      continue;
    }
    if (next != '{') {
      error = shown(text) + ": '%" + std::string(1, next) + "' is not a macro (after '%' comes '{', '%', '_' or '-')";
      return std::nullopt;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      error = shown(text) + ": a macro opened with '%{' is not closed with '}'";
      return std::nullopt;
    }
    const std::string_view body = text.substr(i + 2, close - i - 2);
    const std::string whole(text.substr(i, close - i + 1));
    if (body.empty()) {
      error = shown(whole) + ": a macro needs a letter";
      return std::nullopt;
    }
    Macro m;
    const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(body[0])));
    if (kLetters.find(letter) == std::string_view::npos) {
      error = shown(whole) + ": '" + std::string(1, body[0]) + "' is not a macro letter (s l o d i p h c r t v)";
      return std::nullopt;
    }
    if (syntax == MacroSyntax::DomainSpec && kExplanationOnly.find(letter) != std::string_view::npos) {
      error = shown(whole) + ": the '" + std::string(1, letter) + "' macro is allowed only in explanation text";
      return std::nullopt;
    }
    m.letter = letter;
    m.url_escape = std::isupper(static_cast<unsigned char>(body[0])) != 0;
    std::size_t j = 1;
    bool digits = false;
    unsigned keep = 0;
    while (j < body.size() && std::isdigit(static_cast<unsigned char>(body[j]))) {
      digits = true;
      keep = std::min(kMaxKeep, keep * 10 + static_cast<unsigned>(body[j] - '0'));
      ++j;
    }
    if (digits && keep == 0) {
      error = shown(whole) + ": the number of parts to keep must not be zero";
      return std::nullopt;
    }
    m.keep = keep;
    if (j < body.size() && (body[j] == 'r' || body[j] == 'R')) {
      m.reverse = true;
      ++j;
    }
    if (j < body.size()) m.delimiters.clear();
    for (; j < body.size(); ++j) {
      if (kDelimiters.find(body[j]) == std::string_view::npos) {
        error = shown(whole) + ": '" + std::string(1, body[j]) + "' is not a delimiter (. - + , / _ =)";
        return std::nullopt;
      }
      m.delimiters += body[j];
    }
    out.pieces.push_back({{}, m});
    i = close + 1;
    ends_with_macro = true;
    literal_start = i;
  }
  if (syntax == MacroSyntax::DomainSpec) {
    if (text.empty()) {
      error = "a domain-spec cannot be empty";
      return std::nullopt;
    }
    if (!ends_with_macro && !ends_in_toplabel(text.substr(literal_start))) {
      error = shown(text) + ": a domain-spec must end in a top-level label (like '.example') or a macro";
      return std::nullopt;
    }
  }
  return out;
}

std::string macro_value(char letter, const MacroValues& v) {
  switch (letter) {
    case 's': return v.sender;
    case 'l': return v.local_part;
    case 'o': return v.sender_domain;
    case 'd': return v.domain;
    case 'h': return v.helo;
    case 'p': return v.validated;
    case 'r': return v.receiver;
    case 't': return std::to_string(v.timestamp);
    case 'v': return v.ip.v4() ? "in-addr" : "ip6";
    case 'c': return dns::to_string(v.ip);
    case 'i': {
      if (v.ip.v4()) return dns::to_string(v.ip);
      static constexpr char kHex[] = "0123456789ABCDEF";
      std::string out;
      for (std::size_t k = 0; k < 16; ++k) {
        if (k) out += '.';
        out += kHex[v.ip.octets[k] >> 4];
        out += '.';
        out += kHex[v.ip.octets[k] & 0x0F];
      }
      return out;
    }
    default: return {};
  }
}

std::string expand(const MacroString& s, const MacroValues& v, std::size_t limit) {
  std::string out;
  for (const MacroString::Piece& p : s.pieces) {
    if (out.size() >= limit) break;
    out += p.macro ? transform(macro_value(p.macro->letter, v), *p.macro) : p.literal;
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string expand_domain(const MacroString& s, const MacroValues& v) {
  // Only the last 254 characters (253 and the dot before them) can survive the cut below; keeping a
  // tail of 1024 while the pieces come in gives the same name without holding all of a long one.
  constexpr std::size_t kTail = 1024;
  std::string name;
  for (const MacroString::Piece& p : s.pieces) {
    name += p.macro ? transform(macro_value(p.macro->letter, v), *p.macro) : p.literal;
    if (name.size() > 4 * kTail) name.erase(0, name.size() - kTail);
  }
  if (!name.empty() && name.back() == '.') name.pop_back();
  while (name.size() > 253) {
    const std::size_t dot = name.find('.');
    if (dot == std::string::npos) break;  // one label over 253: left for the caller to refuse
    name.erase(0, dot + 1);
  }
  return name;
}

}  // namespace mailsim::spf
