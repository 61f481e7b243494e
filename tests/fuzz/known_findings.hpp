#pragma once
// Defects the fuzz targets found in code that other work owns and is changing now; the inputs are in
// tests/fuzz/findings/ and docs/fuzzing.md lists them. While a defect is open, its target steers
// around exactly that defect (and says so here), so the smoke run in tests/run-all.sh stays green and
// keeps guarding everything else. With MAILSIM_FUZZ_STRICT=1 in the environment the targets do not
// steer around anything: use it to see a fix work, then delete the entry and its use.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>

namespace mailsim::fuzz::known {

inline bool strict() {
  static const bool on = std::getenv("MAILSIM_FUZZ_STRICT") != nullptr;
  return on;
}

// findings/imap-server-echo-*: the IMAP server copies the client's text into responses as it came -
// "BAD Unknown command <name>", "NO [NONEXISTENT] Mailbox doesn't exist: <name>", "Invalid STORE item
// <item>", stored flags in FETCH FLAGS - so NUL, 8-bit bytes and bare CRs reach the client, a literal
// brings a whole CRLF and a forged response line, and an echoed "{8}" at the end of a line reads as
// a literal that never comes (RFC 3501 §9: text is TEXT-CHAR; an astring that is not an atom goes
// out quoted or as a literal). Until that is fixed the IMAP server target skips inputs that could be
// echoed so: in what a session is sent, a byte outside HT, SP-~ and CRLF pairs, or a "{n}" other than
// the message literal ending a plain APPEND line.
inline bool imap_server_echo(std::string_view session_bytes) {
  if (strict()) return false;
  for (std::size_t i = 0; i < session_bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(session_bytes[i]);
    if (c == '\r' && i + 1 < session_bytes.size() && session_bytes[i + 1] == '\n') {
      ++i;
      continue;
    }
    if (c != '\t' && (c < 0x20 || c > 0x7e)) return true;
  }
  static const std::regex marker(R"(\{[0-9]+\+?\})");
  static const std::regex plain_append(R"((^|\n)[^ \r\n]+ APPEND [A-Za-z0-9/._-]+( \([^(){}"\r\n]*\))?( "[^"{}\r\n]*")? \{[0-9]+\+?\}\r\n)",
                                       std::regex::icase);
  const auto count = [&](const std::regex& re) {
    return std::distance(std::cregex_iterator(session_bytes.data(), session_bytes.data() + session_bytes.size(), re),
                         std::cregex_iterator());
  };
  return count(marker) > count(plain_append);
}

}  // namespace mailsim::fuzz::known
