// The event list's summaries: worded from the event's fields in both languages, and in English the
// same as the simulator's own trace text where that text is a plain description.
#include <doctest/doctest.h>

#include <map>

#include "sim/scenario/load.hpp"
#include "viz/model/event_summary.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using viz::Lang;

namespace {

struct Lesson {
  viz::Session session{scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/destination-down-retry.json")};
  std::string en(const trace::Event& e) { return viz::event_summary(e, session.scenario(), {}, Lang::En); }
  std::string ja(const trace::Event& e) { return viz::event_summary(e, session.scenario(), {}, Lang::Ja); }
  const trace::Event& first(trace::Kind k) {
    for (const auto& e : session.model().events())
      if (e.kind == k) return e;
    FAIL("no such event");
    throw;
  }
};

}  // namespace

TEST_CASE("failures show the scenario's note in the display language") {
  Lesson l;
  const auto& down = l.first(trace::Kind::Failure);
  CHECK(l.en(down) == "host down mx.home.example: Bob's mail server loses power.");
  CHECK(l.ja(down) == "ホスト停止 mx.home.example: ボブのメールサーバーの電源が落ちます。");
  CHECK(l.ja(l.first(trace::Kind::HostState)) == "ホスト停止");
}

TEST_CASE("connections are described from addresses the scenario gives") {
  Lesson l;
  // The transcript's words for an established connection come from the same facts.
  std::size_t accepted = 0;
  for (const auto& e : l.session.model().events())
    if (e.kind == trace::Kind::Accepted) {
      const auto& a = e.as<trace::data::Accepted>();
      CHECK(l.en(e) == "connected " + a.client + " -> " + a.server);
      ++accepted;
    }
  CHECK(accepted == 3);  // submission, relay, and the MX once it is back (the attempts before time out)
  const auto& timeout = l.first(trace::Kind::TimedOut);
  CHECK(l.en(timeout) == "connection to 10.1.0.25:25 timed out (no answer)");
  CHECK(l.ja(timeout) == "10.1.0.25:25 への接続がタイムアウト(応答なし)");
  CHECK(l.en(l.first(trace::Kind::Connect)) == "connect to 10.0.1.25:587 (SYN)");
  CHECK(l.ja(l.first(trace::Kind::Close)) == "切断(FIN)");
}

TEST_CASE("queue moves name the queue in the display language and keep the MTA's log line") {
  Lesson l;
  for (const auto& e : l.session.model().events())
    if (e.kind == trace::Kind::Queue && e.as<trace::data::Queue>().to == trace::QueueName::Deferred &&
        e.as<trace::data::Queue>().from != trace::QueueName::Deferred) {
      const std::string& log = e.as<trace::data::Queue>().log;
      CHECK(l.en(e) == e.queue_id + " → deferred: " + log);
      CHECK(l.ja(e) == e.queue_id + " → deferred(再試行待ち): " + log);
      return;
    }
  FAIL("nothing was deferred");
}

TEST_CASE("what the simulator says is worded in Japanese, wire lines stay as they were sent") {
  Lesson l;
  std::map<trace::Kind, int> translated;
  for (const auto& e : l.session.model().events()) {
    const bool wire = e.kind == trace::Kind::Segment || e.kind == trace::Kind::Datagram ||
                      e.kind == trace::Kind::Submit || e.kind == trace::Kind::Note;
    if (wire) CHECK(l.ja(e) == l.en(e));
    else if (e.kind != trace::Kind::Queue) CHECK_MESSAGE(l.ja(e) != l.en(e), l.en(e));
  }
  CHECK(l.en(l.first(trace::Kind::Delivery)) == "delivered to the mailbox of bob@home.example");
  CHECK(l.ja(l.first(trace::Kind::Delivery)) == "bob@home.example のメールボックスに配送");
}

TEST_CASE("a refusal names the server that refused, a bounce names its report") {
  Lesson l;
  trace::Event refused;
  refused.data = trace::data::Refused{"10.1.0.25"};
  refused.kind = trace::Kind::Refused;  // written by the server's side
  refused.host = "mx.home.example";
  refused.peer = "relay.isp.example";
  refused.port = 25;
  CHECK(l.en(refused) == "connection to 10.1.0.25:25 refused (nothing listening)");
  trace::Event bounce;
  bounce.data = trace::data::Bounce{trace::BounceAction::Failed, "9C3D1"};  // the facts, as fields
  bounce.kind = trace::Kind::Bounce;
  bounce.queue_id = "4F1A2";
  CHECK(l.en(bounce) == "4F1A2: bounce (delivery failure report) to the sender, queued as 9C3D1");
  bounce.as<trace::data::Bounce>().action = trace::BounceAction::Delayed;
  CHECK(l.ja(bounce) == "4F1A2:差出人へ遅延のお知らせ(再送は続く)、キューID 9C3D1");
  CHECK(l.en(bounce) == "4F1A2: delay warning to the sender (still trying), queued as 9C3D1");
}

TEST_CASE("what the eavesdropper captured is worded in Japanese too, in the Captured panel's words") {
  viz::Session s(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/reading-implicit-tls.json"));
  std::vector<std::string> ja;
  for (const auto& e : s.model().events())
    if (e.kind == trace::Kind::Captured) {
      ja.push_back(viz::event_summary(e, s.scenario(), {}, Lang::Ja));
      CHECK(viz::event_summary(e, s.scenario(), {}, Lang::En) == e.as<trace::data::Captured>().text);
    }
  REQUIRE(ja.size() >= 3);
  CHECK(ja[0] == "パスワード:bob / pale-moon(USER/PASS)");
  CHECK(ja[1] == "メール本文(受信、平文) Subject: Exam room");
  CHECK(ja.back().starts_with("TLS のハンドシェイクと暗号文("));
  CHECK(ja.back().ends_with(" バイト):暗号化されていて読めない"));
}
