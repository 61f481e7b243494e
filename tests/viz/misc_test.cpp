#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/proto/authsrv/line.hpp"
#include "sim/scenario/load.hpp"
#include "viz/model/failures_file.hpp"
#include "viz/model/format.hpp"
#include "viz/model/layout.hpp"
#include "viz/model/message_view.hpp"

using namespace mailsim;
using namespace mailsim::viz;

TEST_CASE("times as the classroom reads them") {
  CHECK(format_clock(0) == "0:00.000");
  CHECK(format_clock(10 * kSecond + 20 * kMillisecond) == "0:10.020");
  CHECK(format_clock(65 * kMinute) == "1:05:00.000");
  CHECK(format_clock(2 * kDay + 3 * kHour) == "2d 03:00:00.000");
  CHECK(format_span(350 * kMillisecond, Lang::En) == "350 ms");
  CHECK(format_span(2500 * kMillisecond, Lang::En) == "2.5 s");
  CHECK(format_span(4 * kMinute + 32 * kSecond, Lang::En) == "4 m 32 s");
  CHECK(format_span(4 * kMinute + 32 * kSecond, Lang::Ja) == "4分32秒");
  CHECK(format_span(3 * kDay + 4 * kHour, Lang::Ja) == "3日4時間");
  CHECK(seconds_text(10 * kSecond + 20 * kMillisecond) == "10.02s");
  CHECK(seconds_text(300 * kSecond) == "300s");
  CHECK(seconds_text(1) == "0.000001s");
  CHECK(seconds_text(0) == "0s");
}

TEST_CASE("the Received: chain is numbered in the order the message travelled") {
  const std::string raw =
      "Received: from relay.isp.example (relay.isp.example [10.100.0.25])\r\n"
      "\tby mx.home.example (mailsim) with ESMTP id 126FFDA722\r\n"
      "\tfor <bob@home.example>; Mon, 3 Nov 2025 09:00:10 +0000\r\n"
      "Received: from pc1.school.example (pc1.school.example [10.0.0.10])\r\n"
      "\tby mail.school.example (mailsim) with ESMTP id 9647364CEA\r\n"
      "From: alice@school.example\r\n"
      "Subject: Photos\r\n"
      " from the trip\r\n"
      "\r\n"
      "Hi Bob,\r\n";
  auto m = parse_message(raw);
  REQUIRE(m.lines.size() == 10);
  CHECK(m.lines[0].received_hop == 2);
  CHECK(m.lines[2].received_hop == 2);
  CHECK(m.lines[3].received_hop == 1);
  CHECK(m.lines[4].received_hop == 1);
  CHECK(m.lines[5].received_hop == 0);
  CHECK(m.lines[5].header);
  CHECK_FALSE(m.lines[8].header);
  CHECK_FALSE(m.lines[9].header);
  REQUIRE(m.hops.size() == 2);
  CHECK(m.hops[0].hop == 1);
  CHECK(m.hops[0].from == "pc1.school.example");
  CHECK(m.hops[0].by == "mail.school.example");
  CHECK(m.hops[0].id == "9647364CEA");
  CHECK(m.hops[1].from == "relay.isp.example");
  CHECK(m.hops[1].by == "mx.home.example");
  CHECK(header_value(raw, "subject") == "Photos from the trip");
  CHECK(header_value(raw, "From") == "alice@school.example");
  CHECK(header_value(raw, "To").empty());
}

TEST_CASE("automatic layout puts roles in columns as mail flows") {
  scenario::Scenario s;
  auto host = [&](const char* name, scenario::Role role) {
    scenario::Host h;
    h.name = name;
    h.role = role;
    s.hosts.push_back(h);
  };
  host("mx", scenario::Role::Destination);
  host("pc1", scenario::Role::Client);
  host("pc2", scenario::Role::Client);
  host("ns", scenario::Role::Dns);
  auto pos = layout_hosts(s);
  REQUIRE(pos.size() == 4);
  CHECK(pos[1] == Vec2{1.0f / 6, 0.25f});
  CHECK(pos[2] == Vec2{1.0f / 6, 0.75f});
  CHECK(pos[3] == Vec2{0.5f, 0.5f});
  CHECK(pos[0] == Vec2{5.0f / 6, 0.5f});
  // Positions from the scenario win when every host has one.
  for (auto& h : s.hosts) h.position = std::make_pair(0.25, 0.75);
  CHECK(layout_hosts(s)[0] == Vec2{0.25f, 0.75f});
}

