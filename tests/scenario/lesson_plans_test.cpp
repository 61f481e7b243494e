// The teacher's lesson plans (docs/lesson-plans.md and .ja.md) follow the course's topic list and name
// only lessons that exist, so a renamed lesson or a new topic cannot leave a plan behind unnoticed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "sim/scenario/topics.hpp"

using namespace mailsim::scenario;
namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where the plan's "## NAME" heading line starts, or npos.
std::size_t heading(const std::string& doc, std::string_view name) {
  const std::string line = "## " + std::string(name) + "\n";
  if (doc.starts_with(line)) return 0;
  const std::size_t at = doc.find("\n" + line);
  return at == std::string::npos ? at : at + 1;
}

void check_plans(const std::string& file, bool japanese) {
  const fs::path docs = fs::path(MAILSIM_SOURCE_DIR) / "docs";
  const std::string doc = read(docs / file);
  REQUIRE_MESSAGE(!doc.empty(), file);
  std::size_t previous = std::string::npos;
  for (const Topic& t : topics()) {
    const std::string_view name = japanese ? t.ja : t.en;
    CAPTURE(name);
    const std::size_t at = heading(doc, name);
    CHECK_MESSAGE(at != std::string::npos, file, ": no section headed \"## ", name, "\"");
    if (at == std::string::npos) continue;
    if (previous != std::string::npos)
      CHECK_MESSAGE(at > previous, file, ": the section \"", name, "\" is out of the course's order");
    previous = at;
  }
  // A lesson is named by its file; every name must be a bundled lesson.
  const std::regex lesson_file(R"(([A-Za-z0-9_.-]+)\.json)");
  int named = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), lesson_file); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[0];
    CAPTURE(name);
    CHECK_MESSAGE(fs::is_regular_file(fs::path(MAILSIM_SOURCE_DIR) / "scenarios" / name), file,
                  " names a lesson scenarios/ does not hold: ", name);
    ++named;
  }
  CHECK(named > 0);
}
}  // namespace

TEST_CASE("docs/lesson-plans.md has a section per topic, in order, and names only bundled lessons") {
  check_plans("lesson-plans.md", false);
}

TEST_CASE("docs/lesson-plans.ja.md has a section per topic, in order, and names only bundled lessons") {
  check_plans("lesson-plans.ja.md", true);
}
