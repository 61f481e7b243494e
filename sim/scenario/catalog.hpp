#pragma once
// The lessons in a folder, for the app's lesson picker (File → Open lesson, and the start screen
// when mailsim-gui is started without a file) and the lesson index (`mailsim lessons`): each
// lesson's title and description in both languages and where it sits in a course, or the loader's
// located message when it cannot be opened, so a broken file is seen in the list rather than
// skipped in silence.
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace mailsim::scenario {

struct LessonEntry {
  std::filesystem::path path;
  scenario::Text title;        // the file name when it does not load
  scenario::Text description;
  std::string id;              // the file stem: what another lesson's prerequisites name
  scenario::Lesson lesson;     // topics, level, minutes, prerequisites
  std::string error;           // "" when it loads, else file:line:col: /pointer: message
};

struct LessonCatalog {
  std::filesystem::path dir;
  std::vector<LessonEntry> lessons;  // by file name, at most kMaxLessons
  std::size_t left_out = 0;          // *.json files past kMaxLessons
  std::string error;                 // the folder cannot be read
};

// A folder of hundreds of lessons is not a picker's job; the rest can still be opened by path.
constexpr std::size_t kMaxLessons = 200;

// Every *.json file in `dir` except JSON Schemas (*.schema.json), loaded and validated.
LessonCatalog list_lessons(const std::filesystem::path& dir);

}  // namespace mailsim::scenario
