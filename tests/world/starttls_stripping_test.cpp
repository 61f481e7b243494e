// STARTTLS stripping (docs/tls.md, "Downgrade"): the starttls-stripping lesson, an MTA at may that
// falls back to plain text under the attacker's eyes and one at encrypt that defers; what the trace
// shows of the change (the sender's lines, the tampered event, the lines the receiver got); the
// drop mode; and an attacker switched off.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"
#include "dialog.hpp"
#include "lesson.hpp"

using namespace mailsim;

namespace {
constexpr const char* kMallory = "mallory.isp.example";

// Connection `conn`'s transcript lines without their time (tampered events included).
std::vector<std::string> transcript_of(const world::World& w, std::uint64_t conn) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events()) {
    if (e.conn != conn) continue;
    const std::string line = trace::transcript_line(e);
    if (!line.empty()) out.push_back(line.substr(line.find("  ") + 2));
  }
  return out;
}

std::vector<const trace::Event*> tampered(const world::World& w, std::uint64_t conn) {
  std::vector<const trace::Event*> out;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Tampered && e.conn == conn) out.push_back(&e);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The bytes connection `conn`'s client received, in order: the lines whose path ends at it.
std::string received_by_client(const world::World& w, std::uint64_t conn) {
  std::string out;
  for (const auto& e : w.trace().events()) {
    const auto* s = e.get<trace::data::Segment>();
    if (!s || e.conn != conn || e.dir != trace::Direction::ServerToClient || e.path.empty()) continue;
    if (e.path.back().host != e.peer) continue;  // the server's own lines stop at the attacker
    out += s->text + trace::bytes_of(s->eol);
  }
  return out;
}
}  // namespace

TEST_CASE("starttls-stripping: at may the mail goes in plain text and the attacker reads it, at encrypt it is deferred") {
  world::World w(bundled_lesson("starttls-stripping"));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);

  const auto may = lesson::connections(w, "out-may.shop.example", "mx.partner.example");
  REQUIRE(may.size() == 1);
  const auto lines = transcript_of(w, may[0]);
  CAPTURE(lines);
  // The server offered STARTTLS; the client got XXXXXXXA in its place and never asked.
  CHECK(has(lines, "#" + std::to_string(may[0]) + " S: 250-STARTTLS"));
  CHECK(has(lines, "TAMPERED mallory.isp.example #" + std::to_string(may[0]) + " S>C: 250-STARTTLS -> 250-XXXXXXXA"));
  CHECK(has(lines, "#" + std::to_string(may[0]) + " [via mallory.isp.example] S: 250-XXXXXXXA"));
  CHECK_FALSE(has(lines, "#" + std::to_string(may[0]) + " C: STARTTLS"));
  CHECK(received_by_client(w, may[0]).find("250-STARTTLS") == std::string::npos);
  CHECK(received_by_client(w, may[0]).find("250-XXXXXXXA\r\n") != std::string::npos);
  for (const auto& e : w.trace().events()) {
    CHECK(e.kind != trace::Kind::TlsRecord);  // nobody started TLS
    CHECK(e.kind != trace::Kind::Tls);
  }
  // Delivered, and Mallory, an eavesdropper too, read it.
  CHECK(lesson::inbox_text(w, "erin@partner.example").find("1234-5678 at the Harbour Bank") != std::string::npos);
  const auto got = lesson::texts(w, trace::Kind::Captured, kMallory);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == "mail text (sent): From: carol@shop.example; To: erin@partner.example; Subject: Our bank details; "
                  "5 body line(s)");

  // The tampered event: the exact bytes before and after, the line changed.
  const auto t = tampered(w, may[0]);
  REQUIRE(t.size() == 1);
  const auto& d = t[0]->as<trace::data::Tampered>();
  CHECK(t[0]->host == kMallory);
  CHECK(t[0]->peer == "out-may.shop.example");
  CHECK(t[0]->dir == trace::Direction::ServerToClient);
  CHECK(d.attack == "strip-starttls");
  CHECK(d.original.find("250-STARTTLS\r\n") != std::string::npos);
  CHECK(d.changed.size() == d.original.size());
  std::string expect = d.original;
  expect.replace(expect.find("STARTTLS"), 8, "XXXXXXXA");
  CHECK(d.changed == expect);
  REQUIRE(d.lines.size() == 1);
  CHECK(d.lines[0].before == "250-STARTTLS");
  CHECK(d.lines[0].after == "250-XXXXXXXA");

  // The encrypt MTA: the same change, then QUIT and a deferred message with Postfix's words.
  const auto enc = lesson::connections(w, "out-encrypt.shop.example", "mx.partner.example");
  REQUIRE(enc.size() == 1);
  REQUIRE(tampered(w, enc[0]).size() == 1);
  const auto d2 = lesson::dialog(w, enc[0]);
  CHECK(has(d2, "C: QUIT"));
  CHECK_FALSE(has(d2, "C: MAIL FROM:<dave@shop.example> SIZE=541"));
  const auto* mta = w.mta("out-encrypt.shop.example");
  REQUIRE(mta->queue().size() == 1);
  CHECK(mta->queue().front().queue == nodes::QueueName::Deferred);
  // Postfix's own words for its own decision (no "host ... said: 454"): the queue shows them bare.
  CHECK(mta->queue().front().last_error == "TLS is required, but was not offered by host mx.partner.example[10.50.0.25]");
  CHECK(lesson::inbox_text(w, "erin@partner.example").find("Price list") == std::string::npos);
}

