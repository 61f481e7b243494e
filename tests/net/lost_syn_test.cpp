// A SYN nobody can answer still leaves the client and goes as far as the network lets it, so the
// map can show where it stopped: to a down server (its path ends there, lost_host_down), or up to
// the host before a broken link. The client's connect timeout is on the event, so a viewer can
// say "waiting for an answer: 12 of 30 s". Nothing waits for such a SYN's arrival: the client
// still times out exactly at its timeout.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/net/network.hpp"

using namespace mailsim;

namespace {
// relay -- internet -- router -- mx, 2 ms per link; mx listens on 25.
struct Net {
  Scheduler sched;
  trace::Trace trace;
  net::Network net{sched, trace};
  std::vector<std::string> outcome;
  Net() {
    net.add_host("relay", "10.100.0.25");
    net.add_host("internet", "10.255.0.1");
    net.add_host("router", "10.1.0.1");
    net.add_host("mx", "10.1.0.25");
    net.add_link("relay", "internet", 2 * kMillisecond);
    net.add_link("internet", "router", 2 * kMillisecond);
    net.add_link("router", "mx", 2 * kMillisecond);
    net.listen("mx", 25, "smtp", [](net::Endpoint) {});
  }
  void dial(const std::string& address) {
    net.connect("relay", address, 25, 30 * kSecond,
                {[this](net::Endpoint) { outcome.push_back("connected at " + std::to_string(sched.now())); },
                 [this](net::ConnectError e, const std::string&) {
                   outcome.push_back(std::string(e == net::ConnectError::Refused ? "refused" : "timed out") + " at " +
                                     std::to_string(sched.now()));
                 }});
    sched.run();
  }
  const trace::Event& syn() const {
    for (const auto& e : trace.events())
      if (e.kind == trace::Kind::Connect) return e;
    FAIL("no SYN");
    return trace.events().front();
  }
  std::vector<std::string> path() const {
    std::vector<std::string> out;
    for (const auto& h : syn().path) out.push_back(h.host + "@" + std::to_string(h.at));
    return out;
  }
};
}  // namespace

TEST_CASE("a SYN to a down server travels to it and stops there, and the client times out at its timeout") {
  Net n;
  n.net.set_host_up("mx", false);
  n.dial("10.1.0.25");
  CHECK(n.outcome == std::vector<std::string>{"timed out at 30000000"});
  const auto& c = n.syn().as<trace::data::Connect>();
  CHECK(c.lost_at == "mx");
  CHECK(c.lost_host_down);
  CHECK(c.timeout == 30 * kSecond);
  CHECK(c.blocked_by.empty());
  CHECK(n.path() == std::vector<std::string>{"relay@0", "internet@2000", "router@4000", "mx@6000"});
  CHECK(n.syn().arrive == 6000);
}

TEST_CASE("a SYN stops at the last host before a link that is down, and at a down router on the way") {
  {
    Net n;
    n.net.set_link_up("internet", "router", false);
    n.dial("10.1.0.25");
    CHECK(n.outcome == std::vector<std::string>{"timed out at 30000000"});
    const auto& c = n.syn().as<trace::data::Connect>();
    CHECK(c.lost_at == "internet");
    CHECK_FALSE(c.lost_host_down);
    CHECK(n.path() == std::vector<std::string>{"relay@0", "internet@2000"});
  }
  {
    Net n;
    n.net.set_host_up("router", false);
    n.dial("10.1.0.25");
    const auto& c = n.syn().as<trace::data::Connect>();
    CHECK(c.lost_at == "router");
    CHECK(c.lost_host_down);
    CHECK(n.path() == std::vector<std::string>{"relay@0", "internet@2000", "router@4000"});
  }
  {
    Net n;  // the client's own link is down: the SYN does not leave, and says where it stayed
    n.net.set_link_up("relay", "internet", false);
    n.dial("10.1.0.25");
    const auto& c = n.syn().as<trace::data::Connect>();
    CHECK(c.lost_at == "relay");
    CHECK(n.syn().path.empty());
    CHECK(n.outcome == std::vector<std::string>{"timed out at 30000000"});
  }
}

TEST_CASE("a SYN that gets through or to no host at all has no lost_at, and every SYN carries its timeout") {
  {
    Net n;
    n.dial("10.1.0.25");
    CHECK(n.outcome == std::vector<std::string>{"connected at 12000"});
    const auto& c = n.syn().as<trace::data::Connect>();
    CHECK(c.lost_at.empty());
    CHECK(c.timeout == 30 * kSecond);
  }
  {
    Net n;
    n.dial("192.0.2.99");  // nobody's address
    CHECK(n.outcome == std::vector<std::string>{"timed out at 30000000"});
    CHECK(n.syn().as<trace::data::Connect>().lost_at.empty());
    CHECK(n.syn().path.empty());
  }
}
