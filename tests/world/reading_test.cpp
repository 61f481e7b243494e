#include <doctest/doctest.h>

#include <memory>

#include "conservation.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {
// Bob reads home.example mail on a laptop and a phone.
scenario::Scenario with_devices(scenario::Fetch::Protocol laptop_proto, scenario::Fetch::Protocol phone_proto) {
  auto s = lesson::two_domains();
  for (const char* name : {"laptop.home.example", "phone.home.example"}) {
    s.hosts.push_back(lesson::host(name, name[0] == 'l' ? "10.2.0.10" : "10.2.0.11", scenario::Role::Client));
    s.links.push_back({name, "internet", 3 * kMillisecond});
    scenario::Client c;
    c.host = name;
    c.account = "bob@home.example";
    c.fetch.protocol = name[0] == 'l' ? laptop_proto : phone_proto;
    c.fetch.server = "mx.home.example";
    c.fetch.start = name[0] == 'l' ? 20 * kSecond : 50 * kSecond;
    c.fetch.poll = kMinute;
    s.clients.push_back(c);
  }
  return s;
}

std::size_t local_count(const world::World& w, const std::string& host) {
  return w.reader(host)->local_copy().size();
}
}  // namespace

TEST_CASE("POP3 on two devices: the laptop downloads and deletes, the phone finds nothing") {
  world::World w(with_devices(scenario::Fetch::Protocol::Pop3, scenario::Fetch::Protocol::Pop3));
  w.run(5 * kMinute);
  CHECK(local_count(w, "laptop.home.example") == 1);
  CHECK(local_count(w, "phone.home.example") == 0);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
  const auto& got = w.reader("laptop.home.example")->local_copy().front();
  CHECK(got.raw.find("Subject: Hello\r\n") != std::string::npos);
  CHECK(got.fetched_at > 20 * kSecond);
}

TEST_CASE("POP3 keeping mail on the server: both devices get it, each once") {
  auto s = with_devices(scenario::Fetch::Protocol::Pop3, scenario::Fetch::Protocol::Pop3);
  for (auto& c : s.clients) c.fetch.keep = true;
  world::World w(s);
  w.run(5 * kMinute);
  CHECK(local_count(w, "laptop.home.example") == 1);  // UIDL: not downloaded again on later polls
  CHECK(local_count(w, "phone.home.example") == 1);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
}

TEST_CASE("mail waits on the server while the device is off, and comes when it is switched on") {
  auto s = with_devices(scenario::Fetch::Protocol::Pop3, scenario::Fetch::Protocol::Pop3);
  for (auto& h : s.hosts)
    if (h.name == "laptop.home.example") h.up = false;
  scenario::Failure on;
  on.at = 3 * kMinute;
  on.kind = scenario::FailureKind::HostUp;
  on.host = "laptop.home.example";
  s.clients.pop_back();  // only the laptop
  s.failures = {on};
  world::World w(s);
  w.run(2 * kMinute);
  CHECK(local_count(w, "laptop.home.example") == 0);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
  w.run(3 * kMinute + kSecond);
  CHECK(local_count(w, "laptop.home.example") == 1);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
}

TEST_CASE("POP3: a device switched off just after the server removed its mail keeps what it downloaded") {
  auto s = with_devices(scenario::Fetch::Protocol::Pop3, scenario::Fetch::Protocol::Pop3);
  s.clients.pop_back();  // only the laptop, which downloads and deletes
  // A first run finds when the server answers QUIT (RFC 1939 §6: the messages are removed then) and
  // when that answer reaches the laptop; the same world switches the laptop off in between.
  Time removed = 0, told = 0;
  {
    world::World w(s);
    lesson::run_checked(w, 5 * kMinute);
    const auto conns = lesson::connections(w, "laptop.home.example", "mx.home.example");
    REQUIRE_FALSE(conns.empty());
    const auto d = lesson::dialog(w, conns[0]);
    REQUIRE(std::find(d.begin(), d.end(), "C: QUIT") != d.end());
    for (const auto& e : w.trace().events())
      if (e.kind == trace::Kind::Segment && e.conn == conns[0] && e.dir == trace::Direction::ServerToClient) {
        removed = e.time;
        told = e.arrive;
      }
    REQUIRE(told > removed);
  }
  s.failures = lesson::outage("laptop.home.example", (removed + told) / 2);
  world::World w(s);
  lesson::run_checked(w, 5 * kMinute);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());  // the server did remove it
  REQUIRE(local_count(w, "laptop.home.example") == 1);               // and the laptop has it
  CHECK(w.reader("laptop.home.example")->local_copy().front().raw.find("Subject: Hello\r\n") != std::string::npos);
}

TEST_CASE("a world stopped in the middle of a POP3 session can be destroyed") {
  // The session holds the maildrop's lock and lets go of it when it ends; it must not end after the
  // mailbox it points into (ASan reported a use after free here, e.g. `mailsim run --until`).
  auto w = std::make_unique<world::World>(with_devices(scenario::Fetch::Protocol::Pop3, scenario::Fetch::Protocol::Pop3));
  const auto& bob = *w->destination("mx.home.example")->store().find("bob");
  while (!bob.pop3_locked && w->step()) {
  }
  REQUIRE(bob.pop3_locked);  // logged in: the session holds the lock
  w.reset();
}
