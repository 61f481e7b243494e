#include <doctest/doctest.h>

#include <algorithm>

#include "trace_builder.hpp"
#include "viz/model/flight.hpp"

using namespace mailsim;
using namespace mailsim::viz;
using namespace vizt;

namespace {
// Hosts a (0,0) - b (1,0) - c (1,1): a route that turns a corner.
const std::vector<std::string> kHosts = {"a", "b", "c"};
const std::vector<Vec2> kPos = {{0, 0}, {1, 0}, {1, 1}};

Event c2s(std::uint64_t conn, const std::string& text, Time sent, Time at_b, Time at_c, Time arrive = -1) {
  return line(conn, "smtp", Direction::ClientToServer, Payload::Command, text, {{"a", sent}, {"b", at_b}, {"c", at_c}},
              arrive);
}
}  // namespace

TEST_CASE("a packet moves along its hops, linearly in time between hosts") {
  TraceModel m({c2s(1, "EHLO a", 100, 200, 400)}, kHosts);
  REQUIRE(m.packets().size() == 1);
  const Packet& p = m.packets()[0];
  CHECK(p.hop_count == 3);
  CHECK(packet_position(m, p, 100, kPos) == Vec2{0, 0});
  CHECK(packet_position(m, p, 150, kPos) == Vec2{0.5f, 0});
  CHECK(packet_position(m, p, 200, kPos) == Vec2{1, 0});
  CHECK(packet_position(m, p, 300, kPos) == Vec2{1, 0.5f});
  CHECK(packet_position(m, p, 350, kPos) == Vec2{1, 0.75f});
  // In flight while sent <= t < arrive.
  CHECK_FALSE(packet_position(m, p, 99, kPos));
  CHECK_FALSE(packet_position(m, p, 400, kPos));
}

TEST_CASE("a packet that arrives after its route's time is stretched over the whole flight") {
  // Queued behind earlier data on its connection: route takes 300 us, the arrival is 400 us after sending.
  TraceModel m({c2s(1, "QUIT", 100, 200, 400, 500)}, kHosts);
  const Packet& p = m.packets()[0];
  // Half the flight (t = 300) is half the route's time (250): a quarter of the way from b to c.
  CHECK(packet_position(m, p, 300, kPos) == Vec2{1, 0.25f});
  CHECK(packet_position(m, p, 180, kPos) == Vec2{0.6f, 0});
}

TEST_CASE("lines written together travel as a train: same speed, apart, the tail arriving last") {
  CHECK(train_progress(0.5f, 0, 1) == 0.5f);
  // Three cars: gap 1/8 of the route, head leaves at once, tail arrives exactly at the end.
  CHECK(train_progress(0.0f, 0, 3) == 0.0f);
  CHECK(train_progress(0.5f, 0, 3) == doctest::Approx(0.625));
  CHECK(train_progress(0.5f, 1, 3) == doctest::Approx(0.5));
  CHECK(train_progress(0.5f, 2, 3) == doctest::Approx(0.375));
  CHECK(train_progress(1.0f, 2, 3) == doctest::Approx(1.0));
  CHECK(train_progress(0.9f, 0, 3) == 1.0f);  // the head waits at the destination
  CHECK(train_progress(0.1f, 2, 3) == 0.0f);  // the tail has not left yet
  // A long train never spans more than half the route.
  CHECK(train_progress(0.0f, 999, 1000) == 0.0f);
  CHECK(train_progress(1.0f, 0, 1000) == 1.0f);
  CHECK(train_progress(0.5f, 0, 1000) - train_progress(0.5f, 999, 1000) == doctest::Approx(0.5));

  TraceModel m({c2s(1, "MAIL FROM:<x@y>", 0, 100, 200), c2s(1, "RCPT TO:<z@w>", 0, 100, 200),
                c2s(1, "DATA", 0, 100, 200), c2s(1, "NOOP", 300, 400, 500)},
               kHosts);
  REQUIRE(m.packets().size() == 4);
  CHECK(m.packets()[0].train_size == 3);
  CHECK(m.packets()[2].train_index == 2);
  CHECK(m.packets()[3].train_size == 1);
  // At t = 100 the whole train has run half its time: cars at 0.625, 0.5 and 0.375 of the route.
  CHECK(packet_position(m, m.packets()[0], 100, kPos)->y == doctest::Approx(0.25));
  CHECK(packet_position(m, m.packets()[1], 100, kPos) == Vec2{1, 0});
  CHECK(packet_position(m, m.packets()[2], 100, kPos)->x == doctest::Approx(0.75));
}

TEST_CASE("which packets are in flight at time t") {
  std::vector<Event> ev = {
      c2s(1, "one", 0, 50, 100),     // [0, 100)
      c2s(2, "two", 20, 30, 40),     // [20, 40)
      c2s(3, "three", 60, 200, 900), // [60, 900): a long one
      c2s(4, "four", 100, 110, 120), // [100, 120)
      c2s(5, "five", 500, 510, 520), // [500, 520)
  };
  ev.push_back(plain(Kind::Queue, 30));  // not a packet
  TraceModel m(ev, kHosts);
  REQUIRE(m.packets().size() == 5);
  CHECK(m.longest_flight() == 840);

  auto names = [&](const std::vector<std::uint32_t>& idx) {
    std::vector<std::string> out;
    for (auto i : idx) out.push_back(trace::shown_text(m.events()[m.packets()[i].event]));
    return out;
  };
  FlightIndex f(&m);
  f.seek(0);
  CHECK(names(f.in_flight()) == std::vector<std::string>{"one"});
  f.seek(20);
  CHECK(names(f.in_flight()) == std::vector<std::string>{"one", "two"});
  f.seek(40);
  CHECK(names(f.in_flight()) == std::vector<std::string>{"one"});
  f.seek(100);
  CHECK(names(f.in_flight()) == std::vector<std::string>{"three", "four"});
  f.seek(510);
  CHECK(names(f.in_flight()) == std::vector<std::string>{"three", "five"});
  f.seek(30);  // back in time
  CHECK(names(f.in_flight()) == std::vector<std::string>{"one", "two"});
  f.seek(900);
  CHECK(f.in_flight().empty());

  // The sweep agrees with a brute-force scan at every microsecond, forwards and backwards.
  auto brute = [&](Time t) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < m.packets().size(); ++i)
      if (m.packets()[i].sent <= t && t < m.packets()[i].arrive) out.push_back(i);
    return out;
  };
  FlightIndex g(&m);
  for (Time t = 0; t <= 1000; t += 7) {
    g.seek(t);
    REQUIRE(g.in_flight() == brute(t));
  }
  for (Time t = 1000; t >= 0; t -= 13) {
    g.seek(t);
    REQUIRE(g.in_flight() == brute(t));
  }
}

TEST_CASE("packets without a route, or to hosts the map does not know, are not animated") {
  Event lost = plain(Kind::Datagram, 5, "a", "dns");
  lost.peer = "c";  // no path: lost
  Event stranger = c2s(2, "x", 0, 10, 20);
  stranger.path.set_host(1, "elsewhere");
  TraceModel m({lost, stranger}, kHosts);
  CHECK(m.packets().empty());
  CHECK(m.hops().empty());
}
