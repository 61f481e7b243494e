#pragma once
// IMAP's ENVELOPE (RFC 3501 §7.4.2): date, subject, the address lists of a header, in-reply-to and
// message-id, as FETCH ENVELOPE and BODYSTRUCTURE (for message/rfc822 parts) write them.
#include <string>
#include <string_view>

namespace mailsim::imap {

// The envelope of a header block.
std::string envelope(std::string_view header);

}  // namespace mailsim::imap
