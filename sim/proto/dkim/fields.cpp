#include "sim/proto/dkim/fields.hpp"

#include <algorithm>

namespace mailsim::dkim {

namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// RFC 5322 §3.6.8: field-name = 1*ftext (printable US-ASCII except ":").
bool is_field_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
           const auto u = static_cast<unsigned char>(c);
           return u >= 33 && u <= 126;
         });
}

}  // namespace

RawMessage split_message(std::string_view message) {
  RawMessage m;
  std::size_t pos = 0;
  std::size_t field_start = std::string_view::npos;  // of the field being collected
  auto close_field = [&](std::size_t end) {
    if (field_start == std::string_view::npos) return;
    const std::string_view raw = message.substr(field_start, end - field_start);
    std::string_view name = raw.substr(0, raw.find(':'));
    while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
    m.fields.push_back(RawField{name, raw});
    field_start = std::string_view::npos;
  };
  while (pos < message.size()) {
    const std::size_t lf = message.find('\n', pos);
    const std::size_t next = lf == std::string_view::npos ? message.size() : lf + 1;
    std::string_view line = message.substr(pos, next - pos);
    std::string_view text = line;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    if (line == "\r\n" || line == "\n") {
      close_field(pos);
      m.body = message.substr(next);
      return m;
    }
    if (is_wsp(line.front()) && field_start != std::string_view::npos) {
      pos = next;
      continue;
    }
    const std::size_t colon = text.find(':');
    std::string_view name = text.substr(0, colon);
    while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
    if (colon == std::string_view::npos || !is_field_name(name)) break;
    close_field(pos);
    field_start = pos;
    pos = next;
  }
  close_field(pos);
  m.body = message.substr(pos);
  return m;
}

}  // namespace mailsim::dkim
