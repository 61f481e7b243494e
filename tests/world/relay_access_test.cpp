// Who may relay: the MTA's own check (Postfix's permit_mynetworks, reject_unauth_destination), the
// destination refusing a domain it does not serve, and the edges of `relay_from` networks, in the
// world and at load time.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "conservation.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/nodes/address.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;
using lesson::run_checked;
using lesson::dialog;

namespace {

// A stranger's PC (pc9.elsewhere.example at `address`) speaks SMTP straight to the relay's port 25
// and asks it to take mallory's mail for bob@home.example, a domain the relay does not serve.
scenario::Scenario stranger_at(const std::string& address, std::vector<std::string> relay_from) {
  auto s = lesson::two_domains();
  s.hosts.push_back(lesson::host("pc9.elsewhere.example", address, scenario::Role::Client));
  s.links.push_back({"pc9.elsewhere.example", "internet", 5 * kMillisecond});
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") h.relay_from = std::move(relay_from);
  scenario::Client c;
  c.host = "pc9.elsewhere.example";
  c.account = "alice@school.example";
  c.submission = "relay.isp.example";
  c.submission_port = 25;
  s.clients = {c};
  s.messages[0].client = "pc9.elsewhere.example";
  s.messages[0].from = "mallory@elsewhere.example";
  return s;
}

// The relay's answer to the stranger's RCPT TO, after a whole run (which must lose no mail).
std::string rcpt_reply(const std::string& address, std::vector<std::string> relay_from) {
  world::World w(stranger_at(address, std::move(relay_from)));
  run_checked(w);
  const auto conns = lesson::connections(w, "pc9.elsewhere.example", "relay.isp.example");
  REQUIRE(conns.size() == 1);
  const auto d = dialog(w, conns[0]);
  REQUIRE(d.size() >= 12);
  CHECK(d[9] == "C: DATA");
  return d[11];
}

const std::string kAccepted = "S: 250 2.1.5 Ok";
const std::string kDenied = "S: 554 5.7.1 <bob@home.example>: Relay access denied";

}  // namespace

TEST_CASE("relay denial by the MTA: a client outside relay_from gets 554 5.7.1 and nothing is queued") {
  world::World w(stranger_at("10.3.0.10", {"10.0.0.25/32"}));
  run_checked(w);
  const auto conns = lesson::connections(w, "pc9.elsewhere.example", "relay.isp.example");
  REQUIRE(conns.size() == 1);
  const std::vector<std::string> expected = {
      "S: 220 relay.isp.example ESMTP mailsim",
      "C: EHLO pc9.elsewhere.example",
      "S: 250-relay.isp.example",
      "S: 250-PIPELINING",
      "S: 250-SIZE 10485760",
      "S: 250-ENHANCEDSTATUSCODES",
      "S: 250 8BITMIME",
      "C: MAIL FROM:<mallory@elsewhere.example> SIZE=206",
      "C: RCPT TO:<bob@home.example>",
      "C: DATA",
      "S: 250 2.1.0 Ok",
      "S: 554 5.7.1 <bob@home.example>: Relay access denied",
      // The pipelined DATA is refused too: with no recipient there is no transaction.
      "S: 554 5.5.1 Error: no valid recipients",
      "C: QUIT",
      "S: 221 2.0.0 Bye",
  };
  CHECK(dialog(w, conns[0]) == expected);
  // Nothing was queued anywhere, nothing delivered, and the client was told so.
  CHECK(lesson::queue_lines(w, "relay.isp.example").empty());
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
  const auto client = lesson::texts(w, trace::Kind::Submit, "pc9.elsewhere.example");
  REQUIRE(client.size() == 2);
  CHECK(client[1] == "m1: submission failed: bob@home.example: 554 5.7.1 <bob@home.example>: Relay access denied");
}

