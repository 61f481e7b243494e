// The loader on the eavesdropper's keys (role eavesdropper, tap) and the captured expectation, each
// misuse with its located message (the bundled lesson is the base text).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

namespace {

const std::string kTap = R"("tap": ["router.cafe.example", "internet.example"])";

}  // namespace

TEST_CASE("eavesdropper keys: the bundled lesson loads with what it says") {
  const auto s = scenario::load_text(lesson_text("eavesdropper-plaintext.json"), "eavesdropper-plaintext.json");
  const scenario::Host* eve = s.find_host("eve.cafe.example");
  REQUIRE(eve);
  CHECK(eve->role == scenario::Role::Eavesdropper);
  CHECK(scenario::to_string(eve->role) == "eavesdropper");
  CHECK(eve->tap == std::pair<std::string, std::string>{"router.cafe.example", "internet.example"});
  CHECK(s.focus == "captured");
  REQUIRE(s.expect.size() == 6);
  CHECK(s.expect[0].kind == scenario::ExpectKind::Captured);
  CHECK(s.expect[0].user == "alice");
  CHECK(s.expect[0].method == "AUTH PLAIN");
  CHECK(s.expect[0].password);
  CHECK_FALSE(s.expect[1].password);
}

TEST_CASE("eavesdropper keys: each misuse of tap is a located error") {
  const std::string a = lesson_text("eavesdropper-plaintext.json");
  CHECK(message_of(edited(a, kTap, R"("tap": ["router.cafe.example"])")) ==
        "/hosts/4/tap: 'tap' names the link listened on: its two hosts, [\"a\", \"b\"]");
  CHECK(message_of(edited(a, kTap, R"("tap": ["laptop.cafe.example", "internet.example"])")) ==
        "/hosts/4/tap: 'laptop.cafe.example' and 'internet.example' are not linked: 'tap' names one of the lesson's links");
  CHECK(message_of(edited(a, kTap, R"("tap": ["router.cafe.example", "nowhere.example"])")) ==
        "/hosts/4/tap/1: no host named 'nowhere.example'");
  CHECK(message_of(edited(a, kTap + ", ", "")) == "/hosts/4: missing required key 'tap'");
  CHECK(message_of(edited(a, R"("role": "router", "position": [0.22, 0.5]})",
                          R"("role": "router", "position": [0.22, 0.5], )" + kTap + "}")) ==
        "/hosts/3/tap: 'tap' applies only to eavesdropper hosts, not to a router host");
  CHECK(message_of(edited(a, R"({"between": ["ns.example", "internet.example"], "latency": "5ms"})",
                          R"({"between": ["ns.example", "internet.example"], "latency": "5ms"},
    {"between": ["eve.cafe.example", "internet.example"]})")) ==
        "/links/5/between/0: 'eve.cafe.example' is an eavesdropper: it listens on a link ('tap') and is linked to nothing");
}

TEST_CASE("eavesdropper keys: the captured expectation") {
  const std::string a = lesson_text("eavesdropper-plaintext.json");
  const std::string x = R"({"captured": "alice", "host": "eve.cafe.example", "method": "AUTH PLAIN", "password": true})";
  CHECK(message_of(edited(a, x, R"({"captured": "alice", "host": "mail.school.example"})")) ==
        "/expect/0/host: 'mail.school.example' is a submission host; only an eavesdropper captures what crosses a link");
  CHECK(message_of(edited(a, x, R"({"captured": "alice", "host": "eve.cafe.example", "password": "yes"})"))
            .starts_with("/expect/0/password: "));
  CHECK(message_of(edited(a, x, R"({"captured": "alice", "host": "eve.cafe.example", "mailbox": "bob@school.example"})")) ==
        "/expect/0/mailbox: 'mailbox' does not apply to a captured expectation");
}
