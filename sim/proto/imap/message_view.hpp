#pragma once
// What IMAP's FETCH shows of a stored message (RFC 3501 §6.4.5, §7.4.2): the header and text, body
// sections by part number, chosen header fields, the ENVELOPE and the BODYSTRUCTURE. The MIME tree
// (mime.hpp) is read only when something asks for a part or the structure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/imap/mime.hpp"

namespace mailsim::imap {

// A section of §6.4.5: a part number ("1.2"; empty for the message itself), then what of it.
struct SectionSpec {
  enum class Text { All, Header, HeaderFields, HeaderFieldsNot, Text, Mime };
  std::vector<std::uint32_t> part;
  Text text = Text::All;
  std::vector<std::string> fields;  // HEADER.FIELDS (...)

  // "" / "HEADER" / "1.2.MIME" / "3.HEADER.FIELDS (FROM TO)" (any case); nullopt when it is no
  // section-spec of §9.
  static std::optional<SectionSpec> parse(std::string_view spec);
};

class MessageView {
 public:
  explicit MessageView(std::string_view raw);

  std::string_view header() const { return header_; }   // up to and including the empty line
  std::string_view text() const { return text_; }       // the body
  // The named fields (or all others with `exclude`), as they stand, followed by the empty line.
  std::string header_fields(const std::vector<std::string>& names, bool exclude) const;
  std::optional<std::string> field(std::string_view name) const;  // the first, unfolded
  std::vector<std::string> fields(std::string_view name) const;   // every one, unfolded

  // A body section's octets; nullopt (NIL) when the message has no such part, or the part is not
  // a message where HEADER or TEXT ask for one.
  std::optional<std::string> section(const SectionSpec& spec) const;

  std::string envelope() const;
  // BODYSTRUCTURE (`extended`) or BODY.
  std::string body_structure(bool extended) const;

 private:
  const MimeEntity& tree() const;

  std::string_view raw_, header_, text_;
  mutable std::optional<MimeEntity> tree_;
};

}  // namespace mailsim::imap