TEST_CASE("relay denial by the destination: an MX asked for a domain it does not serve says 554 5.7.1, the relay bounces") {
  auto s = lesson::two_domains();
  // other.example names mx.home.example as its MX, but that server holds only home.example.
  s.dns_records.push_back(lesson::record("other.example", dns::Type::MX, "mx.home.example", 10));
  s.messages[0].to = {"carol@other.example"};
  world::World w(s);
  run_checked(w);
  const auto conns = lesson::connections(w, "relay.isp.example", "mx.home.example");
  REQUIRE(conns.size() == 1);
  const auto d = dialog(w, conns[0]);
  REQUIRE(d.size() == 15);
  CHECK(d[8] == "C: RCPT TO:<carol@other.example>");
  CHECK(d[11] == "S: 554 5.7.1 <carol@other.example>: Relay access denied");
  CHECK(d[12] == "S: 554 5.5.1 Error: no valid recipients");
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 8);
  CHECK(q[2] == "to=<carol@other.example>, relay=mx.home.example[10.2.0.25]:25, status=bounced (host mx.home.example"
                "[10.2.0.25] said: 554 5.7.1 <carol@other.example>: Relay access denied)");
  CHECK(q[4] == "removed (bounced)");
  // The DSN goes to alice, the envelope sender, from the relay that gave up.
  std::vector<const trace::Event*> bounces;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Bounce && e.host == "relay.isp.example") bounces.push_back(&e);
  REQUIRE(bounces.size() == 1);
  CHECK(bounces[0]->as<trace::data::Bounce>().action == trace::BounceAction::Failed);
  CHECK(bounces[0]->peer == "alice@school.example");
  const std::string dsn = lesson::inbox_text(w, "alice@school.example");
  CHECK(dsn.find("\r\nFrom: Mail Delivery System <MAILER-DAEMON@relay.isp.example>\r\n") != std::string::npos);
  CHECK(dsn.find("\r\nFinal-Recipient: rfc822; carol@other.example\r\nAction: failed\r\nStatus: 5.7.1\r\n"
                 "Remote-MTA: dns; mx.home.example\r\n"
                 "Diagnostic-Code: smtp; 554 5.7.1 <carol@other.example>: Relay access denied\r\n") != std::string::npos);
}

TEST_CASE("relay_from edges: /0 trusts everyone, /32 one address, a /24 stops just outside") {
  CHECK(rcpt_reply("10.3.0.10", {"0.0.0.0/0"}) == kAccepted);  // an open relay: every spammer's friend
  CHECK(rcpt_reply("10.3.0.10", {"10.3.0.10/32"}) == kAccepted);
  CHECK(rcpt_reply("10.3.0.11", {"10.3.0.10/32"}) == kDenied);
  CHECK(rcpt_reply("10.3.0.255", {"10.3.0.0/24"}) == kAccepted);  // the last address inside
  CHECK(rcpt_reply("10.3.1.0", {"10.3.0.0/24"}) == kDenied);      // the first one after
  CHECK(rcpt_reply("10.2.255.255", {"10.3.0.0/24"}) == kDenied);  // the last one before
  CHECK(rcpt_reply("10.3.0.10", {"10.9.0.0/16", "10.3.0.0/24"}) == kAccepted);  // any entry may match
}

TEST_CASE("relay_from edges: an entry with host bits set matches its network, a malformed one matches nothing") {
  // The loader refuses "10.3.0.5/24" (see below), so only a scenario built in code gets here. Postfix
  // reads such a mynetworks entry as the network 10.3.0.0/24 (and warns); the MTA does the same, so a
  // lesson built in code behaves as the real server would.
  CHECK(rcpt_reply("10.3.0.200", {"10.3.0.5/24"}) == kAccepted);
  CHECK(rcpt_reply("10.3.1.5", {"10.3.0.5/24"}) == kDenied);
  // An entry that cannot be read trusts nobody (it fails closed), and spoils no other entry.
  for (const char* bad : {"10.3.0.0/33", "10.3.0.10/", "10.3.0/24", "garbage", ""})
    CHECK(rcpt_reply("10.3.0.10", {bad}) == kDenied);
  CHECK(rcpt_reply("10.3.0.10", {"garbage", "10.3.0.0/24"}) == kAccepted);
}

