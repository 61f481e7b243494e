#pragma once
// POP3 multi-line responses (RFC 1939 §3): lines ending in CRLF; a line that begins with the
// termination octet "." gets one more "." in front ("byte-stuffing"); the response ends with a line
// holding only ".". The server stuffs, the client unstuffs; both sides live here.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim::pop3 {

// The multi-line body for `text`: every line CRLF-terminated (a bare LF becomes CRLF, a missing
// final line ending is added), dot-stuffed, followed by the terminating ".\r\n".
std::string dot_stuff(std::string_view text);

// What TOP n k sends (§7): the header section, the blank line that ends it, and the first k lines of
// the body. A message without a blank line is all header.
std::string top_of(std::string_view message, std::size_t body_lines);

// One received line of a multi-line response, without its CRLF: true (and `line` unstuffed) for a
// data line, false for the terminating ".".
bool unstuff(std::string& line);

}  // namespace mailsim::pop3
