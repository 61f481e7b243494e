// The received expectation: which servers a delivered copy's Received: fields name, the first server
// first. The loader's located errors, and the check against a real run of the bundled lesson, both
// when the path holds and when it names the wrong servers.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

const std::string kLesson = "isp-vs-own-server.json";
const std::string kFirst =
    R"({"received": "m1", "mailbox": "yuki@client-corp.example", "path": ["smtp.isp.example", "mx.client-corp.example"]})";

std::vector<world::ExpectResult> run(const std::string& text) {
  world::World w(scenario::load_text(text, kLesson));
  w.run();
  return world::check_expectations(w);
}

}  // namespace

TEST_CASE("received expectation: the bundled lesson's paths are read from its keys") {
  const auto s = scenario::load_text(lesson_text(kLesson), kLesson);
  REQUIRE(s.expect.size() == 6);
  CHECK(s.expect[2].kind == scenario::ExpectKind::Received);
  CHECK(scenario::to_string(s.expect[2].kind) == "received");
  CHECK(s.expect[2].message == "m1");
  CHECK(s.expect[2].mailbox == "yuki@client-corp.example");
  CHECK(s.expect[2].path == std::vector<std::string>{"smtp.isp.example", "mx.client-corp.example"});
}

TEST_CASE("received expectation: each misuse is a located error") {
  const std::string a = lesson_text(kLesson);
  CHECK(message_of(edited(a, kFirst, R"({"received": "m1", "mailbox": "yuki@client-corp.example", "path": []})")) ==
        "/expect/2/path: a received expectation names the servers the message went through, the first first");
  CHECK(message_of(edited(a, kFirst,
                          R"({"received": "m1", "mailbox": "yuki@client-corp.example", "path": ["laptop.isp.example"]})")) ==
        "/expect/2/path/0: 'laptop.isp.example' is a client host; only mail servers add Received: fields");
  CHECK(message_of(edited(a, kFirst, R"({"received": "m1", "mailbox": "yuki@client-corp.example"})")) ==
        "/expect/2: missing required key 'path'");
  CHECK(message_of(edited(a, kFirst, R"({"received": "m9", "mailbox": "yuki@client-corp.example", "path": ["smtp.isp.example"]})")) ==
        "/expect/2/received: no message with id 'm9'");
  CHECK(message_of(edited(a, kFirst,
                          R"({"received": "m1", "mailbox": "yuki@client-corp.example", "path": ["smtp.isp.example"], "host": "smtp.isp.example"})")) ==
        "/expect/2/host: 'host' does not apply to a received expectation");
}

TEST_CASE("received expectation: holds for the path the fields name, and says which servers they name when not") {
  const auto held = run(lesson_text(kLesson));
  REQUIRE(held.size() == 6);
  CHECK(held[2].ok);
  CHECK(held[3].ok);
  CHECK(held[3].detail.en == "its Received: fields say mail.kenta-design.example → mx.client-corp.example");

  // The order matters: the lowest field is the first server.
  const auto reversed = run(edited(lesson_text(kLesson), kFirst,
                                   R"({"received": "m1", "mailbox": "yuki@client-corp.example", "path": ["mx.client-corp.example", "smtp.isp.example"]})"));
  CHECK_FALSE(reversed[2].ok);
  CHECK(reversed[2].detail.en == "its Received: fields say smtp.isp.example → mx.client-corp.example");
  CHECK(reversed[2].detail.ja == "Received: フィールドによると smtp.isp.example → mx.client-corp.example");

  // A server the message never met.
  const auto wrong = run(edited(lesson_text(kLesson), kFirst,
                                R"({"received": "m1", "mailbox": "yuki@client-corp.example", "path": ["mail.kenta-design.example", "mx.client-corp.example"]})"));
  CHECK_FALSE(wrong[2].ok);
}
