#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "scenario/scratch.hpp"
#include "sim/scenario/catalog.hpp"

using namespace mailsim;
using namespace mailsim::scenario;
namespace fs = std::filesystem;

TEST_CASE("the lesson picker lists every bundled lesson with its titles, in file-name order") {
  const fs::path dir = fs::path(MAILSIM_SOURCE_DIR) / "scenarios";
  const LessonCatalog c = list_lessons(dir);
  CHECK(c.error.empty());
  CHECK(c.left_out == 0);
  std::vector<std::string> expected;
  for (const auto& f : fs::directory_iterator(dir)) {
    const std::string name = f.path().filename().string();
    if (f.path().extension() == ".json" && name != "scenario.schema.json") expected.push_back(name);
  }
  std::sort(expected.begin(), expected.end());
  REQUIRE(c.lessons.size() == expected.size());
  REQUIRE(expected.size() >= 10);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const LessonEntry& e = c.lessons[i];
    CAPTURE(expected[i]);
    CHECK(e.path.filename() == expected[i]);
    CHECK(e.error.empty());
    CHECK(!e.title.en.empty());
    CHECK(!e.title.ja.empty());
    CHECK(!e.description.en.empty());
  }
  const auto basic = std::find_if(c.lessons.begin(), c.lessons.end(),
                                  [](const LessonEntry& e) { return e.path.filename() == "basic-delivery.json"; });
  REQUIRE(basic != c.lessons.end());
  CHECK(basic->title.en == "Basic delivery inside one school");
  CHECK(basic->title.ja == "学校の中での基本的な配送");
}

TEST_CASE("the lesson picker shows a broken lesson with the loader's message and skips what is no lesson") {
  const fs::path dir = scratch("mailsim-catalog-test");
  write(dir / "b-good.json", R"({"title": {"en": "Good", "ja": "良い"}, "description": {"en": "D"},
  "hosts": [{"name": "a.example", "address": "10.0.0.1", "role": "client"}]})");
  write(dir / "a-broken.json", "{\n  \"title\": \"x\",\n  \"hosts\": [{\"name\": \"a.example\", \"address\": \"10.0.0.300\", \"role\": \"client\"}]\n}\n");
  write(dir / "lesson.schema.json", "{}");
  write(dir / "notes.txt", "not a lesson");
  fs::create_directories(dir / "folder.json");
  const LessonCatalog c = list_lessons(dir);
  CHECK(c.error.empty());
  REQUIRE(c.lessons.size() == 2);
  CHECK(c.lessons[0].path.filename() == "a-broken.json");
  CHECK(c.lessons[0].title.en == "a-broken.json");
  CHECK(c.lessons[0].error == (dir / "a-broken.json").string() +
                                  ":3:46: /hosts/0/address: '10.0.0.300' is not an IPv4 address");
  CHECK(c.lessons[1].title.en == "Good");
  CHECK(c.lessons[1].title.ja == "良い");
  CHECK(c.lessons[1].description.en == "D");
  CHECK(c.lessons[1].error.empty());
  fs::remove_all(dir);
}

TEST_CASE("the lesson picker says why a folder cannot be read, and lists at most kMaxLessons") {
  const LessonCatalog missing = list_lessons("/nonexistent/mailsim/scenarios");
  CHECK(missing.lessons.empty());
  CHECK(missing.error.rfind("/nonexistent/mailsim/scenarios: ", 0) == 0);

  const fs::path dir = scratch("mailsim-catalog-many");
  for (std::size_t i = 0; i <= kMaxLessons; ++i) write(dir / ("l" + std::to_string(1000 + i) + ".json"), "{}");
  const LessonCatalog many = list_lessons(dir);
  CHECK(many.lessons.size() == kMaxLessons);
  CHECK(many.left_out == 1);
  CHECK(many.lessons.back().path.filename() == "l" + std::to_string(1000 + kMaxLessons - 1) + ".json");
  fs::remove_all(dir);
}
