#pragma once
// Where the bundled lessons are, for `mailsim lessons` and the classroom app. Installed (cmake
// --install, the .deb), they sit beside the binary: PREFIX/bin/mailsim finds
// PREFIX/share/mailsim/scenarios; any prefix works, because the way from bin/ to share/ is fixed at
// build time, not the prefix. Run from a build tree, where no share/ is beside it, the programs use
// the source tree they were built from.
#include <filesystem>

namespace mailsim::scenario {

// PREFIX/share when `exe` (the running binary) is installed beside one holding mailsim/scenarios,
// else empty.
std::filesystem::path installed_share_dir(const std::filesystem::path& exe);
// The source tree the programs were built from.
std::filesystem::path source_dir();
// The bundled lessons: installed_share_dir(exe)/mailsim/scenarios, or source_dir()/scenarios.
std::filesystem::path bundled_lessons_dir(const std::filesystem::path& exe);
// /proc/self/exe, or `argv0` made absolute when that cannot be read.
std::filesystem::path running_binary(const char* argv0);

}  // namespace mailsim::scenario
