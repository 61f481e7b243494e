#include "sim/proto/authsrv/line.hpp"

namespace mailsim::authsrv {

std::string tab_escape(std::string_view field) {
  std::string out;
  for (const char c : field) {
    switch (c) {
      case '\x01': out += "\x01" "1"; break;
      case '\t': out += "\x01t"; break;
      case '\n': out += "\x01n"; break;
      case '\r': out += "\x01r"; break;
      default: out += c;
    }
  }
  return out;
}

std::string tab_unescape(std::string_view field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\x01' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    switch (field[++i]) {
      case '1': out += '\x01'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      default: out += field[i];  // Dovecot keeps an unknown escape's character
    }
  }
  return out;
}

std::vector<std::string> split_fields(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(tab_unescape(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

std::string join_fields(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += '\t';
    out += tab_escape(fields[i]);
  }
  return out + '\n';
}

Param split_param(std::string_view field) {
  const std::size_t eq = field.find('=');
  if (eq == std::string_view::npos) return {std::string(field), {}};
  return {std::string(field.substr(0, eq)), std::string(field.substr(eq + 1))};
}

}  // namespace mailsim::authsrv