TEST_CASE("cidr_contains: prefix lengths 0 to 32 at the edges") {
  using nodes::cidr_contains;
  CHECK(cidr_contains("0.0.0.0/0", "0.0.0.0"));
  CHECK(cidr_contains("0.0.0.0/0", "255.255.255.255"));
  CHECK(cidr_contains("10.0.0.7/32", "10.0.0.7"));
  CHECK_FALSE(cidr_contains("10.0.0.7/32", "10.0.0.6"));
  CHECK_FALSE(cidr_contains("10.0.0.7/32", "10.0.0.8"));
  CHECK(cidr_contains("10.0.0.0/24", "10.0.0.0"));
  CHECK(cidr_contains("10.0.0.0/24", "10.0.0.255"));
  CHECK_FALSE(cidr_contains("10.0.0.0/24", "10.0.1.0"));
  CHECK_FALSE(cidr_contains("10.0.0.0/24", "9.255.255.255"));
  CHECK(cidr_contains("128.0.0.0/1", "255.0.0.1"));
  CHECK_FALSE(cidr_contains("128.0.0.0/1", "127.255.255.255"));
  CHECK(cidr_contains("10.0.0.5/24", "10.0.0.77"));  // host bits ignored, as Postfix does
  CHECK(cidr_contains("10.0.0.7", "10.0.0.7"));      // a bare address is a /32
  CHECK_FALSE(cidr_contains("10.0.0.7", "10.0.0.8"));
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0/24", "/24", "", "10.0.0.0/24/8"})
    CHECK_FALSE(cidr_contains(bad, "10.0.0.1"));
  CHECK_FALSE(cidr_contains("10.0.0.0/24", "10.0.0"));
  CHECK_FALSE(cidr_contains("0.0.0.0/0", "not an address"));
}

namespace {
// The loader's message for a relay whose relay_from list is `entries` (JSON), or "(no error)".
std::string load_error(const std::string& entries) {
  const std::string text = R"({
  "title": "t",
  "hosts": [
    {"name": "relay.isp.example", "address": "10.1.0.25", "role": "relay", "relay_from": [)" + entries + R"(]},
    {"name": "ns.example", "address": "10.9.0.53", "role": "dns"}
  ],
  "links": [{"between": ["relay.isp.example", "ns.example"]}]
}
)";
  try {
    scenario::load_text(text, "t.json");
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}
}  // namespace

TEST_CASE("relay_from at load time: networks load, host bits and malformed entries are refused with their place") {
  CHECK(load_error(R"("0.0.0.0/0", "10.0.0.10/32", "10.0.0.0/24")") == "(no error)");
  const std::string at = "t.json:4:91: /hosts/0/relay_from/0: ";
  const std::string not_cidr = " is not an IPv4 network in CIDR notation (like \"10.0.0.0/24\")";
  // Stricter than Postfix on purpose: a teacher who wrote 10.0.0.5/24 is told what it means.
  CHECK(load_error(R"("10.0.0.5/24")") == at + "'10.0.0.5/24' has host bits set (did you mean '10.0.0.0/24'?)");
  CHECK(load_error(R"("1.2.3.4/0")") == at + "'1.2.3.4/0' has host bits set (did you mean '0.0.0.0/0'?)");
  CHECK(load_error(R"("10.0.0.0/33")") == at + "'10.0.0.0/33' has a prefix length above 32");
  for (const char* bad : {"10.0.0.0", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/24", "10.0.0.0/x", "010.0.0.0/8",
                          "10.0.0.0/24 ", "/24", "10.0.0.0/24/8", "10.0.0.0/024", ""})
    CHECK(load_error("\"" + std::string(bad) + "\"") == at + "'" + bad + "'" + not_cidr);
  CHECK(load_error("24") == at + "expected a string, got a number");
  // The place names the bad entry, not the first one.
  CHECK(load_error(R"("10.0.0.0/24", "10.0.0.0/")") ==
        "t.json:4:106: /hosts/0/relay_from/1: '10.0.0.0/'" + not_cidr);
}
