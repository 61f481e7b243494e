// Address lists (RFC 5322 §3.4), as much as a classroom meets: name-addr, bare addr-spec, quoted
// display names, comments, groups and obsolete source routes. Two passes: a lexer that turns the text
// into tokens (dropping comments, decoding quoted strings), then a splitter that cuts the tokens into
// entries at the commas and group marks outside angle brackets. Junk never throws; it is skipped.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/message/message.hpp"

namespace mailsim::message {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_high(char c) { return static_cast<unsigned char>(c) >= 0x80; }  // RFC 6532 UTF-8

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// RFC 5322 §3.2.3 atext, plus "." so that a dot-atom reads as one run.
bool is_atext_or_dot(char c) {
  return is_alnum(c) || is_high(c) || (c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~.", c) != nullptr);
}

enum class Kind { Atom, Quoted, Literal, Special };

struct Token {
  Kind kind;
  std::string raw;    // as written (quotes and escapes kept): what an address is rebuilt from
  std::string text;   // decoded (quotes removed): what a display name is rebuilt from
  bool space_before;  // white space or a comment came before it
};

bool is_special(const Token& t, char c) { return t.kind == Kind::Special && t.raw[0] == c; }

std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  bool space = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_wsp(c)) {
      space = true;
      ++i;
    } else if (c == '(') {  // a comment, nested and with quoted-pairs; it counts as white space
      int depth = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '\\') {
          ++i;
        } else if (s[i] == '(') {
          ++depth;
        } else if (s[i] == ')' && --depth == 0) {
          ++i;
          break;
        }
      }
      space = true;
    } else if (c == '"') {  // an unclosed quote runs to the end
      const std::size_t start = i++;
      std::string text;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        text += s[i++];
      }
      if (i < s.size()) ++i;
      out.push_back(Token{Kind::Quoted, std::string(s.substr(start, i - start)), text, space});
      space = false;
    } else if (c == '[') {  // a domain literal, "[192.0.2.1]"
      const std::size_t close = s.find(']', i);
      const std::size_t end = close == std::string_view::npos ? s.size() : close + 1;
      std::string raw(s.substr(i, end - i));
      out.push_back(Token{Kind::Literal, raw, raw, space});
      i = end;
      space = false;
    } else if (std::strchr("<>,:;@)]", c) != nullptr) {
      out.push_back(Token{Kind::Special, std::string(1, c), std::string(1, c), space});
      ++i;
      space = false;
    } else {
      const std::size_t start = i;
      while (i < s.size() && !is_wsp(s[i]) && std::strchr("()<>[]:;@,\"", s[i]) == nullptr) ++i;
      std::string raw(s.substr(start, i - start));
      out.push_back(Token{Kind::Atom, raw, raw, space});
      space = false;
    }
  }
  return out;
}

using Iter = std::vector<Token>::const_iterator;

// Joins tokens as written, with one space where there was white space, so that parse_addr_spec
// sees (and rejects) "a b@c" rather than a silently glued "ab@c".
std::string join_raw(Iter first, Iter last) {
  std::string out;
  for (Iter it = first; it != last; ++it) {
    if (it != first && it->space_before) out += ' ';
    out += it->raw;
  }
  return out;
}

std::string join_phrase(Iter first, Iter last) {
  std::string out;
  for (Iter it = first; it != last; ++it) {
    if (it != first && it->space_before) out += ' ';
    out += it->text;
  }
  return out;
}

std::optional<Mailbox> mailbox_from(const std::vector<Token>& entry) {
  const Iter lt = std::find_if(entry.begin(), entry.end(), [](const Token& t) { return is_special(t, '<'); });
  if (lt == entry.end()) return parse_addr_spec(join_raw(entry.begin(), entry.end()));

  const Iter gt = std::find_if(lt, entry.end(), [](const Token& t) { return is_special(t, '>'); });
  if (gt == entry.end()) return std::nullopt;
  // RFC 5322 §4.4 obs-route "<@relay1,@relay2:alice@a.example>": the route is dropped.
  Iter first = lt + 1;
  for (Iter it = first; it != gt; ++it) {
    if (is_special(*it, ':')) first = it + 1;
  }
  std::optional<Mailbox> mb = parse_addr_spec(join_raw(first, gt));
  if (mb) mb->display_name = join_phrase(entry.begin(), lt);
  return mb;
}

bool valid_domain(std::string_view d) {
  if (d.empty()) return false;
  if (d.front() == '[') {  // domain literal: "[" dtext "]"
    if (d.size() < 3 || d.back() != ']') return false;
    const std::string_view inner = d.substr(1, d.size() - 2);
    return std::none_of(inner.begin(), inner.end(),
                        [](char c) { return is_wsp(c) || c == '[' || c == ']' || c == '\\'; });
  }
  if (d.front() == '.' || d.back() == '.' || d.find("..") != std::string_view::npos) return false;
  return std::all_of(d.begin(), d.end(),
                     [](char c) { return is_alnum(c) || is_high(c) || c == '-' || c == '.' || c == '_'; });
}

}  // namespace

std::optional<Mailbox> parse_addr_spec(std::string_view text) {
  std::string_view s = text;
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);

  std::size_t at = 0;
  if (!s.empty() && s.front() == '"') {
    // A quoted local part ("john doe"@x) is the one place white space may appear.
    std::size_t i = 1;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\r' || s[i] == '\n') return std::nullopt;
      i += s[i] == '\\' ? 2 : 1;
    }
    if (i >= s.size()) return std::nullopt;
    at = i + 1;
    if (at >= s.size() || s[at] != '@') return std::nullopt;
  } else {
    at = s.find('@');
    if (at == std::string_view::npos || at == 0) return std::nullopt;
    const std::string_view local = s.substr(0, at);
    if (!std::all_of(local.begin(), local.end(), is_atext_or_dot)) return std::nullopt;
  }
  const std::string_view domain = s.substr(at + 1);
  if (!valid_domain(domain)) return std::nullopt;
  return Mailbox{"", std::string(s.substr(0, at)), proto::to_lower(domain)};
}

std::vector<Mailbox> parse_address_list(std::string_view text) {
  const std::vector<Token> tokens = lex(text);
  std::vector<Mailbox> out;
  std::vector<Token> entry;
  bool in_angle = false;  // inside <...>, commas and colons belong to a source route
  auto flush = [&] {
    if (std::optional<Mailbox> mb = mailbox_from(entry)) out.push_back(std::move(*mb));
    entry.clear();
  };
  for (const Token& t : tokens) {
    if (!in_angle && t.kind == Kind::Special) {
      if (t.raw[0] == ',' || t.raw[0] == ';') {  // next entry, or the end of a group
        flush();
        continue;
      }
      if (t.raw[0] == ':') {  // "Team:" opens a group; its name is not a mailbox
        entry.clear();
        continue;
      }
    }
    if (is_special(t, '<')) in_angle = true;
    if (is_special(t, '>')) in_angle = false;
    entry.push_back(t);
  }
  flush();
  return out;
}

}  // namespace mailsim::message
