#pragma once
// How an IMAP command line is framed (RFC 3501 §4.3, §9; RFC 7888): what a tag may be, and the
// literal marker that may end a line. The server cuts its client's bytes by these (server.cpp), and
// a reader outside the client follows the same cuts (client_literals.hpp).
#include <cstddef>
#include <optional>
#include <string_view>

namespace mailsim::imap {

// tag = 1*<any ASTRING-CHAR except "+">: no controls, spaces, 8-bit, list-wildcards,
// quoted-specials or "(", ")", "{".
bool valid_tag(std::string_view tag);

// A literal marker "{n}" or "{n+}" ending a command line outside a quoted string.
struct LiteralMarker {
  std::size_t size;
  bool synchronizing;  // "{n}": the client waits for the server's "+" (else LITERAL+ "{n+}")
  std::size_t at;      // where "{" stands
};
std::optional<LiteralMarker> literal_marker(std::string_view line);
// The same for a line known only by its end: `quoted` whether a quoted string is open before
// `tail` (the line's last bytes, its ending taken off). `at` counts from the tail's start.
std::optional<LiteralMarker> literal_marker_at_end(std::string_view tail, bool quoted);

}  // namespace mailsim::imap
