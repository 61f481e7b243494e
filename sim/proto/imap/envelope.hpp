#pragma once
// IMAP's ENVELOPE (RFC 3501 §7.4.2): date, subject, the address lists of a header, in-reply-to and
// message-id, as FETCH ENVELOPE and BODYSTRUCTURE (for message/rfc822 parts) write them.
#include <string>
#include <string_view>

namespace mailsim::imap {

// The envelope of a header block.
std::string envelope(std::string_view header);

// An address field's addresses as plain text, "Bob Smith <bob@home.example>, carol@home.example",
// comments and routes left out: what SEARCH FROM/TO/CC/BCC look in besides the field as written, so
// "bob(the boss)@home.example" is found by "bob@home.example".
std::string address_text(std::string_view value);

}  // namespace mailsim::imap
