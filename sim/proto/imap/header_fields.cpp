#include "sim/proto/imap/header_fields.hpp"

#include <algorithm>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap {

std::vector<HeaderField> header_fields_of(std::string_view header) {
  std::vector<HeaderField> out;
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = pos;
    do {  // a field goes on while the next line starts with white space
      const auto nl = header.find('\n', end);
      end = nl == std::string_view::npos ? header.size() : nl + 1;
    } while (end < header.size() && (header[end] == ' ' || header[end] == '\t'));
    const std::string_view whole = header.substr(pos, end - pos);
    const auto colon = whole.find(':');
    if (colon != std::string_view::npos) out.push_back({whole.substr(0, colon), whole});
    pos = end;
  }
  return out;
}

std::string unfolded_value(const HeaderField& field) {
  const std::string_view v = field.whole.substr(field.whole.find(':') + 1);
  std::string out;
  for (char c : v)
    if (c != '\r' && c != '\n') out += c;
  return std::string(proto::trim(out));
}

std::optional<std::string> header_value(std::string_view header, std::string_view name) {
  for (const auto& f : header_fields_of(header))
    if (proto::iequals(f.name, name)) return unfolded_value(f);
  return std::nullopt;
}

std::vector<std::string> all_header_values(std::string_view header, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& f : header_fields_of(header))
    if (proto::iequals(f.name, name)) out.push_back(unfolded_value(f));
  return out;
}

std::string select_header_fields(std::string_view header, const std::vector<std::string>& names, bool exclude) {
  // Sorted once, looked up per field: comparing every field with every name cost header lines times
  // names, and a client chooses both.
  std::vector<std::string> wanted;
  wanted.reserve(names.size());
  for (const auto& n : names) wanted.push_back(proto::to_upper(n));
  std::sort(wanted.begin(), wanted.end());
  std::string out;
  for (const auto& f : header_fields_of(header)) {
    const bool named = std::binary_search(wanted.begin(), wanted.end(), proto::to_upper(f.name));
    if (named != exclude) out += f.whole;
  }
  return out + "\r\n";
}

std::pair<std::string_view, std::string_view> split_header(std::string_view raw) {
  if (raw.starts_with("\r\n")) return {raw.substr(0, 2), raw.substr(2)};  // no fields at all
  const auto split = raw.find("\r\n\r\n");
  if (split == std::string_view::npos) return {raw, {}};
  return {raw.substr(0, split + 4), raw.substr(split + 4)};
}

}  // namespace mailsim::imap
