#pragma once
// The human-readable text of a status response (RFC 3501 §9: resp-text is TEXT-CHAR, any 7-bit
// octet but NUL, CR and LF). Replies quote what the client wrote - an unknown command, a mailbox
// that does not exist, a bad STORE item - and a client's bytes may hold anything: a NUL, 8-bit
// octets, or a CRLF that would end the line and let the client forge the next response. Like
// Dovecot's str_sanitize(), every octet that is not TEXT-CHAR becomes "?"; and a text that would end
// in "{8}", which every client reads as a literal announcement and then waits for, gets a "." after
// it.
#include <string>
#include <string_view>

namespace mailsim::imap {

std::string resp_text(std::string_view text);

}  // namespace mailsim::imap
