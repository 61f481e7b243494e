#include "sim/scenario/data_dir.hpp"

#include <system_error>

namespace mailsim::scenario {

namespace fs = std::filesystem;

fs::path installed_share_dir(const fs::path& exe) {
  std::error_code ec;
  // MAILSIM_DATADIR_FROM_BIN: GNUInstallDirs' share/ as seen from its bin/ ("../share").
  const fs::path share = (exe.parent_path() / MAILSIM_DATADIR_FROM_BIN).lexically_normal();
  return fs::is_directory(share / "mailsim" / "scenarios", ec) ? share : fs::path();
}

fs::path source_dir() { return MAILSIM_SOURCE_DIR; }

fs::path bundled_lessons_dir(const fs::path& exe) {
  const fs::path share = installed_share_dir(exe);
  return share.empty() ? source_dir() / "scenarios" : share / "mailsim" / "scenarios";
}

fs::path running_binary(const char* argv0) {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return p;
  return fs::absolute(argv0 ? argv0 : "", ec);
}

}  // namespace mailsim::scenario
