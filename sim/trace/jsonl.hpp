#pragma once
// The trace as JSON lines: one event per line, keys in a fixed order, empty fields left out.
// A stable format (docs/trace-format.md): tools and the determinism test read it.
#include <ostream>
#include <string>

#include "sim/trace/event.hpp"

namespace mailsim::trace {

// The first line of a trace file: which format and version it is (docs/trace-format.md).
std::string header_line();
std::string to_json_line(const Event& e);
// The same line appended to `out` (no newline): a writer keeps one buffer for many lines.
void append_json_line(std::string& out, const Event& e);
// The header line, then one line per event.
void write_jsonl(const Trace& trace, std::ostream& out);

}  // namespace mailsim::trace
