#include "sim/scenario/catalog.hpp"

#include <algorithm>
#include <system_error>

#include "sim/scenario/load.hpp"

namespace mailsim::scenario {

namespace fs = std::filesystem;

namespace {
bool is_lesson_file(const fs::path& p) {
  const std::string name = p.filename().string();
  const auto ends_with = [&](const std::string& tail) {
    return name.size() >= tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  };
  return ends_with(".json") && !ends_with(".schema.json");
}
}  // namespace

LessonCatalog list_lessons(const fs::path& dir) {
  LessonCatalog c;
  c.dir = dir;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && is_lesson_file(it->path())) files.push_back(it->path());
  }
  if (ec) {
    c.error = dir.string() + ": " + ec.message();
    return c;
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  if (files.size() > kMaxLessons) {
    c.left_out = files.size() - kMaxLessons;
    files.resize(kMaxLessons);
  }
  for (const fs::path& f : files) {
    LessonEntry e;
    e.path = f;
    e.id = f.stem().string();
    try {
      const scenario::Scenario s = scenario::load_file(f.string());
      e.title = s.title;
      e.description = s.description;
      e.lesson = s.lesson;
    } catch (const std::exception& x) {  // ScenarioError; anything else is as unreadable
      e.title = {f.filename().string(), f.filename().string()};
      e.error = x.what();
    }
    if (e.title.en.empty() && e.title.ja.empty()) e.title = {f.stem().string(), f.stem().string()};
    c.lessons.push_back(std::move(e));
  }
  return c;
}

}  // namespace mailsim::scenario
