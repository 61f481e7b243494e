#include "sim/proto/dkim/tag_list.hpp"

#include <algorithm>

namespace mailsim::dkim {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }
bool is_fws_octet(char c) { return is_wsp(c) || c == '\r' || c == '\n'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnumpunc(char c) { return is_alpha(c) || (c >= '0' && c <= '9') || c == '_'; }
// VALCHAR = %x21-3A / %x3C-7E: printable US-ASCII except ";".
bool is_valchar(char c) { return c >= 0x21 && c <= 0x7E && c != ';'; }

std::string_view trim_fws(std::string_view s) {
  while (!s.empty() && is_fws_octet(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_fws_octet(s.back())) s.remove_suffix(1);
  return s;
}

// A CR or LF is only allowed as the CRLF of folding white space (CRLF followed by WSP).
bool folding_ok(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      if (i + 2 >= s.size() || s[i + 1] != '\n' || !is_wsp(s[i + 2])) return false;
      ++i;
    } else if (s[i] == '\n') {
      return false;
    }
  }
  return true;
}

}  // namespace

const Tag* TagList::find(std::string_view name) const {
  auto it = std::find_if(tags.begin(), tags.end(), [&](const Tag& t) { return t.name == name; });
  return it == tags.end() ? nullptr : &*it;
}

Parsed<TagList> parse_tag_list(std::string_view text) {
  TagList list;
  std::size_t start = 0;
  std::size_t index = 0;
  while (start <= text.size()) {
    std::size_t semi = text.find(';', start);
    const bool last = semi == std::string_view::npos;
    if (last) semi = text.size();
    const std::string_view raw = text.substr(start, semi - start);
    start = semi + 1;
    ++index;
    if (!folding_ok(raw)) return Parsed<TagList>::fail("tag " + std::to_string(index) + ": a line break that is not folding white space");
    const std::string_view spec = trim_fws(raw);
    if (spec.empty()) {
      if (last && index > 1) break;  // the optional ";" after the last tag
      return Parsed<TagList>::fail(last && index == 1 ? "empty tag list" : "empty tag " + std::to_string(index));
    }
    const std::size_t eq = spec.find('=');
    if (eq == std::string_view::npos) return Parsed<TagList>::fail("tag \"" + std::string(spec) + "\" has no \"=\"");
    const std::string_view name = trim_fws(spec.substr(0, eq));
    const std::string_view value = trim_fws(spec.substr(eq + 1));
    if (name.empty() || !is_alpha(name.front()) || !std::all_of(name.begin(), name.end(), is_alnumpunc)) {
      return Parsed<TagList>::fail("bad tag name \"" + std::string(name) + "\"");
    }
    for (char c : value) {
      if (!is_valchar(c) && !is_fws_octet(c)) {
        return Parsed<TagList>::fail("tag " + std::string(name) + "= holds an octet outside VALCHAR");
      }
    }
    if (list.find(name)) return Parsed<TagList>::fail("duplicate tag " + std::string(name) + "=");
    list.tags.push_back(Tag{std::string(name), std::string(value)});
    if (last) break;
  }
  return Parsed<TagList>::ok(std::move(list));
}

std::string strip_fws(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!is_fws_octet(c)) out += c;
  }
  return out;
}

std::vector<std::string> split_list(std::string_view value, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = value.find(sep, start);
    out.emplace_back(trim_fws(value.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

}  // namespace mailsim::dkim
