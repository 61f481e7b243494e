// A destination that checks a DNS blocklist (RFC 5782, Postfix's reject_rbl_client): at the first
// RCPT TO it asks its resolver for the client's reversed address under the zone (A, then TXT for the
// reason) over the virtual network, and refuses a listed client with 554 5.7.1 and the list's reason;
// the relay that was refused bounces its user's message. Lookups that fail list nobody.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "lesson.hpp"
#include "sim/nodes/dnsbl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

// The two-domain lesson; mx.home.example checks bl.example, which lists relay.isp.example
// (10.1.0.25) when `listed`, with a TXT reason when `reason` is not empty.
scenario::Scenario dnsbl_lesson(bool listed, std::string reason = "Open relay, see http://bl.example/q?10.1.0.25") {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "mx.home.example") h.reject_rbl_client = {"bl.example"};
  s.dns_records.push_back(lesson::record("2.0.0.127.bl.example", dns::Type::A, "127.0.0.2"));
  s.dns_records.push_back(lesson::record("2.0.0.127.bl.example", dns::Type::TXT, "Test entry (RFC 5782)"));
  if (listed) {
    s.dns_records.push_back(lesson::record("25.0.1.10.bl.example", dns::Type::A, "127.0.0.2"));
    if (!reason.empty()) s.dns_records.push_back(lesson::record("25.0.1.10.bl.example", dns::Type::TXT, reason));
  }
  return s;
}

std::string transcript(const world::World& w) {
  std::ostringstream out;
  trace::write_transcript(w.trace(), out);
  return out.str();
}

// pc1 (10.0.0.10) speaks to mx.home.example:25 itself, everything in one write after the greeting.
void speak_to_mx(world::World& w, const std::string& dialog) {
  w.network().connect("pc1.school.example", "10.2.0.25", 25, 30 * kSecond,
                      {[dialog](net::Endpoint ep) {
                         ep.set_handlers({[ep, dialog](std::string_view bytes) {
                                            if (bytes.starts_with("220 ")) ep.send(dialog, trace::Payload::Command);
                                          },
                                          [ep] { ep.close(); },
                                          {}});
                       },
                       {}});
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a listed relay is refused at RCPT TO with 554 5.7.1 and the list's TXT reason, and its user's mail bounces") {
  world::World w(dnsbl_lesson(true));
  w.run(2 * kHour);
  const std::string t = transcript(w);
  const auto rcpt = t.find("C: RCPT TO:<bob@home.example>", t.find("connected 10.1.0.25:"));
  const auto a = t.find("DNS mx.home.example -> ns.example: query id=", rcpt);
  const auto a_name = t.find(" A 25.0.1.10.bl.example\n", a);
  const auto a_answer = t.find("DNS ns.example -> mx.home.example: response id=", a);
  const auto txt = t.find(" TXT 25.0.1.10.bl.example\n", a_answer);
  const auto refusal = t.find("S: 554 5.7.1 Service unavailable; Client host [10.1.0.25] blocked using bl.example; "
                              "Open relay, see http://bl.example/q?10.1.0.25\n", rcpt);
  CHECK(rcpt != std::string::npos);
  CHECK(a_name + std::string(" A 25.0.1.10.bl.example").size() == t.find('\n', a));  // the first query is that one
  CHECK(a < a_answer);
  CHECK(a_answer < txt);
  CHECK(txt != std::string::npos);
  CHECK(txt < refusal);
  CHECK(refusal != std::string::npos);
  // Refused at RCPT, so no DATA: nothing for Bob, and the relay sends Alice a bounce quoting the 554.
  const auto* inbox = world::inbox_of(w, "bob@home.example");
  REQUIRE(inbox != nullptr);
  CHECK(inbox->messages.empty());
  CHECK(t.find("to=<bob@home.example>, relay=mx.home.example[10.2.0.25]:25, status=bounced (host "
               "mx.home.example[10.2.0.25] said: 554 5.7.1 Service unavailable; Client host [10.1.0.25] blocked "
               "using bl.example; Open relay, see http://bl.example/q?10.1.0.25") != std::string::npos);
  const auto* alice = world::inbox_of(w, "alice@school.example");
  REQUIRE(alice != nullptr);
  REQUIRE(alice->messages.size() == 1);
  CHECK(alice->messages[0].raw.find("blocked using bl.example") != std::string::npos);
}

TEST_CASE("a listed client without a TXT record is refused without a reason") {
  world::World w(dnsbl_lesson(true, ""));
  w.run(2 * kHour);
  const std::string t = transcript(w);
  CHECK(t.find("S: 554 5.7.1 Service unavailable; Client host [10.1.0.25] blocked using bl.example\n") != std::string::npos);
}

