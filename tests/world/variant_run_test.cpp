// A student's variant of every bundled lesson behaves as the lesson does: the same events in the
// same order, and every expectation holds. Only the lines of message content may differ in number:
// a longer name folds a long To: field onto one more line.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/load.hpp"
#include "sim/scenario/variant.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"

using namespace mailsim;
namespace fs = std::filesystem;

TEST_CASE("every bundled lesson's variant runs the same story, and its expectations hold") {
  for (const fs::path& f : bundled_lesson_files()) {
    CAPTURE(f.filename().string());
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const scenario::Variant v = scenario::make_variant(text.str(), f.string(), 42);
    world::World original(scenario::load_text(text.str(), f.string()));
    world::World variant(scenario::load_text(v.text, f.string()));
    original.run();
    variant.run();
    const auto story = [](const world::World& w) {
      std::vector<std::pair<trace::Kind, Time>> out;
      for (const trace::Event& e : w.trace().events()) {
        const auto* seg = e.get<trace::data::Segment>();
        if (!(seg && seg->what == trace::Payload::Content)) out.emplace_back(e.kind, e.time);
      }
      return out;
    };
    const auto a = story(original), b = story(variant);
    REQUIRE(a.size() == b.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.size(); ++i) differ += a[i].first != b[i].first;
    CHECK(differ == 0);
    for (const auto& r : world::check_expectations(variant)) {
      CAPTURE(r.description.en);
      CHECK(r.ok);
    }
  }
}