// The map lists what each host's nodes serve, asked of the world's network: plain-text ports first,
// implicit TLS after them (465 beside 587 with smtpd_tls_wrappermode, 993 and 995 with Dovecot's ssl);
// DNS's port 53 (a datagram service) but no client's ephemeral socket; nothing on a client or router.
TEST_CASE("the map's ports are those the world's nodes listen on") {
  using Ports = std::vector<std::uint16_t>;
  const world::World every(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/every-port.json"));
  auto ports = service_ports(every);
  CHECK(ports["mail.school.example"] == Ports{587, 465});
  CHECK(ports["mx.home.example"] == Ports{25, 110, 143, 993, 995});
  CHECK(ports["ns.example"] == Ports{53});
  CHECK(ports.count("pc1.school.example") == 0);
  CHECK(ports.count("router.home.example") == 0);
  const world::World auth(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-server.json"));
  ports = service_ports(auth);
  CHECK(ports["mx.school.example"] == Ports{25, 110, 143});
  CHECK(ports["auth.school.example"] == Ports{authsrv::kPort});
}

TEST_CASE("injected failures are appended to the scenario file, keeping the rest") {
  const auto dir = std::filesystem::temp_directory_path() / "mailsim-viz-test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "lesson.json").string();
  {
    std::ofstream out(path);
    out << R"({"$schema": "./scenario.schema.json", "title": {"en": "T", "ja": "テスト"}, "until": "1m",
  "hosts": [{"name": "a.example", "address": "10.0.0.1", "role": "client"},
            {"name": "b.example", "address": "10.0.0.2", "role": "destination", "domains": ["b.example"]}],
  "links": [{"between": ["a.example", "b.example"]}]})";
  }
  scenario::Failure down;
  down.at = 12 * kSecond + 500 * kMillisecond;
  down.kind = scenario::FailureKind::HostDown;
  down.host = "b.example";
  scenario::Failure stop;
  stop.at = 20 * kSecond;
  stop.kind = scenario::FailureKind::ServiceStop;
  stop.host = "b.example";
  stop.port = 110;
  scenario::Failure cut;
  cut.at = 30 * kSecond;
  cut.kind = scenario::FailureKind::LinkDown;
  cut.link_a = "a.example";
  cut.link_b = "b.example";
  CHECK(failure_to_json(down).dump() == R"({"at":"12.5s","kind":"host_down","host":"b.example"})");
  CHECK(failure_to_json(stop).dump() == R"({"at":"20s","kind":"service_stop","host":"b.example","port":110})");
  CHECK(failure_to_json(cut).dump() == R"({"at":"30s","kind":"link_down","link":["a.example","b.example"]})");

  REQUIRE(append_failures(path, {down, stop}) == "");
  REQUIRE(append_failures(path, {cut}) == "");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::ordered_json::parse(text.str());
  CHECK(doc.begin().key() == "$schema");  // key order kept
  REQUIRE(doc["failures"].size() == 3);
  CHECK(doc["failures"][2]["kind"] == "link_down");
  CHECK(text.str().find("\n  \"title\": {\n    \"en\": \"T\",") != std::string::npos);  // 2-space indent
  // The result is still a valid scenario with the failures in it.
  auto s = scenario::load_file(path);
  REQUIRE(s.failures.size() == 3);
  CHECK(s.failures[0].at == down.at);
  CHECK(s.failures[1].port == 110);
  CHECK(s.failures[2].link_b == "b.example");
  CHECK(append_failures((dir / "missing.json").string(), {down}).find("cannot read") == 0);
  std::filesystem::remove_all(dir);
}
