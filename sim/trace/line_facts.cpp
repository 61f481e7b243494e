#include "sim/trace/line_facts.hpp"

#include <cctype>
#include <string>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::trace {

namespace {

// The n-th space-separated word (runs of spaces count as one).
std::string_view word(std::string_view s, std::size_t n = 0) {
  std::size_t pos = 0;
  for (std::size_t i = 0;; ++i) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    std::size_t end = pos;
    while (end < s.size() && s[end] != ' ') ++end;
    if (i == n) return s.substr(pos, end - pos);
    if (end >= s.size()) return {};
    pos = end;
  }
}

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// "2.1.5" whose class matches the reply code's first digit (RFC 3463 §2).
bool enhanced_code(std::string_view w, char klass) {
  if (w.empty() || w[0] != klass) return false;
  int dots = 0;
  for (const char c : w) {
    if (c == '.') ++dots;
    else if (!digit(c)) return false;
  }
  return dots == 2 && w.back() != '.';
}

LineFacts smtp(Direction dir, std::string_view text) {
  LineFacts f;
  if (dir == Direction::ClientToServer) {
    std::string_view verb = word(text);
    // "MAIL FROM:<...>" is two words; "MAIL FROM:<>" sent as "MAIL" + "FROM:" stays "MAIL".
    if (const auto colon = verb.find(':'); colon != std::string_view::npos) verb = verb.substr(0, colon);
    f.keyword = proto::to_upper(verb);
    if (f.keyword == "MAIL") {
      // The reverse-path after "FROM:" (spaces allowed around it, as lenient servers take it).
      std::size_t at = text.find(':');
      if (at != std::string_view::npos) {
        ++at;
        while (at < text.size() && text[at] == ' ') ++at;
        f.null_sender = text.substr(at, 2) == "<>";
      }
    }
    return f;
  }
  // RFC 5321 §4.2: three digits, then a space, a hyphen (more lines follow) or the end.
  if (text.size() < 3 || !digit(text[0]) || !digit(text[1]) || !digit(text[2])) return f;
  if (text.size() > 3 && text[3] != ' ' && text[3] != '-') return f;
  f.code = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
  f.more = text.size() > 3 && text[3] == '-';
  std::string_view rest = text.size() > 4 ? text.substr(4) : std::string_view{};
  if (const std::string_view w = word(rest); enhanced_code(w, text[0])) {
    f.enhanced = std::string(w);
    rest = rest.substr(static_cast<std::size_t>(w.data() + w.size() - rest.data()));
  }
  // What the rest starts with: on an EHLO reply's later lines, the extension keyword ("SIZE 1000").
  std::string_view key = word(rest);
  if (const auto eq = key.find('='); eq != std::string_view::npos) key = key.substr(0, eq);
  f.keyword = proto::to_upper(key);
  return f;
}

LineFacts pop3(Direction dir, std::string_view text) {
  LineFacts f;
  const std::string_view first = word(text);
  if (dir == Direction::ClientToServer) {
    f.keyword = proto::to_upper(first);
  } else if (text == "." || first == "+OK" || first == "-ERR") {
    f.keyword = text == "." ? "." : std::string(first);
  }
  return f;
}

LineFacts imap(Direction dir, std::string_view text) {
  LineFacts f;
  const std::string_view first = word(text);
  if (dir == Direction::ClientToServer) {
    if (proto::to_upper(first) == "DONE") {  // ends IDLE (RFC 2177): no tag
      f.keyword = "DONE";
      return f;
    }
    f.tag = std::string(first);
    std::string keyword = proto::to_upper(word(text, 1));
    if (keyword == "UID" && !word(text, 2).empty()) keyword += " " + proto::to_upper(word(text, 2));
    f.keyword = keyword;
    return f;
  }
  if (first == "+") {  // a continuation request (§7.5)
    f.keyword = "+";
    return f;
  }
  std::string_view what = word(text, 1);
  if (first == "*") {
    // "* 3 EXISTS": the number comes first (§7.3, §7.4).
    if (!what.empty() && digit(what[0])) what = word(text, 2);
  } else {
    f.tag = std::string(first);
  }
  f.keyword = proto::to_upper(what);
  return f;
}

}  // namespace

LineFacts read_line(std::string_view protocol, Direction dir, Payload what, std::string_view text) {
  if (what != Payload::Command && what != Payload::Reply) return {};
  if (protocol == "smtp" || protocol == "submission") return smtp(dir, text);
  if (protocol == "pop3") return pop3(dir, text);
  if (protocol == "imap") return imap(dir, text);
  return {};
}

}  // namespace mailsim::trace
