#include "sim/proto/pop3/multiline.hpp"

namespace mailsim::pop3 {

namespace {

// Calls f(line) for each line of `text`, without its line ending; a final line without one counts.
template <class F>
void for_each_line(std::string_view text, F f) {
  while (!text.empty()) {
    const std::size_t lf = text.find('\n');
    std::string_view line = text.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!f(line)) return;
    if (lf == std::string_view::npos) return;
    text.remove_prefix(lf + 1);
  }
}

}  // namespace

std::string dot_stuff(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 64 + 8);
  for_each_line(text, [&](std::string_view line) {
    if (!line.empty() && line.front() == '.') out += '.';
    out.append(line);
    out += "\r\n";
    return true;
  });
  out += ".\r\n";
  return out;
}

std::string top_of(std::string_view message, std::size_t body_lines) {
  std::string out;
  bool in_body = false;
  std::size_t left = body_lines;
  for_each_line(message, [&](std::string_view line) {
    if (in_body) {
      if (left == 0) return false;
      --left;
    } else if (line.empty()) {
      in_body = true;
    }
    out.append(line);
    out += "\r\n";
    return true;
  });
  return out;
}

bool unstuff(std::string& line) {
  if (line == ".") return false;
  if (!line.empty() && line.front() == '.') line.erase(0, 1);
  return true;
}

}  // namespace mailsim::pop3
