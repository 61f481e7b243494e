#include "viz/app/data_paths.hpp"

#include "sim/scenario/data_dir.hpp"

namespace mailsim::gui {

namespace fs = std::filesystem;

DataPaths find_data_paths(const fs::path& exe) {
  DataPaths d;
  d.lessons = scenario::bundled_lessons_dir(exe);
  if (const fs::path share = scenario::installed_share_dir(exe); !share.empty()) {
    d.fonts = share / "mailsim" / "fonts";
    d.icon = share / "icons" / "hicolor" / "64x64" / "apps" / "mailsim.png";
    d.installed = true;
    return d;
  }
  const fs::path source = scenario::source_dir();
  d.fonts = source / "assets" / "fonts";
  d.icon = source / "assets" / "icons" / "mailsim-64.png";
  return d;
}

}  // namespace mailsim::gui
