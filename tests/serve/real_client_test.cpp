// The real-client host that `serve` adds to a scenario: where it sits in the network, so that the
// submission server relays for it and every served host is reachable from it.
#include <doctest/doctest.h>

#include <algorithm>

#include "sim/scenario/load.hpp"
#include "sim/serve/real_client.hpp"
#include "sim/serve/serve.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

scenario::Scenario relay_mx() { return scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/relay-mx.json"); }

const scenario::Host* find(const scenario::Scenario& s, std::string_view name) {
  auto it = std::find_if(s.hosts.begin(), s.hosts.end(), [&](const auto& h) { return h.name == name; });
  return it == s.hosts.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("the real client gets an address in the relayed network, a link to its router and a map place") {
  const scenario::Scenario before = relay_mx();
  const scenario::Scenario s = serve::with_real_client(before);
  REQUIRE(s.hosts.size() == before.hosts.size() + 1);
  const scenario::Host* h = find(s, serve::kRealClientHost);
  REQUIRE(h);
  CHECK(h->address == "10.0.0.250");  // mail.school.example relays for 10.0.0.0/24
  CHECK(h->role == scenario::Role::Client);
  REQUIRE(s.links.size() == before.links.size() + 1);
  CHECK(s.links.back().a == "real-client.loopback");
  CHECK(s.links.back().b == "router.school.example");
  CHECK(s.links.back().latency == kMillisecond);
  // relay-mx places its hosts itself, so the real client needs a place too.
  CHECK(h->position.has_value());
  // Once is enough.
  CHECK(serve::with_real_client(s).hosts.size() == s.hosts.size());
}

TEST_CASE("the mapping follows the base port, a repeated port moves up by 1000") {
  world::World w(serve::with_real_client(relay_mx()), 1);
  serve::Options o;
  o.base_port = 3000;
  const auto maps = serve::plan(w, o);
  REQUIRE(maps.size() == 5);
  CHECK(serve::mapping_line(maps[0]) == "submission  mail.school.example:587  ->  127.0.0.1:3587");
  CHECK(serve::mapping_line(maps[1]) == "smtp        relay.isp.example:25  ->  127.0.0.1:3025");
  CHECK(serve::mapping_line(maps[2]) == "smtp        mx.home.example:25  ->  127.0.0.1:4025");  // a repeat: +1000
  CHECK(serve::mapping_line(maps[3]) == "pop3        mx.home.example:110  ->  127.0.0.1:3110");
  CHECK(serve::mapping_line(maps[4]) == "imap        mx.home.example:143  ->  127.0.0.1:3143");
  o.base_port = 0;
  for (const auto& m : serve::plan(w, o)) CHECK(m.real_port == 0);  // the system picks when opening

}

TEST_CASE("in every bundled lesson, every served port that is up at the start accepts the real client") {
  for (const char* name : {"basic-delivery", "relay-mx", "backup-mx", "destination-down-retry", "destination-never-returns",
                           "unknown-user", "greylisting", "pop3-two-devices", "imap-two-devices", "mail-waits-on-server",
                           "auth-submission"}) {
    CAPTURE(name);
    world::World w(serve::with_real_client(scenario::load_file(std::string(MAILSIM_SOURCE_DIR "/scenarios/") + name + ".json")), 1);
    std::size_t expected = 0, accepted = 0;
    for (const auto& m : serve::plan(w, {})) {
      const auto* server = w.network().host(m.host);
      REQUIRE(server);
      if (!server->up) continue;
      ++expected;
      w.network().connect(std::string(serve::kRealClientHost), server->address, m.port, 30 * kSecond,
                          {[&](net::Endpoint ep) {
                             ++accepted;
                             ep.close();
                           },
                           [host = m.host, port = m.port](net::ConnectError, const std::string& why) { FAIL(host << ":" << port << " " << why); }});
    }
    w.run(kSecond);
    CHECK(expected > 0);
    CHECK(accepted == expected);
  }
}

TEST_CASE("where nobody is trusted by address (auth-submission), the real client joins the lesson's clients at home") {
  const scenario::Scenario before = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-submission.json");
  const scenario::Scenario s = serve::with_real_client(before);
  const scenario::Host* h = find(s, serve::kRealClientHost);
  REQUIRE(h);
  CHECK(h->address == "10.20.0.250");  // pc1.isp.example's 10.20.0.0/24, outside any relay_from
  REQUIRE(s.links.size() == before.links.size() + 1);
  CHECK(s.links.back().b == "router.isp.example");
}
