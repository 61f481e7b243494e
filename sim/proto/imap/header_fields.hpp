#pragma once
// The header fields of a message or a body part as IMAP shows them (RFC 5322 §2.2, RFC 3501
// §6.4.5): each field with its lines as they stand, or unfolded.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

struct HeaderField {
  std::string_view name;
  std::string_view whole;  // the field's lines with their line ends
};

// The fields of a header block (which may end with its empty line; a line without a colon is skipped).
std::vector<HeaderField> header_fields_of(std::string_view header);
// A field's value unfolded (line ends removed) and trimmed.
std::string unfolded_value(const HeaderField& field);
// The first field of that name (any case), unfolded; every one of them for all_values.
std::optional<std::string> header_value(std::string_view header, std::string_view name);
std::vector<std::string> all_header_values(std::string_view header, std::string_view name);
// The named fields (or all others with `exclude`), as they stand, followed by the empty line
// (HEADER.FIELDS and HEADER.FIELDS.NOT).
std::string select_header_fields(std::string_view header, const std::vector<std::string>& names, bool exclude);
// A raw message or part split at its first empty line: the header with that line, and the body.
// A part that has no empty line is all header.
std::pair<std::string_view, std::string_view> split_header(std::string_view raw);

}  // namespace mailsim::imap
