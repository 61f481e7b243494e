#include "sim/proto/imap/framing.hpp"

#include <charconv>

namespace mailsim::imap {

bool valid_tag(std::string_view tag) {
  if (tag.empty()) return false;
  for (unsigned char c : tag)
    if (c <= 0x20 || c >= 0x7f || std::string_view("(){%*\"\\+").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

std::optional<LiteralMarker> literal_marker_at_end(std::string_view tail, bool quoted) {
  if (quoted || tail.empty() || tail.back() != '}') return std::nullopt;
  const std::size_t open = tail.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = tail.substr(open + 1, tail.size() - open - 2);
  const bool plus = !digits.empty() && digits.back() == '+';
  if (plus) digits.remove_suffix(1);
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return LiteralMarker{n, !plus, open};
}

std::optional<LiteralMarker> literal_marker(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (quoted && line[i] == '\\') ++i;
    else if (line[i] == '"') quoted = !quoted;
  }
  return literal_marker_at_end(line, quoted);
}

}  // namespace mailsim::imap
