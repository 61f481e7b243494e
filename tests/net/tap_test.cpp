// Taps: an observer on a link sees every packet that crosses it, when it crosses, in the direction
// it goes, and changes nothing (the eavesdropper of the AUTH and TLS lessons).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/net/network.hpp"

using namespace mailsim;

namespace {
// a -- r -- b, and r -- c; 2 ms per link.
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
    net.add_link("r", "c", 2 * kMillisecond);
  }
};

// What a tap saw, one line per packet: "time from>to kind text".
std::string seen_line(Time at, const net::Tapped& t) {
  std::string text;
  if (const auto* s = std::get_if<trace::data::Segment>(&t.packet.data)) text = " " + s->text + trace::bytes_of(s->eol);
  if (const auto* d = std::get_if<trace::data::Datagram>(&t.packet.data)) text = " " + std::to_string(d->wire.size()) + " octets";
  return std::to_string(at) + " " + t.from + ">" + t.to + " " + trace::to_string(t.packet.kind) + text;
}
}  // namespace

TEST_CASE("a tap on r-b sees a stream's SYN, lines (exact bytes) and FIN both ways, when they cross") {
  Net n;
  std::vector<std::string> seen;
  n.net.tap("b", "r", [&](const net::Tapped& t) { seen.push_back(seen_line(n.sched.now(), t)); });
  n.net.listen("b", 25, "smtp", [&](net::Endpoint ep) {
    ep.send("220 b\r\n", trace::Payload::Reply);
    ep.set_handlers({[ep](std::string_view) { ep.close(); }, {}, {}});
  });
  n.net.connect("a", "10.0.0.2", 25, 30 * kSecond,
                {[](net::Endpoint ep) { ep.send("AUTH PLAIN AGFsaWNlAHNlY3JldA==\n", trace::Payload::Command); }, {}});
  n.sched.run();
  CHECK(seen == std::vector<std::string>{
                    "4000 r>b connect",    // the SYN, sent at 0, reaches b
                    "6000 b>r accepted",   // b's SYN-ACK and greeting, sent at 4 ms, reach r
                    "6000 b>r segment 220 b\r\n",
                    "12000 r>b segment AUTH PLAIN AGFsaWNlAHNlY3JldA==\n",  // a bare LF, as sent at 8 ms
                    "14000 b>r close",     // b's FIN, sent when the line arrived
                });
}

TEST_CASE("a tap sees only what crosses its link: a-r traffic to c, but nothing between r and b") {
  Net n;
  int on_rb = 0, on_ar = 0;
  n.net.tap("r", "b", [&](const net::Tapped&) { ++on_rb; });
  const std::size_t ar = n.net.tap("a", "r", [&](const net::Tapped& t) {
    CHECK(t.from == "a");
    CHECK(t.to == "r");
    ++on_ar;
  });
  n.net.bind("c", 53, "dns", [](const std::string&, std::uint16_t, std::string_view) {});
  n.net.send_datagram("a", 40000, "10.0.0.3", 53, std::string("\x12\x34query", 7), "query");
  n.sched.run();
  CHECK(on_ar == 1);
  CHECK(on_rb == 0);
  // Gone before the packet crosses: it sees nothing of it.
  n.net.send_datagram("a", 40000, "10.0.0.3", 53, "again", "query");
  n.net.untap(ar);
  n.sched.run();
  CHECK(on_ar == 1);
  CHECK_THROWS_AS(n.net.tap("a", "b", [](const net::Tapped&) {}), std::invalid_argument);
}
