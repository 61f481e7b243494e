#pragma once
// What a protocol line means, read once when the line is recorded, so viewers, checks and exporters
// use the trace's fields and never parse its text. One reader for SMTP reply codes and enhanced
// codes (RFC 5321 §4.2, RFC 3463), POP3 status indicators (RFC 1939 §3) and IMAP tags and
// responses (RFC 3501 §2.2).
#include <string_view>

#include "sim/trace/event.hpp"

namespace mailsim::trace {

// `protocol` as the connection names it ("smtp", "submission", "pop3", "imap").
LineFacts read_line(std::string_view protocol, Direction dir, Payload what, std::string_view text);

}  // namespace mailsim::trace
