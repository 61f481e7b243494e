#include "sim/proto/smtp/xtext.hpp"

namespace mailsim::smtp {

namespace {
bool is_xchar(char c) { return c >= '!' && c <= '~' && c != '+' && c != '='; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string xtext_encode(std::string_view octets) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : octets) {
    if (is_xchar(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '+';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::optional<std::string> xtext_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_xchar(text[i])) {
      out += text[i];
      continue;
    }
    if (text[i] != '+' || i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace mailsim::smtp
