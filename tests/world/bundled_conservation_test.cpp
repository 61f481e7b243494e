// Every bundled lesson loses no mail: after each event of its run (mail in flight between two queues
// included) and at its end, each accepted message is accounted for.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "conservation.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"

using namespace mailsim;

TEST_CASE("every bundled lesson keeps its mail accounted for after every event and at its end") {
  int seen = 0;
  for (const auto& file : bundled_lesson_files()) {
    const std::string path = file.string();
    CAPTURE(path);
    world::World w(scenario::load_file(path));
    lesson::run_checked(w);
    CHECK(w.trace().size() > 30);
    ++seen;
  }
  CHECK(seen >= 10);
}
