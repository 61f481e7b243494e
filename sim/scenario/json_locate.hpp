#pragma once
// Where things are in a JSON source text. nlohmann::json forgets positions once it has parsed, so
// error messages find them again here: a tiny tokenizer walks the (already valid) text along a
// JSON pointer (RFC 6901) and reports the 1-based line and column of what it names.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::scenario {

struct SourcePos {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, counted in characters (UTF-8 code points), so Japanese text counts
                   // as an editor shows it
  bool operator==(const SourcePos&) const = default;
};

// Line and column of byte `offset` in `text` (a leading UTF-8 byte-order mark takes no column).
SourcePos position_of_offset(std::string_view text, std::size_t offset);

// Position of the value `pointer` names ("" = the whole document), or of its key when `at_key` and the
// pointer ends in an object member. nullopt if the text has no such value. Assumes valid JSON.
std::optional<SourcePos> locate(std::string_view text, std::string_view pointer, bool at_key = false);

// RFC 6901 escaping of one reference token: "~" -> "~0", "/" -> "~1".
std::string pointer_escape(std::string_view token);

// The first object key that repeats a key of the same object (JSON allows it, nlohmann keeps the last
// silently, a teacher almost certainly made a mistake): its pointer and the repeated key's position.
struct DuplicateKey {
  std::string pointer;
  std::string key;
  SourcePos pos;
};
std::optional<DuplicateKey> find_duplicate_key(std::string_view text);

}  // namespace mailsim::scenario
