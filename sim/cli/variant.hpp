#pragma once
// `mailsim variant LESSON --student N [-o FILE] [--answers] [--lang en|ja]`: the lesson with the
// student's own names (sim/scenario/variant.hpp), and for the teacher an answer key: which names
// became which, and what happens in the variant (its deliveries, bounces and expectations, from a
// run of it).
#include <ostream>

namespace mailsim::cli {

// argv[1] is "variant". Exit status 0; 1 when the variant's expectations do not all hold (with
// --answers); 2 for a usage error or a lesson that does not load.
int variant(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace mailsim::cli
