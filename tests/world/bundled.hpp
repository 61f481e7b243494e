#pragma once
// The bundled lessons (scenarios/*.json), for the tests that run them.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"

// Every lesson file, in file-name order; the JSON Schema beside them is none.
inline std::vector<std::filesystem::path> bundled_lesson_files() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(MAILSIM_SOURCE_DIR "/scenarios"))
    if (entry.path().extension() == ".json" && entry.path().filename() != "scenario.schema.json")
      out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

// A bundled lesson by its file stem ("relay-mx").
inline mailsim::scenario::Scenario bundled_lesson(const std::string& stem) {
  return mailsim::scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/" + stem + ".json");
}
