// A run that stores no trace (ExpectFacts::collect, as `mailsim run --quiet` makes it) checks its
// expectations from facts gathered as the events pass: the same results as from the whole trace.
#include <doctest/doctest.h>

#include "sim/world/expect.hpp"
#include "tests/world/bundled.hpp"

using namespace mailsim;

namespace {
std::string results_of(const std::vector<world::ExpectResult>& rs) {
  std::string out;
  for (const auto& r : rs)
    out += (r.ok ? "ok " : "FAIL ") + r.description.en + " (" + r.detail.en + ") / " + r.description.ja + "(" +
           r.detail.ja + ")\n";
  return out;
}

trace::Event event(trace::Data d, std::string host, std::string peer = "") {
  trace::Event e;
  e.kind = trace::kind_of(d);
  e.host = std::move(host);
  e.peer = std::move(peer);
  e.data = std::move(d);
  return e;
}

trace::Event reply(std::string host, int code, std::string text, Time at) {
  trace::data::Segment s;
  s.what = trace::Payload::Reply;
  s.text = std::move(text);
  s.facts.code = code;
  trace::Event e = event(std::move(s), std::move(host));
  e.time = at;
  return e;
}
}  // namespace

TEST_CASE("every bundled lesson: the facts gathered during a run give the results of its whole trace") {
  for (const auto& file : bundled_lesson_files()) {
    CAPTURE(file.filename().string());
    const scenario::Scenario s = scenario::load_file(file.string());
    world::World full(s);
    full.run(Scheduler::kForever, world::RunCaps{}, [] {});
    world::World quiet(s);
    world::ExpectFacts facts(quiet.scenario());
    facts.collect(quiet.network().trace());
    quiet.run(Scheduler::kForever, world::RunCaps{}, [] {});
    // The same run: as many events, the same moment reached.
    CHECK(quiet.trace().next_seq() == full.trace().next_seq());
    CHECK(quiet.now() == full.now());
    // It stored only the sender checks; the full run stored every event.
    for (const auto& e : quiet.trace().events()) CHECK(e.kind == trace::Kind::Auth);
    CHECK(full.trace().size() == full.trace().next_seq());
    std::size_t deliveries = 0;
    for (const auto& e : full.trace().events()) deliveries += e.kind == trace::Kind::Delivery;
    CHECK(facts.deliveries() == deliveries);
    CHECK(results_of(world::check_expectations(quiet, facts)) == results_of(world::check_expectations(full)));
  }
}

TEST_CASE("ExpectFacts keeps the first reply asked for, counts a queue id once, and pairs a submission with its queue") {
  scenario::Scenario s;
  scenario::Expectation seen;
  seen.kind = scenario::ExpectKind::ReplySeen;
  seen.code = 451;
  s.expect.push_back(seen);
  seen.host = "mx.b.example";
  s.expect.push_back(seen);
  scenario::Expectation took;
  took.kind = scenario::ExpectKind::Accepted;
  took.host = "mx.b.example";
  s.expect.push_back(took);
  world::ExpectFacts f(s);

  f.see(reply("mx.a.example", 451, "451 4.7.1 first", 10));
  f.see(reply("mx.b.example", 250, "250 ok", 11));
  f.see(reply("mx.b.example", 451, "451 4.7.1 second", 12));
  f.see(reply("mx.b.example", 451, "451 4.7.1 third", 13));
  REQUIRE(f.first_reply("", 451));
  CHECK(f.first_reply("", 451)->text == "451 4.7.1 first");
  REQUIRE(f.first_reply("mx.b.example", 451));
  CHECK(f.first_reply("mx.b.example", 451)->text == "451 4.7.1 second");
  CHECK(f.first_reply("mx.b.example", 451)->time == 12);
  CHECK_FALSE(f.first_reply("mx.b.example", 250));  // no expectation asked for it

  // Stored for two recipients: two deliveries of one queue id, one message taken in.
  for (const char* qid : {"A1", "A1", "B2"}) {
    trace::Event d = event(trace::data::Delivery{"bob", "INBOX"}, "mx.b.example");
    d.queue_id = qid;
    f.see(d);
  }
  CHECK(f.accepted("mx.b.example") == 2);
  CHECK(f.accepted("mx.a.example") == 0);
  CHECK(f.deliveries() == 3);

  // A client starts m1 at mail.a.example, which queues it, and the 250 names the queue id.
  trace::Event started = event(trace::data::Submit{trace::SubmitStage::Started, "m1", 0}, "pc.a.example", "mail.a.example");
  started.message = "m1";
  f.see(started);
  trace::data::Queue arrival;
  trace::Event queued = event(arrival, "mail.a.example");
  queued.queue_id = "Q1";
  queued.message_id = "<1@mail.a.example>";
  f.see(queued);
  trace::Event relayed = event(arrival, "relay.example");  // not a submission server: not kept
  relayed.queue_id = "Q1";
  relayed.message_id = "<other@relay.example>";
  f.see(relayed);
  CHECK(f.message_id("m1").empty());  // not accepted yet
  trace::Event submitted = event(trace::data::Submit{trace::SubmitStage::Submitted, "m1", 0}, "pc.a.example", "mail.a.example");
  submitted.message = "m1";
  submitted.queue_id = "Q1";
  f.see(submitted);
  CHECK(f.message_id("m1") == "<1@mail.a.example>");
  CHECK(f.message_id("m2").empty());
}
