#pragma once
// What IMAP's FETCH shows of a stored message (RFC 3501 §6.4.5, §7.4.2): the header and text
// sections, chosen header fields, the ENVELOPE and the BODYSTRUCTURE. Its own small RFC 5322 / MIME
// reading, enough for what mail clients ask.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::imap {

class MessageView {
 public:
  explicit MessageView(std::string_view raw);

  std::string_view header() const { return header_; }   // up to and including the empty line
  std::string_view text() const { return text_; }       // the body
  // The named fields (or all others with `exclude`), as they stand, followed by the empty line.
  std::string header_fields(const std::vector<std::string>& names, bool exclude) const;
  std::optional<std::string> field(std::string_view name) const;  // unfolded value

  std::string envelope() const;
  // BODYSTRUCTURE (`extended`) or BODY.
  std::string body_structure(bool extended) const;

 private:
  std::string_view raw_, header_, text_;
};

}  // namespace mailsim::imap
