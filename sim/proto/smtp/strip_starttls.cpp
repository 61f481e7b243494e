#include "sim/proto/smtp/strip_starttls.hpp"

#include <cctype>

namespace mailsim::smtp {

namespace {
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "250-STARTTLS" or "250 STARTTLS": a 250 reply line whose text is the keyword.
bool offers_starttls(std::string_view line) {
  return line.size() > 4 && line.substr(0, 3) == "250" && (line[3] == '-' || line[3] == ' ') &&
         iequals(trim_right(line.substr(4)), "STARTTLS");
}

// The keyword replaced by as many letters: the line keeps its length.
std::string rewritten(std::string_view line, bool from_client) {
  std::string out(line);
  const std::size_t at = from_client ? 0 : 4;
  out.replace(at, 8, from_client ? "XXXXXXXX" : "XXXXXXXA");
  return out;
}
}  // namespace

Stripped strip_starttls(std::string_view chunk, bool from_client, StripMode mode) {
  Stripped out;
  std::size_t pos = 0;
  // Where the last reply line we passed on starts in out.bytes: a dropped final line ("250 STARTTLS")
  // makes the line before it the reply's last, so its hyphen becomes a space.
  std::size_t last_line = std::string::npos;
  while (pos < chunk.size()) {
    const std::size_t nl = chunk.find('\n', pos);
    if (nl == std::string_view::npos) {  // a piece of a line: passed on as it is
      out.bytes.append(chunk.substr(pos));
      break;
    }
    const std::string_view whole = chunk.substr(pos, nl + 1 - pos);
    std::string_view line = whole.substr(0, whole.size() - 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    const std::string_view ending = whole.substr(line.size());
    pos = nl + 1;
    if (from_client ? iequals(trim_right(line), "STARTTLS") : offers_starttls(line)) {
      if (from_client || mode == StripMode::Rewrite) {
        LineChange c{std::string(line), rewritten(line, from_client), false};
        out.bytes += c.after;
        out.bytes += ending;
        out.changes.push_back(std::move(c));
        continue;
      }
      out.changes.push_back({std::string(line), {}, true});
      if (line[3] == ' ' && last_line != std::string::npos && out.bytes.size() > last_line + 3 &&
          out.bytes[last_line + 3] == '-') {
        LineChange c;
        const std::size_t end = out.bytes.find('\n', last_line);
        std::string before = out.bytes.substr(last_line, end - last_line);
        if (before.ends_with('\r')) before.pop_back();
        out.bytes[last_line + 3] = ' ';
        std::string after = before;
        after[3] = ' ';
        out.changes.push_back({std::move(before), std::move(after), false});
      }
      continue;
    }
    last_line = out.bytes.size();
    out.bytes.append(whole);
  }
  return out;
}

}  // namespace mailsim::smtp
