// The lesson index (`mailsim lessons`): the bundled lessons by topic, the topics still without a
// lesson, and the mistakes in a folder a teacher must mend.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "scenario/scratch.hpp"
#include "sim/scenario/lesson_index.hpp"
#include "sim/scenario/topics.hpp"

using namespace mailsim::scenario;
namespace fs = std::filesystem;

namespace {
std::string lesson(const std::string& keys) {
  return R"({"title": {"en": "T", "ja": "て"}, )" + keys +
         R"(, "hosts": [{"name": "ns.example", "address": "10.0.0.53", "role": "dns"}]})";
}
}  // namespace

TEST_CASE("every bundled lesson says where it sits in the course") {
  const LessonCatalog c = list_lessons(fs::path(MAILSIM_SOURCE_DIR) / "scenarios");
  REQUIRE(c.lessons.size() >= 21);
  for (const LessonEntry& e : c.lessons) {
    CAPTURE(e.id);
    CHECK(e.error.empty());
    CHECK_FALSE(e.lesson.topics.empty());
    CHECK(e.lesson.level != Level::Unset);
    CHECK(e.lesson.minutes > 0);
  }
  CHECK(index_problems(c).empty());
}

// Every topic of the course has a bundled lesson: a change that leaves one without fails.
TEST_CASE("every topic of the course has a bundled lesson") {
  const LessonCatalog c = list_lessons(fs::path(MAILSIM_SOURCE_DIR) / "scenarios");
  CHECK(topics_without_lesson(c).empty());
}

TEST_CASE("the index lists a topic's lessons by level, and says which topics have none") {
  const fs::path dir = scratch("mailsim-index-test");
  write(dir / "b-advanced.json", lesson(R"("topics": ["relay"], "level": "advanced", "minutes": 20)"));
  write(dir / "c-intro.json", lesson(R"("topics": ["relay", "spf"], "level": "intro", "minutes": 5)"));
  write(dir / "a-unsaid.json", lesson(R"("topics": ["relay"])"));
  const LessonCatalog c = list_lessons(dir);
  const std::string md = lesson_index(c, false, IndexFormat::Markdown);
  const std::string relay = "## Relaying: the sender's server passes the mail on\n\n"
                            "| lesson | file | level | minutes | take first |\n| --- | --- | --- | --- | --- |\n"
                            "| T | `c-intro.json` | intro | 5 | — |\n"
                            "| T | `b-advanced.json` | advanced | 20 | — |\n"
                            "| T | `a-unsaid.json` | — | — | — |\n";
  CHECK(md.find(relay) != std::string::npos);
  CHECK(md.find("## The journey of a message, in five steps\n\n*No lesson yet.*\n") != std::string::npos);
  CHECK(md.find("3 lessons; 2 of the course's 25 topics have one.") != std::string::npos);
  const std::string ja = lesson_index(c, true, IndexFormat::Text);
  CHECK(ja.find("レッスン 3 本。講座の 25 トピックのうち 2 にレッスンがあります。") != std::string::npos);
  CHECK(ja.find("  c-intro     入門  5 分  て\n") != std::string::npos);
  CHECK(topics_without_lesson(c).size() == topics().size() - 2);
}

TEST_CASE("a prerequisite that is not in the folder, and a lesson that does not load, are problems") {
  const fs::path dir = scratch("mailsim-index-problems");
  write(dir / "first.json", lesson(R"("topics": ["relay"])"));
  write(dir / "second.json", lesson(R"("topics": ["relay"], "prerequisites": ["first", "zeroth"])"));
  write(dir / "broken.json", "{");
  const LessonCatalog c = list_lessons(dir);
  const auto problems = index_problems(c);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].rfind((dir / "broken.json").string() + ":1:2: /: ", 0) == 0);
  CHECK(problems[1] == (dir / "second.json").string() + ": prerequisite 'zeroth' is not a lesson in " + dir.string() +
                           " (no zeroth.json there)");
}
