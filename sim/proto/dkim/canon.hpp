#pragma once
// Canonicalization (RFC 6376 §3.4): the forms of header fields and body that are hashed, so a
// signature survives what mail systems commonly do to a message in transit ("relaxed") or nothing
// at all ("simple").
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::dkim {

enum class Canon { Simple, Relaxed };

std::string_view to_string(Canon c);  // "simple", "relaxed"

struct Canonicalization {
  Canon header = Canon::Simple;
  Canon body = Canon::Simple;
  bool operator==(const Canonicalization&) const = default;
};

// The c= value: "header/body", or "header" alone with a simple body (§3.5); nullopt otherwise.
std::optional<Canonicalization> parse_canonicalization(std::string_view c);
std::string to_string(const Canonicalization& c);  // "relaxed/simple"

// One header field as it is hashed. `raw` is the field as written, from its name to its final CRLF
// (continuation lines included). simple (§3.4.1): unchanged. relaxed (§3.4.2): name lower-cased,
// continuation CRLFs removed, runs of WSP made one SP, WSP at the end of the value and around the
// colon removed, ending in CRLF.
std::string canonical_header(Canon c, std::string_view raw);

// The body as it is hashed (§3.4.3, §3.4.4). simple: empty lines at the end removed, a CRLF added
// when there is none at the end (so an empty body is one CRLF). relaxed: WSP at line ends removed,
// runs of WSP made one SP, empty lines at the end removed, an empty body stays empty.
std::string canonical_body(Canon c, std::string_view body);

}  // namespace mailsim::dkim
