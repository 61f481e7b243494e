#pragma once
// The trace as JSON lines: one event per line, keys in a fixed order, empty fields left out.
// A stable format (docs/trace-format.md): tools and the determinism test read it.
#include <ostream>
#include <string>

#include "sim/trace/event.hpp"

namespace mailsim::trace {

std::string to_json_line(const Event& e);
void write_jsonl(const Trace& trace, std::ostream& out);

}  // namespace mailsim::trace
