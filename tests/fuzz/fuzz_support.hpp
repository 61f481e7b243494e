#pragma once
// What every fuzz target here shares (docs/fuzzing.md): the input convention, a check that stops the
// run with a readable message, and the wire-shape checks for replies.
//
// Input convention for sessions: the bytes are the peer's, cut into separate writes at every 0xFF
// byte (0xFF never appears inside a write), so one input drives a whole dialog and the machine is fed
// in pieces the way a TCP stream may arrive. Targets with options take them from the first byte.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::fuzz {

// Printable form of peer bytes for a failure message: "\r", "\n" and other bytes as escapes.
inline std::string visible(std::string_view s, std::size_t max = 300) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20 || c >= 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else out += static_cast<char>(c);
  }
  if (s.size() > max) out += "...";
  return out;
}

// A broken invariant: print what broke and abort, which libFuzzer reports as a crash with the input.
[[noreturn]] inline void fail(const char* check, const std::string& detail) {
  std::fprintf(stderr, "\nFUZZ CHECK FAILED: %s\n  %s\n", check, detail.c_str());
  std::abort();
}

#define FUZZ_CHECK(cond, detail)                          \
  do {                                                    \
    if (!(cond)) ::mailsim::fuzz::fail(#cond, (detail));  \
  } while (0)

inline std::vector<std::string_view> split_feeds(std::string_view data) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t cut = data.find('\xff');
    out.push_back(data.substr(0, cut));
    if (cut == std::string_view::npos) return out;
    data.remove_prefix(cut + 1);
  }
}

// RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF,
// Reply-code = %x32-35 %x30-39 %x30-39, textstring = 1*(%d09 / %d32-126). Returns what is wrong with
// `out` (a run of whole replies, as one feed() answers), or "" when it is well formed. Every line of
// a multi-line reply carries the same code, and the last one has the space.
inline std::string smtp_reply_error(std::string_view out) {
  std::string_view code_open;  // the code of a multi-line reply still open
  while (!out.empty()) {
    const std::size_t end = out.find("\r\n");
    if (end == std::string_view::npos) return "reply without CRLF: " + visible(out);
    const std::string_view line = out.substr(0, end);
    out.remove_prefix(end + 2);
    if (line.size() < 4) return "reply line shorter than code and separator: " + visible(line);
    if (line[0] < '2' || line[0] > '5' || line[1] < '0' || line[1] > '9' || line[2] < '0' || line[2] > '9')
      return "reply code is not [2-5][0-9][0-9]: " + visible(line);
    if (line[3] != ' ' && line[3] != '-') return "no ' ' or '-' after the reply code: " + visible(line);
    if (!code_open.empty() && line.substr(0, 3) != code_open)
      return "multi-line reply changes its code: " + visible(line);
    for (const char c : line.substr(4)) {
      const auto u = static_cast<unsigned char>(c);
      if (u != 9 && (u < 32 || u > 126)) return "reply text holds a byte outside HT and 32-126: " + visible(line);
    }
    code_open = line[3] == '-' ? line.substr(0, 3) : std::string_view{};
  }
  if (!code_open.empty()) return "multi-line reply not ended by a line with a space after the code";
  return {};
}

}  // namespace mailsim::fuzz
