#pragma once
// `mailsim lessons [DIR] [--lang en|ja] [--format text|md]`: the lesson index by the course's topics
// (sim/scenario/lesson_index.hpp), of DIR or of the bundled lessons.
#include <ostream>

namespace mailsim::cli {

// argv[1] is "lessons". Exit status 0; 1 when a lesson does not load or names a prerequisite that
// is not in the folder (each said on `err`); 2 for a usage error.
int lessons(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace mailsim::cli
