#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/net/network.hpp"

using namespace mailsim;

namespace {
// a -- r -- b, plus c alone; 2 ms per link.
struct Net {
  Scheduler sched;
  trace::Trace trace;
  net::Network net{sched, trace};
  Net() {
    net.add_host("a", "10.0.0.1");
    net.add_host("r", "10.0.0.254");
    net.add_host("b", "10.0.0.2");
    net.add_host("c", "10.0.0.3");
    net.add_link("a", "r", 2 * kMillisecond);
    net.add_link("r", "b", 2 * kMillisecond);
  }
};
}  // namespace

TEST_CASE("routes take the least latency over links and hosts that are up") {
  Net n;
  auto r = n.net.route("a", "b");
  REQUIRE(r);
  CHECK(r->hosts == std::vector<std::string>{"a", "r", "b"});
  CHECK(r->at == std::vector<Duration>{0, 2000, 4000});
  CHECK_FALSE(n.net.route("a", "c"));
  n.net.set_host_up("r", false);
  CHECK_FALSE(n.net.route("a", "b"));
  n.net.set_host_up("r", true);
  n.net.set_link_up("r", "b", false);
  CHECK_FALSE(n.net.route("a", "b"));
  n.net.add_link("a", "b", 10 * kMillisecond);  // a slower direct path takes over
  auto direct = n.net.route("a", "b");
  REQUIRE(direct);
  CHECK(direct->latency() == 10 * kMillisecond);
}

TEST_CASE("a connection is accepted after one round trip and carries bytes in order") {
  Net n;
  std::string server_got, client_got;
  Time connected_at = -1;
  n.net.listen("b", 25, "smtp", [&](net::Endpoint ep) {
    ep.send("220 hello\r\n", trace::Payload::Reply);
    ep.set_handlers({[&, ep](std::string_view d) {
                       server_got += d;
                       ep.send("250 ok\r\n", trace::Payload::Reply);
                     },
                     nullptr, nullptr});
  });
  n.net.connect("a", "10.0.0.2", 25, 30 * kSecond,
                {[&](net::Endpoint ep) {
                   connected_at = n.sched.now();
                   ep.set_handlers({[&, ep](std::string_view d) {
                                      client_got += d;
                                      if (client_got == "220 hello\r\n") ep.send("EHLO a\r\nNOOP\r\n", trace::Payload::Command);
                                    },
                                    nullptr, nullptr});
                 },
                 [&](net::ConnectError, const std::string&) { FAIL("connect failed"); }});
  n.sched.run();
  CHECK(connected_at == 8000);  // SYN 4 ms, SYN-ACK 4 ms
  CHECK(server_got == "EHLO a\r\nNOOP\r\n");
  CHECK(client_got == "220 hello\r\n250 ok\r\n");
  // One trace event per line, with its route and arrival time.
  std::vector<std::string> lines;
  for (const auto& e : n.trace.events())
    if (e.kind == trace::Kind::Segment) lines.push_back(mailsim::trace::shown_text(e));
  CHECK(lines == std::vector<std::string>{"220 hello", "EHLO a", "NOOP", "250 ok"});
  const auto& ehlo = n.trace.events()[3];
  CHECK(ehlo.path.size() == 3);
  CHECK(ehlo.arrive - ehlo.time == 4000);
}

TEST_CASE("connect is refused with no listener and times out to a down host") {
  Net n;
  std::vector<std::string> results;
  auto handlers = [&] {
    return net::ConnectHandlers{[&](net::Endpoint) { results.push_back("connected"); },
                                [&](net::ConnectError e, const std::string& why) {
                                  results.push_back((e == net::ConnectError::Refused ? "refused at " : "timeout at ") +
                                                    std::to_string(n.sched.now()) + ": " + why);
                                }};
  };
  n.net.connect("a", "10.0.0.2", 25, 30 * kSecond, handlers());
  n.sched.run();
  n.net.set_host_up("b", false);
  n.net.connect("a", "10.0.0.2", 25, 30 * kSecond, handlers());
  n.sched.run();
  REQUIRE(results.size() == 2);
  CHECK(results[0] == "refused at 8000: connect to 10.0.0.2:25: Connection refused");
  CHECK(results[1] == "timeout at 30008000: connect to 10.0.0.2:25: Connection timed out");
}