TEST_CASE("a client the list does not hold gets NXDOMAIN, no TXT query, and its mail is delivered") {
  world::World w(dnsbl_lesson(false));
  w.run(2 * kHour);
  const std::string t = transcript(w);
  CHECK(t.find(" A 25.0.1.10.bl.example\n") != std::string::npos);
  CHECK(t.find("NXDOMAIN A 25.0.1.10.bl.example") != std::string::npos);
  CHECK(t.find(" TXT 25.0.1.10.bl.example") == std::string::npos);
  CHECK(t.find("S: 554") == std::string::npos);
  const auto* inbox = world::inbox_of(w, "bob@home.example");
  REQUIRE(inbox != nullptr);
  CHECK(inbox->messages.size() == 1);
}

TEST_CASE("the verdict is asked once a session: pipelined RCPTs wait for it and each gets the 554") {
  auto s = dnsbl_lesson(false);
  s.messages.clear();
  s.dns_records.push_back(lesson::record("10.0.0.10.bl.example", dns::Type::A, "127.0.0.4"));
  s.dns_records.push_back(lesson::record("10.0.0.10.bl.example", dns::Type::TXT, "Dynamic address"));
  world::World w(std::move(s));
  speak_to_mx(w, "EHLO pc1.school.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\n"
                 "RCPT TO:<carol@home.example>\r\nDATA\r\nQUIT\r\n");
  w.run(10 * kMinute);
  const std::string t = transcript(w);
  const std::string refusal = "S: 554 5.7.1 Service unavailable; Client host [10.0.0.10] blocked using bl.example; "
                              "Dynamic address\n";
  CHECK(count(t, refusal) == 2);
  CHECK(count(t, " A 10.0.0.10.bl.example\n") == 1);
  CHECK(count(t, " TXT 10.0.0.10.bl.example\n") == 1);
  // The first RCPT starts the lookups; both wait for them.
  CHECK(t.find("C: RCPT TO:<bob@home.example>") < t.find(" A 10.0.0.10.bl.example\n"));
  CHECK(t.find(" TXT 10.0.0.10.bl.example\n") < t.find(refusal));
  CHECK(t.find("S: 554 5.5.1 Error: no valid recipients") != std::string::npos);
}

TEST_CASE("a blocklist that does not answer lists nobody: after the DNS timeout the mail is delivered") {
  auto s = dnsbl_lesson(true);
  // The resolver is down from the start; the relay's own lookups go to a second one that is up.
  s.hosts.push_back(lesson::host("ns2.example", "10.9.0.54", scenario::Role::Dns));
  s.links.push_back({"ns2.example", "internet", 10 * kMillisecond});
  for (auto& h : s.hosts) {
    if (h.name == "ns.example") h.up = false;
    else if (h.role != scenario::Role::Destination && h.role != scenario::Role::Dns) h.resolver = "ns2.example";
  }
  world::World w(std::move(s));
  w.run(2 * kHour);
  const std::string t = transcript(w);
  CHECK(t.find("DNS mx.home.example: no answer for A 25.0.1.10.bl.example") != std::string::npos);
  const auto* inbox = world::inbox_of(w, "bob@home.example");
  REQUIRE(inbox != nullptr);
  CHECK(inbox->messages.size() == 1);
}

TEST_CASE("DnsblLookup: the reversed name, an answer outside 127/8 is no listing, zones are asked in order") {
  CHECK(nodes::DnsblLookup::query_name("192.0.2.99", "bl.example") == "99.2.0.192.bl.example");
  CHECK(nodes::DnsblLookup::query_name("not-an-address", "bl.example").empty());
  nodes::DnsblLookup l("192.0.2.99", {"one.example", "two.example"}, 100);
  auto q = l.next_query();
  REQUIRE(q);
  CHECK(q->id == 100);
  CHECK(q->questions.at(0).name == "99.2.0.192.one.example");
  CHECK(!l.next_query());  // one at a time
  dns::Message r = *q;
  r.response = true;
  r.answers.push_back(lesson::record("99.2.0.192.one.example", dns::Type::A, "192.0.2.1"));
  l.on_response(r);
  q = l.next_query();
  REQUIRE(q);
  CHECK(q->questions.at(0).name == "99.2.0.192.two.example");
  CHECK(q->questions.at(0).type == dns::Type::A);
  r = *q;
  r.response = true;
  r.answers.push_back(lesson::record("99.2.0.192.two.example", dns::Type::A, "127.0.0.3"));
  l.on_response(r);
  q = l.next_query();
  REQUIRE(q);
  CHECK(q->questions.at(0).type == dns::Type::TXT);
  l.on_timeout();  // no reason: still listed
  CHECK(l.done());
  REQUIRE(l.listing());
  CHECK(l.listing()->zone == "two.example");
  CHECK(l.listing()->address == "127.0.0.3");
  CHECK(l.listing()->reason.empty());
  CHECK(nodes::dnsbl_reply("192.0.2.99", *l.listing()).lines.at(0) ==
        "Service unavailable; Client host [192.0.2.99] blocked using two.example");
}
