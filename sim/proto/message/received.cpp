// Trace fields and line folding: what a server writes on top of a message it accepts.
#include <string>

#include "sim/proto/message/message.hpp"

namespace mailsim::message {

namespace {
bool is_wsp(char c) { return c == ' ' || c == '\t'; }
}  // namespace

// RFC 5322 §2.1.1 asks for lines of at most 78 characters (998 is the hard limit) and §2.2.3 folds by
// putting a CRLF in front of existing white space. We fold only there, never replace the space by a
// TAB: so each continuation line starts with the space (or TAB) that stood in the value, and unfold()
// gives back the value byte for byte. Folds already in the value are kept and restart the count, so
// a hand-laid field (a Received value) keeps its layout. A word longer than a line stays whole:
// breaking it would change the value.
std::string fold(std::string_view name, std::string_view value) {
  constexpr std::size_t kLimit = 78;
  std::string out;
  std::size_t line_len = name.size() + 2;  // "Name: " shares the first line
  bool line_has_word = false;              // never fold in front of a line's first word
  std::size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 2, "\r\n") == 0) {  // an existing fold
      out += "\r\n";
      i += 2;
      line_len = 0;
      line_has_word = false;
      continue;
    }
    // One segment: the white space before a word, then the word (up to the next WSP or CR).
    std::size_t j = i;
    while (j < value.size() && is_wsp(value[j])) ++j;
    const bool leading_wsp = j > i;
    const std::size_t word_start = j;
    while (j < value.size() && !is_wsp(value[j]) && value.compare(j, 2, "\r\n") != 0) ++j;
    const bool has_word = j > word_start;
    const std::string_view segment = value.substr(i, j - i);
    // Trailing white space (no word) never starts a line: a line of only WSP is forbidden (§3.2.2).
    if (leading_wsp && has_word && line_has_word && line_len + segment.size() > kLimit) {
      out += "\r\n";
      line_len = 0;
    }
    out += segment;
    line_len += segment.size();
    line_has_word = line_has_word || has_word;
    i = j;
  }
  return out;
}

// Postfix's layout of the RFC 5321 §4.4 Time-stamp-line, so students can hold it next to real mail:
// what the client claimed (HELO), what the server saw (reverse DNS name and address), who received it,
// how, under which queue id, for whom, and when.
std::string received_value(const ReceivedInfo& info) {
  std::string v = "from " + info.from_helo + " (" + (info.from_host.empty() ? "unknown" : info.from_host) +
                  " [" + info.from_address + "])\r\n\tby " + info.by_host + " (mailsim) with " + info.with +
                  " id " + info.id;
  if (!info.for_rcpt.empty()) {
    const bool bracketed = info.for_rcpt.front() == '<' && info.for_rcpt.back() == '>';
    v += "\r\n\tfor " + (bracketed ? info.for_rcpt : "<" + info.for_rcpt + ">");
  }
  v += "; " + info.date;
  return v;
}

}  // namespace mailsim::message
