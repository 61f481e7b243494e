#pragma once
// The readable, timestamped transcript the CLI prints: one line per event, each SMTP line as
// "C:" / "S:" under its connection number, as in RFC 5321's examples.
#include <ostream>
#include <string>

#include "sim/trace/event.hpp"

namespace mailsim::trace {

// One line without newline; "" for events the transcript leaves out.
std::string transcript_line(const Event& e);
void write_transcript(const Trace& trace, std::ostream& out);

}  // namespace mailsim::trace
