#pragma once
// `mailsim diagram MACHINE [--format dot|mermaid] [--refusals]`: a protocol machine's state diagram,
// drawn from the transition table the machine itself follows.
#include <ostream>

namespace mailsim::cli {

// argv[1] is "diagram". Exit status 0, or 2 for a usage error (written to `err`).
int diagram(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace mailsim::cli
