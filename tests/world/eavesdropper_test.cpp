// The eavesdropper in the world (scenarios/eavesdropper-plaintext.json): a tap on the café's line
// decodes what crosses it. PLAIN gives Alice's password away, CRAM-MD5 and SCRAM-SHA-256 only her
// user name; the text of every message is read whatever the login. On the auth-server lesson's ISP
// line it reads POP3's USER/PASS and the mail Bob downloads; on a line no mail crosses it learns
// nothing; while its host is down it hears nothing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"
#include "print_lines.hpp"

using namespace mailsim;

namespace {

// The transcript's CAPTURED lines, without their time.
std::vector<std::string> captured(const world::World& w) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Captured) {
      const std::string line = trace::transcript_line(e);
      out.push_back(line.substr(line.find("CAPTURED")));
    }
  return out;
}

scenario::Host eavesdropper(std::string a, std::string b) {
  scenario::Host h;
  h.name = "eve.example";
  h.address = "10.66.0.66";
  h.role = scenario::Role::Eavesdropper;
  h.tap = {std::move(a), std::move(b)};
  return h;
}
}  // namespace

TEST_CASE("eavesdropper: the password with PLAIN, only the user name with CRAM-MD5 and SCRAM, every message's text") {
  world::World w(bundled_lesson("eavesdropper-plaintext"));
  w.run();
  CHECK(captured(w) ==
        std::vector<std::string>{
            "CAPTURED eve.cafe.example #1: password: AUTH PLAIN user=alice password=correct-horse",
            "CAPTURED eve.cafe.example #1: mail text (sent): From: alice@school.example; To: bob@school.example; "
            "Subject: Club meeting; 5 body line(s)",
            "CAPTURED eve.cafe.example #3: login: AUTH CRAM-MD5 user=alice, a challenge-response: nothing reusable",
            "CAPTURED eve.cafe.example #3: mail text (sent): From: alice@school.example; To: bob@school.example; "
            "Subject: Telescope; 2 body line(s)",
            "CAPTURED eve.cafe.example #5: login: AUTH SCRAM-SHA-256 user=alice, a challenge-response: nothing reusable",
            "CAPTURED eve.cafe.example #5: mail text (sent): From: alice@school.example; To: bob@school.example; "
            "Subject: My new phone number; 2 body line(s)",
        });
  // The typed fields: what the inspector tab and the expectations read.
  std::vector<const trace::data::Captured*> c;
  for (const auto& e : w.trace().events())
    if (const auto* x = e.get<trace::data::Captured>()) c.push_back(x);
  REQUIRE(c.size() == 6);
  CHECK(c[0]->what == trace::CaptureWhat::Credential);
  CHECK(c[2]->what == trace::CaptureWhat::ChallengeResponse);
  CHECK(c[2]->password.empty());
  CHECK(c[5]->body == std::vector<std::string>{"My new number is 090-1234-5678.", "Alice"});
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
}

TEST_CASE("eavesdropper: the expectation fails when the password was not seen, and says what was") {
  auto s = bundled_lesson("eavesdropper-plaintext");
  s.clients[0].auth->mechanism = sasl::Mechanism::CramMd5;  // the laptop no longer sends PLAIN
  world::World w(s);
  w.run();
  const auto results = world::check_expectations(w);
  REQUIRE(results.size() == 6);
  CHECK_FALSE(results[0].ok);
  CHECK(results[0].detail.en == "no login of alice (AUTH PLAIN) captured");
  CHECK(results[1].ok);
  scenario::Expectation any;
  any.kind = scenario::ExpectKind::Captured;
  any.user = "alice";
  any.host = "eve.cafe.example";
  any.password = false;
  s.expect = {any};
  world::World w2(s);
  w2.run();
  const auto r = world::check_expectations(w2);
  CHECK(r[0].ok);
  CHECK(r[0].detail.en == "3 login(s) captured, 0 with the password");
}

TEST_CASE("eavesdropper: on the ISP's line of auth-server, POP3's USER/PASS and the mail Bob reads") {
  auto s = bundled_lesson("auth-server");
  s.hosts.push_back(eavesdropper("router.isp.example", "internet.example"));
  world::World w(s);
  w.run();
  const auto got = captured(w);
  REQUIRE(got.size() == 5);
  CHECK(got[0].ends_with("login: AUTH CRAM-MD5 user=alice, a challenge-response: nothing reusable"));
  CHECK(got[1].ends_with("mail text (sent): From: alice@school.example; To: bob@school.example; Subject: Club meeting; 5 body line(s)"));
  CHECK(got[2].ends_with("password: USER/PASS user=bob password=pale-moon"));
  CHECK(got[3].ends_with("mail text (read): From: alice@school.example; To: bob@school.example; Subject: Club meeting; 5 body line(s)"));
  // Carol's PLAIN crosses the line before the submission server finds the auth server down.
  CHECK(got[4].ends_with("password: AUTH PLAIN user=carol password=violet-7"));
  // The same lesson's own dialogs and deliveries are what they were without a listener.
  world::World plain(bundled_lesson("auth-server"));
  plain.run();
  std::size_t segments = 0, plain_segments = 0;
  for (const auto& e : w.trace().events()) segments += e.kind == trace::Kind::Segment;
  for (const auto& e : plain.trace().events()) plain_segments += e.kind == trace::Kind::Segment;
  CHECK(segments == plain_segments);
}

TEST_CASE("eavesdropper: a line no mail crosses gives nothing, and a host that is down hears nothing") {
  auto s = bundled_lesson("auth-server");
  s.hosts.push_back(eavesdropper("router.home.example", "mx.home.example"));
  world::World w(s);
  w.run();
  CHECK(captured(w).empty());
  auto t = bundled_lesson("eavesdropper-plaintext");
  for (auto& h : t.hosts)
    if (h.role == scenario::Role::Eavesdropper) h.up = false;
  world::World off(t);
  off.run();
  CHECK(captured(off).empty());
}
