// A mail client after a temporary failure (auth-server.json, Carol's 454 4.7.0 while the
// authentication server is down): with `retry_after` it sends the message again later and it is
// delivered once; without it, or after a permanent failure (535), the message stays in the outbox.
#include <doctest/doctest.h>

#include <string>

#include "sim/scenario/load.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {
// Carol's PC tries again every `retry`; the authentication server, down at 30 s, is back at 80 s.
scenario::Scenario comes_back(Duration retry) {
  auto s = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-server.json");
  s.until = 5 * kMinute;
  s.clients[2].retry_after = retry;
  scenario::Failure up = s.failures[0];
  up.at = 80 * kSecond;
  up.kind = scenario::FailureKind::HostUp;
  s.failures.push_back(up);
  return s;
}

int submits(const world::World& w, const std::string& id, trace::SubmitStage stage) {
  int n = 0;
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Submit>(); s && e.message == id && s->stage == stage) ++n;
  return n;
}

std::size_t in_mailbox(const world::World& w, const std::string& address) {
  const auto* f = world::inbox_of(w, address);
  return f ? f->messages.size() : 0;
}
}  // namespace

TEST_CASE("client retry: 454 at the first try, the auth server back at the second: delivered once") {
  world::World w(comes_back(60 * kSecond));
  w.run();
  CHECK(submits(w, "m2", trace::SubmitStage::Started) == 2);
  CHECK(submits(w, "m2", trace::SubmitStage::Failed) == 1);
  CHECK(submits(w, "m2", trace::SubmitStage::Submitted) == 1);
  CHECK(w.mail_client("pc2.isp.example")->outbox().empty());
  CHECK(in_mailbox(w, "dan@home.example") == 1);
  bool noted = false;
  for (const auto& e : w.trace().events())
    if (const auto* n = e.get<trace::data::Note>())
      noted = noted || n->text == "m2: a temporary failure: sending again in 60s (try 2 of 5)";
  CHECK(noted);
}

TEST_CASE("client retry: without retry_after the message waits in the outbox (Thunderbird's Outbox)") {
  world::World w(comes_back(0));
  w.run();
  CHECK(submits(w, "m2", trace::SubmitStage::Started) == 1);
  CHECK(w.mail_client("pc2.isp.example")->outbox().size() == 1);
  CHECK(in_mailbox(w, "dan@home.example") == 0);
}

TEST_CASE("client retry: a permanent failure (535) is not retried, and the tries are bounded") {
  auto s = comes_back(60 * kSecond);
  s.clients[2].auth->password = "violet-8";
  s.failures.clear();  // the auth server is up: the first answer is 535, not 454
  world::World w(s);
  w.run();
  CHECK(submits(w, "m2", trace::SubmitStage::Started) == 1);
  CHECK(submits(w, "m2", trace::SubmitStage::Failed) == 1);
  CHECK(w.mail_client("pc2.isp.example")->outbox().size() == 1);
  // The auth server never comes back: kClientTries tries, then the message stays.
  auto never = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-server.json");
  never.until = 30 * kMinute;
  never.clients[2].retry_after = 60 * kSecond;
  world::World n(never);
  n.run();
  CHECK(submits(n, "m2", trace::SubmitStage::Started) == scenario::kClientTries);
  CHECK(n.mail_client("pc2.isp.example")->outbox().size() == 1);
}
