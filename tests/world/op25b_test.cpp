// OP25B in a world: the router between the school's network and the rest has a packet filter rule
// for connections from 10.0.0.0/24 to port 25. An MTA there that delivers straight to the MX is
// stopped at the router (drop: its connect times out and the message is deferred; reject: refused at
// once), visibly in the transcript; the PC's submission on 587 passes, and so does port 25 to the
// host the rule excepts.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "bundled.hpp"
#include "conservation.hpp"
#include "dialog.hpp"
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

// The bundled lesson: one PC at home runs a spam program and a mail program with two accounts. The
// spam program's SYN to a foreign port 25 stops at the provider's router; the same PC's mail
// program gets through to the provider's own server on 25 and to the school's on 587 with AUTH.
TEST_CASE("op25b: one PC, its spam program blocked on port 25, its mail program through on 25 inside and 587 outside") {
  const scenario::Scenario s = bundled_lesson("op25b");
  const auto pcs = std::count_if(s.hosts.begin(), s.hosts.end(), [](const auto& h) { return h.role == scenario::Role::Client; });
  CHECK(pcs == 1);
  world::World w(s);
  lesson::run_checked(w);
  const std::string t = transcript(w);
  const auto blocked = t.find("connect pc1.isp.example -> relay.open.example:25 (smtp): drop at router.isp.example (packet_filter rule 0)\n");
  const auto inside = t.find("connect pc1.isp.example -> smtp.isp.example:25 (smtp)\n");
  const auto outside = t.find("connect pc1.isp.example -> mail.school.example:587 (submission)\n");
  CHECK(blocked != std::string::npos);
  CHECK(inside != std::string::npos);
  CHECK(outside != std::string::npos);
  CHECK(blocked < inside);
  CHECK(inside < outside);
  CHECK(t.find("pc1.isp.example: connect to 203.0.113.25:25: Connection timed out") != std::string::npos);
  // The login is the school account's, on the submission connection only.
  const auto school = lesson::connections(w, "pc1.isp.example", "mail.school.example");
  REQUIRE(school.size() == 1);
  const auto d = lesson::dialog(w, school[0]);
  CHECK(std::find(d.begin(), d.end(), "S: 235 2.7.0 Authentication successful") != d.end());
  const auto isp = lesson::connections(w, "pc1.isp.example", "smtp.isp.example");
  REQUIRE(isp.size() == 1);
  for (const auto& line : lesson::dialog(w, isp[0])) CHECK(line.rfind("C: AUTH", 0) != 0);
  // Each program keeps its own outbox: the spam stays in the spam program's, the others are empty.
  const nodes::MailClient* spammer = w.mail_client(s.messages[0]);
  REQUIRE(spammer != nullptr);
  CHECK(spammer->config().submission == "relay.open.example");
  CHECK(spammer->outbox() == std::vector<std::string>{"spam1"});
  const nodes::MailClient* mail_program = w.mail_client(s.messages[2]);
  REQUIRE(mail_program != nullptr);
  CHECK(mail_program != spammer);
  CHECK(mail_program->config().account == "alice@school.example");
  CHECK(mail_program->outbox().empty());
  CHECK(lesson::inbox_text(w, "mei@home.example").find("From: alice@isp.example") != std::string::npos);
  CHECK(lesson::inbox_text(w, "bob@home.example").find("From: alice@school.example") != std::string::npos);
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en << ": " << r.detail.en);
}
