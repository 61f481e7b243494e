#pragma once
// Where mailsim-gui's files are. Installed (cmake --install, the .deb), they sit beside the binary:
// PREFIX/bin/mailsim-gui finds PREFIX/share/mailsim/scenarios and PREFIX/share/icons/...; any
// prefix works, because the way from bin/ to share/ is fixed at build time, not the prefix. Run
// from a build tree, where no share/ is beside it, it uses the source tree it was built from.
#include <filesystem>
#include <string>

namespace mailsim::gui {

struct DataPaths {
  std::filesystem::path lessons;  // the bundled lessons (*.json)
  std::filesystem::path fonts;    // fonts to use when the system has none
  std::filesystem::path icon;     // a PNG for the window's icon
  bool installed = false;         // found beside the binary
};

// `exe`: the running binary (see running_binary()).
DataPaths find_data_paths(const std::filesystem::path& exe);
// /proc/self/exe, or `argv0` made absolute when that cannot be read.
std::filesystem::path running_binary(const char* argv0);

}  // namespace mailsim::gui
