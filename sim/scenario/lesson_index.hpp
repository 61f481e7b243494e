#pragma once
// The lesson index: the lessons of a folder by the course's topics, with level, minutes and what to
// take first, in English or Japanese, as text for a terminal or as Markdown (docs/lessons.md is
// this, generated, so it cannot go stale). `mailsim lessons` prints it.
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/catalog.hpp"

namespace mailsim::scenario {

enum class IndexFormat { Text, Markdown };

std::string lesson_index(const LessonCatalog& c, bool ja, IndexFormat format);

// What a teacher must mend in the folder: lessons that do not load, prerequisites naming no lesson
// in it. One line each, in English (like the loader's messages, they are for the files' author).
std::vector<std::string> index_problems(const LessonCatalog& c);

// The course's topics no lesson of the folder names, in the course's order.
std::vector<std::string_view> topics_without_lesson(const LessonCatalog& c);

}  // namespace mailsim::scenario
