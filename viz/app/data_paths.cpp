#include "viz/app/data_paths.hpp"

#include <system_error>

namespace mailsim::gui {

namespace fs = std::filesystem;

DataPaths find_data_paths(const fs::path& exe) {
  std::error_code ec;
  // MAILSIM_DATADIR_FROM_BIN: GNUInstallDirs' share/ as seen from its bin/ ("../share").
  const fs::path share = (exe.parent_path() / MAILSIM_DATADIR_FROM_BIN).lexically_normal();
  DataPaths d;
  if (fs::is_directory(share / "mailsim" / "scenarios", ec)) {
    d.lessons = share / "mailsim" / "scenarios";
    d.fonts = share / "mailsim" / "fonts";
    d.icon = share / "icons" / "hicolor" / "64x64" / "apps" / "mailsim.png";
    d.installed = true;
    return d;
  }
  const fs::path source = MAILSIM_SOURCE_DIR;
  d.lessons = source / "scenarios";
  d.fonts = source / "assets" / "fonts";
  d.icon = source / "assets" / "icons" / "mailsim-64.png";
  return d;
}

fs::path running_binary(const char* argv0) {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return p;
  return fs::absolute(argv0 ? argv0 : "", ec);
}

}  // namespace mailsim::gui
