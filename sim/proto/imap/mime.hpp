#pragma once
// A message's MIME structure (RFC 2045, RFC 2046) as IMAP numbers and describes it (RFC 3501
// §6.4.5 body parts, §7.4.2 BODYSTRUCTURE): the message, the body parts of each multipart, and the
// message inside each message/rfc822 part, all as views into the stored bytes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailsim::imap {

struct MimeEntity {
  std::string_view header;  // the fields and the empty line after them ("" for a part without one)
  std::string_view body;
  std::string type = "TEXT", subtype = "PLAIN";  // upper-cased
  std::vector<std::pair<std::string, std::string>> params;  // names upper-cased, values unquoted
  std::vector<MimeEntity> parts;    // a multipart's body parts, in order
  std::vector<MimeEntity> message;  // a message/rfc822 part: the message inside (one entity)

  bool multipart() const { return !parts.empty(); }
  bool encapsulates() const { return !message.empty(); }
  std::optional<std::string> param(std::string_view name) const;
};

// Multiparts and encapsulated messages nested deeper than this are read as opaque parts: each
// level reads its body once more, and the parser recurses once per level.
inline constexpr int kMaxMimeDepth = 16;
// Body parts one message is split into, in all (Dovecot's limits are 100 levels and 10000 parts):
// a 32 MB APPEND of "--b" lines would otherwise be millions of parts, each an entry in memory and
// in the BODYSTRUCTURE. Past it, a multipart's last part runs to the end of its body.
inline constexpr std::size_t kMaxMimeParts = 10000;

// The message `raw` as a tree.
MimeEntity parse_message(std::string_view raw);

// The entity a part number names (§6.4.5: "1", "2.1", "3.1.2"): a multipart's parts count from 1;
// a message/rfc822 part's numbers go on into the message inside it; a message that is not
// multipart has just a part 1, its body. nullptr when there is no such part.
const MimeEntity* find_part(const MimeEntity& message, const std::vector<std::uint32_t>& number);

// BODYSTRUCTURE (`extended`) or BODY of an entity (§7.4.2).
std::string body_structure(const MimeEntity& e, bool extended);

}  // namespace mailsim::imap