TEST_CASE("the attacker's lines follow the route: the server's stop at its link, the changed ones go on from there") {
  world::World w(bundled_lesson("starttls-stripping"));
  w.run();
  const auto may = lesson::connections(w, "out-may.shop.example", "mx.partner.example");
  REQUIRE(may.size() == 1);
  Time original_arrival = 0, passed_on = 0;
  for (const auto& e : w.trace().events()) {
    const auto* s = e.get<trace::data::Segment>();
    if (!s || e.conn != may[0]) continue;
    if (s->text == "250-STARTTLS") {
      CHECK(e.host == "mx.partner.example");
      REQUIRE(e.path.size() >= 2);
      CHECK(e.path.front().host == "mx.partner.example");
      CHECK(e.path.back().host == "router.shop.example");  // the far end of Mallory's link, going out
      original_arrival = e.arrive;
    }
    if (s->text == "250-XXXXXXXA") {
      CHECK(s->tampered);
      CHECK(e.host == kMallory);
      REQUIRE(e.path.size() >= 2);
      CHECK(e.path.front().host == "router.shop.example");
      CHECK(e.path.back().host == "out-may.shop.example");
      passed_on = e.arrive;
    }
  }
  CHECK(original_arrival > 0);
  CHECK(passed_on > original_arrival);
}

TEST_CASE("strip_starttls drop: the line is gone from the reply, and an attacker switched off changes nothing") {
  SUBCASE("drop") {
    scenario::Scenario s = bundled_lesson("starttls-stripping");
    for (auto& h : s.hosts)
      if (h.name == kMallory) h.strip_starttls = scenario::StripStarttls::Drop;
    world::World w(s);
    w.run();
    const auto may = lesson::connections(w, "out-may.shop.example", "mx.partner.example");
    REQUIRE(may.size() == 1);
    const auto t = tampered(w, may[0]);
    REQUIRE(t.size() == 1);
    const auto& d = t[0]->as<trace::data::Tampered>();
    REQUIRE(d.lines.size() == 1);
    CHECK(d.lines[0].dropped);
    CHECK(d.changed.size() + std::string("250-STARTTLS\r\n").size() == d.original.size());
    CHECK(received_by_client(w, may[0]).find("STARTTLS") == std::string::npos);
    CHECK(lesson::inbox_text(w, "erin@partner.example").find("Our bank details") != std::string::npos);
  }
  SUBCASE("off: both MTAs use TLS, the attacker reads nothing") {
    scenario::Scenario s = bundled_lesson("starttls-stripping");
    for (auto& h : s.hosts)
      if (h.name == kMallory) h.up = false;
    world::World w(s);
    w.run();
    for (const auto& e : w.trace().events()) CHECK(e.kind != trace::Kind::Tampered);
    CHECK(lesson::texts(w, trace::Kind::Captured, kMallory).empty());
    CHECK(lesson::inbox_text(w, "erin@partner.example").find("Our bank details") != std::string::npos);
    CHECK(w.mta("out-encrypt.shop.example")->queue().empty());
  }
  SUBCASE("no strip_starttls: a listener only, the MTAs use TLS") {
    scenario::Scenario s = bundled_lesson("starttls-stripping");
    for (auto& h : s.hosts)
      if (h.name == kMallory) h.strip_starttls = scenario::StripStarttls::None;
    world::World w(s);
    w.run();
    for (const auto& e : w.trace().events()) CHECK(e.kind != trace::Kind::Tampered);
    const auto got = lesson::texts(w, trace::Kind::Captured, kMallory);
    CHECK(std::all_of(got.begin(), got.end(), [](const std::string& c) { return c.find("TLS handshake") == 0; }));
    CHECK(w.mta("out-encrypt.shop.example")->queue().empty());
  }
}
