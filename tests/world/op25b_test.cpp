// OP25B in a world: the router between the school's network and the rest has a packet filter rule
// for connections from 10.0.0.0/24 to port 25. An MTA there that delivers straight to the MX is
// stopped at the router (drop: its connect times out and the message is deferred; reject: refused at
// once), visibly in the transcript; the PC's submission on 587 passes, and so does port 25 to the
// host the rule excepts.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "lesson.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

scenario::Scenario op25b_lesson(scenario::PacketFilter::Action action, bool direct_to_mx) {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts) {
    if (h.name == "internet") h.packet_filter.push_back({"10.0.0.0/24", 25, {"relay.isp.example"}, action});
    if (h.name == "mail.school.example" && direct_to_mx) h.relayhost.clear();
  }
  return s;
}

std::string transcript(const world::World& w) {
  std::ostringstream out;
  trace::write_transcript(w.trace(), out);
  return out.str();
}

const trace::Event* blocked_syn(const world::World& w) {
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Connect>(); c && !c->blocked_by.empty()) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("drop: the MTA that delivers straight to the MX waits for its connect timeout and defers the message") {
  world::World w(op25b_lesson(scenario::PacketFilter::Action::Drop, true));
  w.run(2 * kMinute);
  const std::string t = transcript(w);
  CHECK(t.find("connect mail.school.example -> mx.home.example:25 (smtp): drop at internet (packet_filter rule 0)\n") !=
        std::string::npos);
  const trace::Event* syn = blocked_syn(w);
  REQUIRE(syn != nullptr);
  REQUIRE(syn->path.size() == 2);
  CHECK(syn->path.back().host == "internet");
  // 30 s later (the MTA's connect_timeout): timed out, deferred, nothing for Bob.
  const auto timeout = t.find("mail.school.example: connect to 10.2.0.25:25: Connection timed out");
  CHECK(timeout != std::string::npos);
  CHECK(t.find("to=<bob@home.example>, relay=none, status=deferred (connect to 10.2.0.25:25: Connection timed out)") != std::string::npos);
  const auto* inbox = world::inbox_of(w, "bob@home.example");
  REQUIRE(inbox != nullptr);
  CHECK(inbox->messages.empty());
  // The PC's own submission on port 587 crossed the same router.
  CHECK(t.find("connect pc1.school.example -> mail.school.example:587 (submission)\n") != std::string::npos);
  CHECK(t.find("S: 250 2.0.0 Ok: queued as") != std::string::npos);
}

TEST_CASE("reject: the router refuses at once and the MTA defers with Connection refused") {
  world::World w(op25b_lesson(scenario::PacketFilter::Action::Reject, true));
  w.run(2 * kMinute);
  const std::string t = transcript(w);
  const trace::Event* syn = blocked_syn(w);
  REQUIRE(syn != nullptr);
  CHECK(syn->as<trace::data::Connect>().filter_action == "reject");
  CHECK(t.find("internet: connect to 10.2.0.25:25: Connection refused") != std::string::npos);
  CHECK(t.find("Connection timed out") == std::string::npos);
  CHECK(t.find("to=<bob@home.example>, relay=none, status=deferred (connect to 10.2.0.25:25: Connection refused)") != std::string::npos);
}

TEST_CASE("through the host the rule excepts, the same mail is delivered") {
  world::World w(op25b_lesson(scenario::PacketFilter::Action::Drop, false));
  w.run(2 * kMinute);
  CHECK(blocked_syn(w) == nullptr);
  const auto* inbox = world::inbox_of(w, "bob@home.example");
  REQUIRE(inbox != nullptr);
  CHECK(inbox->messages.size() == 1);
}
