#include "sim/cli/lessons.hpp"

#include <string>

#include "sim/scenario/data_dir.hpp"
#include "sim/scenario/lesson_index.hpp"

namespace mailsim::cli {

int lessons(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::string dir;
  bool ja = false;
  auto format = scenario::IndexFormat::Text;
  for (int i = 2; i < argc; ++i) {
    const std::string opt = argv[i];
    if (opt == "--lang" && i + 1 < argc) {
      const std::string lang = argv[++i];
      if (lang != "en" && lang != "ja") {
        err << "mailsim: --lang is en or ja, not " << lang << "\n";
        return 2;
      }
      ja = lang == "ja";
    } else if (opt == "--format" && i + 1 < argc) {
      const std::string f = argv[++i];
      if (f != "text" && f != "md") {
        err << "mailsim: --format is text or md, not " << f << "\n";
        return 2;
      }
      format = f == "md" ? scenario::IndexFormat::Markdown : scenario::IndexFormat::Text;
    } else if (!opt.empty() && opt[0] != '-' && dir.empty()) {
      dir = opt;
    } else {
      err << "mailsim: lessons: unexpected " << opt << "\n";
      return 2;
    }
  }
  if (dir.empty()) dir = scenario::bundled_lessons_dir(scenario::running_binary(argv[0])).string();
  const scenario::LessonCatalog c = scenario::list_lessons(dir);
  const auto problems = scenario::index_problems(c);
  for (const std::string& p : problems) err << "mailsim: " << p << "\n";
  if (!c.error.empty()) return 1;
  out << scenario::lesson_index(c, ja, format);
  return problems.empty() ? 0 : 1;
}

}  // namespace mailsim::cli
