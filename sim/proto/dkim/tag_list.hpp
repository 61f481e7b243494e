#pragma once
// The tag=value lists of RFC 6376 §3.2, shared by DKIM-Signature fields, DKIM key records and
// DMARC records (RFC 7489 §6.3 reuses the syntax).
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/parsed.hpp"

namespace mailsim::dkim {

struct Tag {
  std::string name;   // case-sensitive (§3.2)
  std::string value;  // without the white space around it; white space inside is kept
  bool operator==(const Tag&) const = default;
};

struct TagList {
  std::vector<Tag> tags;  // in the order written
  const Tag* find(std::string_view name) const;
};

// tag-list = tag-spec *( ";" tag-spec ) [ ";" ], tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value
// [FWS]. Refused, with the reason: a duplicate tag ("the entire tag-list is invalid"), a name that
// is not ALPHA *ALNUMPUNC, a missing "=", an empty entry, an octet outside VALCHAR or a CR/LF that
// is not folding white space.
Parsed<TagList> parse_tag_list(std::string_view text);

// FWS (SP, HTAB and CRLF followed by WSP) removed: for base64 values (b=, bh=, p=) and lists.
std::string strip_fws(std::string_view s);
// The value split at `sep`, each part without surrounding FWS ("from : to" -> {"from", "to"}).
std::vector<std::string> split_list(std::string_view value, char sep);

}  // namespace mailsim::dkim
