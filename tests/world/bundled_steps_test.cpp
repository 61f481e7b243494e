// The live state diagram lights the edge of every row a machine takes (issue 10): in every bundled
// lesson, each Step event in the trace names an edge of its machine's diagram - the same table the
// machine follows, drawn with its refusals - and every machine that speaks reports its steps.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "sim/scenario/load.hpp"
#include "sim/world/machines.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"

using namespace mailsim;

TEST_CASE("every Step of every bundled lesson is an edge of its machine's diagram") {
  std::map<std::string, proto::Diagram> diagrams;
  for (const std::string& name : world::machine_names()) diagrams.emplace(name, *world::machine_diagram(name, true));
  std::set<std::string> machines_seen;
  int lessons = 0;
  for (const auto& file : bundled_lesson_files()) {
    const std::string path = file.string();
    CAPTURE(path);
    world::World w(scenario::load_file(path));
    w.run();
    for (const trace::Event& e : w.trace().events()) {
      const auto* step = std::get_if<trace::data::Step>(&e.data);
      if (!step) continue;
      machines_seen.insert(step->machine);
      const auto d = diagrams.find(step->machine);
      REQUIRE_MESSAGE(d != diagrams.end(), "unknown machine " << step->machine);
      CHECK_MESSAGE(d->second.find(step->from, step->to, step->input) != nullptr,
                    step->machine << ": no edge " << step->from << " --" << step->input << "--> " << step->to);
    }
    ++lessons;
  }
  CHECK(lessons >= 10);
  // The bundled lessons submit, relay, read mail with POP3 and IMAP, and ask an authentication server.
  CHECK(machines_seen == std::set<std::string>{"smtp-server", "smtp-client", "pop3-server", "pop3-client", "imap-server",
                                               "imap-client", "auth-server", "auth-client"});
  CHECK(diagrams.size() == machines_seen.size());
}