TEST_CASE("a host going down resets its connections on both sides, a stopped service refuses") {
  Net n;
  int resets = 0;
  n.net.listen("b", 110, "pop3", [&](net::Endpoint ep) { ep.set_handlers({nullptr, nullptr, [&] { ++resets; }}); });
  n.net.connect("a", "10.0.0.2", 110, kSecond,
                {[&](net::Endpoint ep) { ep.set_handlers({nullptr, nullptr, [&] { ++resets; }}); }, nullptr});
  n.sched.run();
  n.net.set_host_up("b", false);
  CHECK(resets == 2);
  n.net.set_host_up("b", true);
  n.net.set_service("b", 110, false);
  bool refused = false;
  n.net.connect("a", "10.0.0.2", 110, kSecond, {nullptr, [&](net::ConnectError e, const std::string&) {
                                                  refused = e == net::ConnectError::Refused;
                                                }});
  n.sched.run();
  CHECK(refused);
}

TEST_CASE("datagrams reach a bound port and are dropped when nobody listens") {
  Net n;
  std::string got;
  n.net.bind("b", 53, "dns", [&](const std::string& from, std::uint16_t port, std::string_view d) {
    got = from + ":" + std::to_string(port) + " " + std::string(d);
  });
  n.net.send_datagram("a", 49152, "10.0.0.2", 53, "q1", "query");
  n.net.send_datagram("a", 49152, "10.0.0.3", 53, "q2", "query");  // no route
  n.sched.run();
  CHECK(got == "10.0.0.1:49152 q1");
  CHECK(n.trace.events().back().as<trace::data::Datagram>().summary == "query (lost: no route)");
}

TEST_CASE("a connection closed by both sides lets go of its handlers and what they hold") {
  Net n;
  auto session = std::make_shared<std::string>("a server's session, with its buffers");
  std::weak_ptr<std::string> watch = session;
  n.net.listen("b", 25, "smtp", [&, session](net::Endpoint ep) {
    ep.set_handlers({[session](std::string_view) {}, [ep, session] { ep.close(); }, [session] {}});
  });
  session.reset();  // now only the listener and the handlers hold it
  n.net.connect("a", "10.0.0.2", 25, 30 * kSecond,
                {[&](net::Endpoint ep) { ep.close(); }, [](net::ConnectError, const std::string&) { FAIL("connect failed"); }});
  n.sched.run();
  std::size_t closes = 0;
  for (const auto& e : n.trace.events()) closes += e.kind == trace::Kind::Close;
  CHECK(closes == 2);
  n.net.listen("b", 25, "smtp", [](net::Endpoint) {});  // the listener's copy goes too
  CHECK(watch.expired());
}

TEST_CASE("an ended connection still names its hosts, until 4096 later ones have ended too") {
  Net n;
  n.net.listen("b", 25, "smtp", [](net::Endpoint ep) { ep.set_handlers({nullptr, [ep] { ep.close(); }, nullptr}); });
  std::vector<net::Endpoint> clients;
  for (int i = 0; i < 4097; ++i) {
    n.net.connect("a", "10.0.0.2", 25, 30 * kSecond,
                  {[&](net::Endpoint ep) {
                     clients.push_back(ep);
                     ep.close();
                   },
                   [](net::ConnectError, const std::string&) { FAIL("connect failed"); }});
    n.sched.run();
  }
  REQUIRE(clients.size() == 4097);
  CHECK_FALSE(clients.back().open());
  CHECK(clients.back().peer_host() == "b");  // ended, still named
  CHECK(clients[1].peer_host() == "b");
  CHECK(clients[0].peer_host().empty());      // the oldest went: memory stays bounded
}
