#include "viz/model/message_view.hpp"

#include <cctype>

namespace mailsim::viz {
namespace {

std::vector<std::string> split_lines(std::string_view raw) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t nl = raw.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? raw.size() : nl;
    std::string line(raw.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    pos = nl == std::string_view::npos ? raw.size() : nl + 1;
  }
  return out;
}

bool starts_with_field(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
      return false;
  return true;
}

// The word after `key` in a Received: field's value ("from pc1 (...) by mail ..." -> "pc1").
std::string word_after(std::string_view value, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = value.find(key, pos)) != std::string_view::npos) {
    const bool start = pos == 0 || std::isspace(static_cast<unsigned char>(value[pos - 1]));
    const std::size_t after = pos + key.size();
    if (start && after < value.size() && std::isspace(static_cast<unsigned char>(value[after]))) {
      std::size_t b = after;
      while (b < value.size() && std::isspace(static_cast<unsigned char>(value[b]))) ++b;
      std::size_t e = b;
      while (e < value.size() && !std::isspace(static_cast<unsigned char>(value[e])) && value[e] != ';') ++e;
      return std::string(value.substr(b, e - b));
    }
    pos = after;
  }
  return {};
}

}  // namespace

ParsedMessage parse_message(std::string_view raw) {
  ParsedMessage m;
  bool in_header = true;
  std::vector<std::string> received_values;
  int current = 0;  // index+1 of the Received field being read, counted from the top
  for (auto& line : split_lines(raw)) {
    SourceLine l;
    if (in_header && line.empty()) in_header = false;
    l.header = in_header;
    if (in_header) {
      const bool folded = !line.empty() && (line[0] == ' ' || line[0] == '\t');
      if (!folded) current = 0;
      if (starts_with_field(line, "Received")) {
        received_values.push_back(line.substr(9));
        current = static_cast<int>(received_values.size());
      } else if (folded && current > 0) {
        received_values.back() += " " + line;
      }
      l.received_hop = current;  // renumbered below, once the count is known
    }
    l.text = std::move(line);
    m.lines.push_back(std::move(l));
  }
  const int n = static_cast<int>(received_values.size());
  for (auto& l : m.lines)
    if (l.received_hop > 0) l.received_hop = n + 1 - l.received_hop;
  for (int hop = 1; hop <= n; ++hop) {
    const std::string& v = received_values[static_cast<std::size_t>(n - hop)];
    m.hops.push_back({hop, word_after(v, "from"), word_after(v, "by"), word_after(v, "id")});
  }
  return m;
}

std::string header_value(std::string_view raw, std::string_view name) {
  std::string value;
  bool reading = false;
  for (auto& line : split_lines(raw)) {
    if (line.empty()) break;
    const bool folded = line[0] == ' ' || line[0] == '\t';
    if (reading) {
      if (!folded) break;
      value += " ";
      value += line.substr(line.find_first_not_of(" \t"));
      continue;
    }
    if (starts_with_field(line, name)) {
      reading = true;
      const std::size_t b = line.find_first_not_of(" \t", name.size() + 1);
      value = b == std::string::npos ? "" : line.substr(b);
    }
  }
  return value;
}

}  // namespace mailsim::viz
