#include "resp_text.hpp"

namespace mailsim::imap {

namespace {

bool text_char(unsigned char c) { return c != 0 && c != '\r' && c != '\n' && c < 0x80; }

// "{" 1*DIGIT ["+"] "}" at the very end (RFC 3501 literal, RFC 7888 LITERAL+).
bool ends_in_literal_marker(std::string_view s) {
  if (!s.ends_with('}')) return false;
  std::size_t i = s.size() - 1;
  if (i > 0 && s[i - 1] == '+') --i;
  const std::size_t digits_end = i;
  while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') --i;
  return i < digits_end && i > 0 && s[i - 1] == '{';
}

}  // namespace

std::string resp_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 1);
  for (const char c : text) out += text_char(static_cast<unsigned char>(c)) ? c : '?';
  if (ends_in_literal_marker(out)) out += '.';
  return out;
}

}  // namespace mailsim::imap
