#pragma once
// Where mailsim-gui's files are: the lessons, fonts and icon, installed beside the binary or in the
// source tree (the rule is sim/scenario/data_dir.hpp's, which `mailsim lessons` follows too).
#include <filesystem>
#include <string>

namespace mailsim::gui {

struct DataPaths {
  std::filesystem::path lessons;  // the bundled lessons (*.json)
  std::filesystem::path fonts;    // fonts to use when the system has none
  std::filesystem::path icon;     // a PNG for the window's icon
  bool installed = false;         // found beside the binary
};

// `exe`: the running binary (scenario::running_binary()).
DataPaths find_data_paths(const std::filesystem::path& exe);

}  // namespace mailsim::gui
