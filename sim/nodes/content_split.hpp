#pragma once
// Which parts of a mail-access server's reply are the message itself, so viewers can draw the mail
// travelling as an envelope: the body of a POP3 RETR/TOP reply, and IMAP literals (FETCH BODY[]).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/trace/event.hpp"

namespace mailsim::nodes {

using Pieces = trace::Pieces;

// POP3: `request` is what the client sent; a positive reply to RETR or TOP carries the message
// between its status line and the terminating ".".
Pieces split_pop3_reply(std::string_view request, const std::string& reply);
// IMAP: the N bytes after each "{N}" at a line end are literal data.
Pieces split_imap_reply(const std::string& reply);

}  // namespace mailsim::nodes
