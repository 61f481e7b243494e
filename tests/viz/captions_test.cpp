// The caption the app shows comes from the run on show: in unknown-user the 550 caption is up when
// mx.home.example's 550 is on the wire and points the dialog at that connection; after the teacher
// switches mx.home.example off, that caption never shows and the opening one still does.
#include <doctest/doctest.h>

#include "sim/scenario/load.hpp"
#include "viz/model/captions.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {
scenario::Scenario unknown_user() { return scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/unknown-user.json"); }
constexpr Time kAt550 = 10 * kSecond + 290 * kMillisecond;  // "#3 S: 550 5.1.1" in the transcript
}  // namespace

TEST_CASE("captions: the one on screen follows the events of the run, with its focus connection") {
  Session s(unknown_user());
  const auto& sc = s.scenario();
  const auto first = caption_at(s.model(), sc, 5 * kSecond);
  REQUIRE(first);
  CHECK(first->caption == &sc.captions[0]);
  // Just before the 550 the relay's arrival caption is up; from the 550 on, the 550 caption.
  const auto before = caption_at(s.model(), sc, kAt550 - 1);
  REQUIRE(before);
  CHECK(before->caption == &sc.captions[1]);
  const auto at = caption_at(s.model(), sc, kAt550);
  REQUIRE(at);
  CHECK(at->caption == &sc.captions[2]);
  const Connection* c = focus_connection(s.model(), *at->caption, kAt550);
  REQUIRE(c);
  CHECK(c->client == "relay.isp.example");
  CHECK(c->server == "mx.home.example");
  // The bounce's caption points at the relay's connection to mx.school.example once it is open.
  const auto bounce = caption_at(s.model(), sc, 10 * kSecond + 400 * kMillisecond);
  REQUIRE(bounce);
  CHECK(bounce->caption == &sc.captions[3]);
  const Connection* b = focus_connection(s.model(), *bounce->caption, 10 * kSecond + 400 * kMillisecond);
  REQUIRE(b);
  CHECK(b->server == "mx.school.example");
  // Long after, nothing is up.
  CHECK_FALSE(caption_at(s.model(), sc, 59 * kSecond));
}

TEST_CASE("captions: a teacher's failure takes away the captions whose events no longer happen") {
  Session s(unknown_user());
  scenario::Failure down;
  down.at = 5 * kSecond;
  down.kind = scenario::FailureKind::HostDown;
  down.host = "mx.home.example";
  s.inject(down);
  const auto& sc = s.scenario();
  for (Time t = 0; t < 60 * kSecond; t += 10 * kMillisecond) {
    const auto c = caption_at(s.model(), sc, t);
    if (c) CHECK(c->caption != &sc.captions[2]);  // no 550: mx.home.example never answers
    if (c) CHECK(c->caption != &sc.captions[3]);  // and so no bounce to mx.school.example
  }
  REQUIRE(caption_at(s.model(), sc, 0));
  CHECK(caption_at(s.model(), sc, 0)->caption == &sc.captions[0]);
  // The relay still receives the message: that caption comes as before.
  bool relay_caption = false;
  for (Time t = 10 * kSecond; t < 11 * kSecond; t += kMillisecond)
    if (const auto c = caption_at(s.model(), sc, t)) relay_caption |= c->caption == &sc.captions[1];
  CHECK(relay_caption);
}
