// A router's packet filter (OP25B): a SYN it forwards from the rule's network to the rule's port is
// stopped at the router, visibly (the SYN's path ends there, the event names the router and rule);
// drop leaves the client to its connect timeout, reject refuses at once from the router; the
// except_to addresses, other ports and other sources pass, and a router does not filter its own.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/net/network.hpp"

using namespace mailsim;

namespace {
// home (192.0.2.10) -- isp -- internet -- mx (203.0.113.25), smarthost (198.51.100.25) on isp.
// 2 ms per link.
struct Net {
  Scheduler sched;
  trace::Trace trace;
  net::Network net{sched, trace};
  std::vector<std::string> outcome;  // "connected at T" / "refused at T: why" / "timed out at T: why"
  Net() {
    net.add_host("home", "192.0.2.10");
    net.add_host("isp", "192.0.2.1");
    net.add_host("internet", "10.255.0.1");
    net.add_host("mx", "203.0.113.25");
    net.add_host("smarthost", "198.51.100.25");
    net.add_link("home", "isp", 2 * kMillisecond);
    net.add_link("isp", "internet", 2 * kMillisecond);
    net.add_link("internet", "mx", 2 * kMillisecond);
    net.add_link("isp", "smarthost", 2 * kMillisecond);
    for (const char* h : {"mx", "smarthost"})
      for (std::uint16_t port : {25, 587}) net.listen(h, port, "smtp", [](net::Endpoint) {});
  }
  void op25b(net::FilterRule::Action action) {
    net::FilterRule rule;
    rule.source = [](const std::string& a) { return a.starts_with("192.0.2."); };
    rule.port = 25;
    rule.except_to = {"198.51.100.25"};
    rule.action = action;
    net.add_filter("isp", rule);
  }
  void dial(const std::string& from, const std::string& address, std::uint16_t port) {
    net.connect(from, address, port, 30 * kSecond,
                {[this](net::Endpoint) { outcome.push_back("connected at " + std::to_string(sched.now())); },
                 [this](net::ConnectError e, const std::string& why) {
                   outcome.push_back(std::string(e == net::ConnectError::Refused ? "refused" : "timed out") + " at " +
                                     std::to_string(sched.now()) + ": " + why);
                 }});
    sched.run();
  }
  const trace::Event& first(trace::Kind k) const {
    for (const auto& e : trace.events())
      if (e.kind == k) return e;
    FAIL("no such event");
    return trace.events().front();
  }
  bool has(trace::Kind k) const {
    for (const auto& e : trace.events())
      if (e.kind == k) return true;
    return false;
  }
};
}  // namespace

TEST_CASE("drop: the SYN stops at the router that filters it and the client times out") {
  Net n;
  n.op25b(net::FilterRule::Action::Drop);
  n.dial("home", "203.0.113.25", 25);
  CHECK(n.outcome == std::vector<std::string>{"timed out at 30000000: connect to 203.0.113.25:25: Connection timed out"});
  const auto& syn = n.first(trace::Kind::Connect);
  CHECK(syn.peer == "mx");
  REQUIRE(syn.path.size() == 2);
  CHECK(syn.path[1].host == "isp");
  CHECK(syn.arrive == 2000);
  const auto& c = syn.as<trace::data::Connect>();
  CHECK(c.blocked_by == "isp");
  CHECK(c.filter_rule == 0);
  CHECK(c.filter_action == "drop");
  CHECK_FALSE(n.has(trace::Kind::Accepted));
  CHECK_FALSE(n.has(trace::Kind::Refused));
  CHECK(n.first(trace::Kind::TimedOut).time == 30 * kSecond);
}

TEST_CASE("reject: the router refuses at once, in one round trip to it") {
  Net n;
  n.op25b(net::FilterRule::Action::Reject);
  n.dial("home", "203.0.113.25", 25);
  CHECK(n.outcome == std::vector<std::string>{"refused at 4000: connect to 203.0.113.25:25: Connection refused"});
  const auto& syn = n.first(trace::Kind::Connect);
  CHECK(syn.as<trace::data::Connect>().filter_action == "reject");
  const auto& rst = n.first(trace::Kind::Refused);
  CHECK(rst.host == "isp");
  CHECK(rst.peer == "home");
  CHECK(rst.time == 2000);
  CHECK(rst.arrive == 4000);
  CHECK_FALSE(n.has(trace::Kind::TimedOut));
}

TEST_CASE("what the rule does not match passes: the submission port, the ISP's own server, other sources") {
  {
    Net n;
    n.op25b(net::FilterRule::Action::Drop);
    n.dial("home", "203.0.113.25", 587);
    CHECK(n.outcome == std::vector<std::string>{"connected at 12000"});
    CHECK(n.first(trace::Kind::Connect).as<trace::data::Connect>().blocked_by.empty());
    CHECK(n.first(trace::Kind::Connect).path.size() == 4);
  }
  {
    Net n;
    n.op25b(net::FilterRule::Action::Drop);
    n.dial("home", "198.51.100.25", 25);  // except_to
    CHECK(n.outcome == std::vector<std::string>{"connected at 8000"});
  }
  {
    Net n;
    n.op25b(net::FilterRule::Action::Drop);
    n.dial("smarthost", "203.0.113.25", 25);  // not from the home network
    CHECK(n.outcome == std::vector<std::string>{"connected at 12000"});
  }
}

TEST_CASE("a router filters only what it forwards, and the first matching rule applies") {
  Net n;
  n.op25b(net::FilterRule::Action::Reject);
  net::FilterRule all;
  all.source = [](const std::string&) { return true; };
  all.port = 25;
  all.action = net::FilterRule::Action::Drop;
  n.net.add_filter("isp", all);
  n.net.listen("isp", 25, "smtp", [](net::Endpoint) {});
  n.dial("home", "192.0.2.1", 25);  // to the router itself: not forwarded
  CHECK(n.outcome == std::vector<std::string>{"connected at 4000"});
  n.outcome.clear();
  n.dial("home", "203.0.113.25", 25);  // both rules match; the first, reject, applies
  REQUIRE(n.outcome.size() == 1);
  CHECK(n.outcome[0].starts_with("refused"));
  n.outcome.clear();
  n.dial("smarthost", "203.0.113.25", 25);  // only the second matches
  REQUIRE(n.outcome.size() == 1);
  CHECK(n.outcome[0].starts_with("timed out"));
  const trace::Event* last = nullptr;
  for (const auto& e : n.trace.events())
    if (e.kind == trace::Kind::Connect) last = &e;
  REQUIRE(last);
  CHECK(last->as<trace::data::Connect>().filter_rule == 1);
}
