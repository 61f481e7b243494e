// DKIM signing on the submission server and, at the receiving server after the data, DKIM
// verification with the key fetched over the virtual DNS and DMARC with the From domain's policy:
// reject refuses at the end of the data with 550 5.7.1, quarantine delivers into Junk, and every
// result is in Authentication-Results and the trace.
#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>

#include "lesson.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/signature.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

// mail.school.example signs school.example's mail (Ed25519: quick to make); mx.home.example
// checks with `policy`; school.example publishes `dmarc` (none when empty) and an SPF record
// naming its relay.
scenario::Scenario dmarc_lesson(scenario::DmarcPolicy policy, const std::string& dmarc) {
  scenario::Scenario s = lesson::two_domains();
  scenario::DkimSigning d;
  d.domain = "school.example";
  d.selector = "s1";
  d.algorithm = "ed25519-sha256";
  const auto key = dkim::PrivateKey::from_seed(dkim::KeyType::Ed25519, dkim::key_seed(s.seed, "school.example", "s1"));
  REQUIRE(key);
  d.private_key = key->pem();
  for (auto& h : s.hosts) {
    if (h.name == "mail.school.example") h.sender_auth.dkim_signing = {d};
    if (h.name == "mx.home.example") h.sender_auth.dmarc = policy;
  }
  s.dns_records.push_back(lesson::record("s1._domainkey.school.example", dns::Type::TXT, dkim::key_record_text(*key)));
  s.dns_records.push_back(lesson::record("school.example", dns::Type::TXT, "v=spf1 ip4:10.1.0.25 -all"));
  if (!dmarc.empty()) s.dns_records.push_back(lesson::record("_dmarc.school.example", dns::Type::TXT, dmarc));
  return s;
}

// An attacker on pc1 (10.0.0.10) sends mail with From: alice@school.example straight to the MX,
// under its own envelope sender.
void forge(world::World& w) {
  const std::string dialog =
      "EHLO pc1.attacker.example\r\nMAIL FROM:<x@attacker.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n"
      "From: alice@school.example\r\nTo: bob@home.example\r\nSubject: Urgent\r\nMessage-ID: <forged@attacker.example>\r\n"
      "\r\nPlease send me your password.\r\n.\r\nQUIT\r\n";
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

std::string transcript(const world::World& w) {
  std::ostringstream out;
  trace::write_transcript(w.trace(), out);
  return out.str();
}

// method=result->action of every check, in order.
std::vector<std::string> checks(const world::World& w) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* a = e.get<trace::data::Auth>()) out.push_back(a->method + "=" + a->result + "->" + a->action);
  return out;
}

const mailstore::Folder* folder(const world::World& w, const std::string& name) {
  const auto* acc = w.destination("mx.home.example")->store().find("bob");
  REQUIRE(acc != nullptr);
  auto it = acc->folders.find(name);
  return it == acc->folders.end() ? nullptr : &it->second;
}

}  // namespace

TEST_CASE("signed at submission, through the relay, verified at the MX: dkim and dmarc pass") {
  world::World w(dmarc_lesson(scenario::DmarcPolicy::Enforce, "v=DMARC1; p=reject"));
  w.run(10 * kMinute);
  CHECK(checks(w) == std::vector<std::string>{"spf=pass->none", "dkim=pass->none", "dmarc=pass->none"});
  const std::string t = transcript(w);
  // The key and the policy are fetched over the network, after the data.
  const auto dot = t.find("C: .", t.find("#3 C: DATA"));
  const auto key = t.find("DNS mx.home.example -> ns.example: query id=", dot);
  CHECK(t.find(" TXT s1._domainkey.school.example", key) < t.find(" TXT _dmarc.school.example", key));
  CHECK(t.find("#3 C: DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=school.example;") != std::string::npos);
  REQUIRE(folder(w, "INBOX")->messages.size() == 1);
  const std::string raw = folder(w, "INBOX")->messages[0].raw;
  CHECK(raw.find("\tdkim=pass header.d=school.example header.i=@school.example header.s=s1\r\n") != std::string::npos);
  CHECK(raw.find("\tdmarc=pass (p=reject dis=none) header.from=school.example\r\n") != std::string::npos);
}

TEST_CASE("a forged From of a domain with p=reject is refused at the end of the data with 550 5.7.1") {
  auto s = dmarc_lesson(scenario::DmarcPolicy::Enforce, "v=DMARC1; p=reject");
  s.messages.clear();
  world::World w(std::move(s));
  forge(w);
  w.run(10 * kMinute);
  CHECK(checks(w) == std::vector<std::string>{"spf=none->none", "dkim=none->none", "dmarc=fail->reject"});
  CHECK(transcript(w).find("S: 550 5.7.1 Email rejected per DMARC policy for school.example\n") != std::string::npos);
  CHECK(folder(w, "INBOX")->messages.empty());
  CHECK(folder(w, "Junk")->messages.empty());
}

TEST_CASE("p=quarantine: the forged message is delivered into the Junk folder") {
  auto s = dmarc_lesson(scenario::DmarcPolicy::Enforce, "v=DMARC1; p=quarantine");
  s.messages.clear();
  world::World w(std::move(s));
  forge(w);
  w.run(10 * kMinute);
  CHECK(checks(w) == std::vector<std::string>{"spf=none->none", "dkim=none->none", "dmarc=fail->quarantine"});
  CHECK(folder(w, "INBOX")->messages.empty());
  REQUIRE(folder(w, "Junk")->messages.size() == 1);
  CHECK(folder(w, "Junk")->messages[0].raw.find("\tdmarc=fail (p=quarantine dis=quarantine) header.from=school.example\r\n") !=
        std::string::npos);
  CHECK(transcript(w).find("MAILBOX mx.home.example: delivered to folder Junk of bob <bob@home.example> <forged@attacker.example>") !=
        std::string::npos);
}

TEST_CASE("the same forgery against a domain without DMARC gets into the inbox") {
  auto s = dmarc_lesson(scenario::DmarcPolicy::Enforce, "");
  s.messages.clear();
  world::World w(std::move(s));
  forge(w);
  w.run(10 * kMinute);
  CHECK(checks(w) == std::vector<std::string>{"spf=none->none", "dkim=none->none", "dmarc=none->none"});
  CHECK(folder(w, "INBOX")->messages.size() == 1);
}

TEST_CASE("dmarc tag: the failure is recorded, the message delivered") {
  auto s = dmarc_lesson(scenario::DmarcPolicy::Tag, "v=DMARC1; p=reject");
  s.messages.clear();
  world::World w(std::move(s));
  forge(w);
  w.run(10 * kMinute);
  CHECK(checks(w) == std::vector<std::string>{"spf=none->none", "dkim=none->none", "dmarc=fail->none"});
  CHECK(folder(w, "INBOX")->messages.size() == 1);
}

TEST_CASE("dkim verify alone: a revoked key is a permerror in Authentication-Results, no DMARC query") {
  auto s = dmarc_lesson(scenario::DmarcPolicy::Off, "v=DMARC1; p=reject");
  for (auto& h : s.hosts)
    if (h.name == "mx.home.example") h.sender_auth.dkim_verify = true;
  for (auto& r : s.dns_records)
    if (r.name == "s1._domainkey.school.example") r.data = "v=DKIM1; k=ed25519; p=";
  world::World w(std::move(s));
  w.run(10 * kMinute);
  CHECK(checks(w) == std::vector<std::string>{"dkim=permerror->none"});
  CHECK(transcript(w).find("TXT _dmarc.school.example") == std::string::npos);
  REQUIRE(folder(w, "INBOX")->messages.size() == 1);
  CHECK(folder(w, "INBOX")->messages[0].raw.find("dkim=permerror\r\n\treason=\"key revoked (empty p=) at s1._domainkey.school.example\"") != std::string::npos);
}

TEST_CASE("auth_result expectations: the lesson's hold, a wrong result fails and says what was found") {
  scenario::Scenario s = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/spoofed-sender.json");
  scenario::Expectation wrong;
  wrong.kind = scenario::ExpectKind::AuthResult;
  wrong.message = "m1";
  wrong.host = "mx.home.example";
  wrong.auth = {{"dkim", "pass"}, {"dmarc", "fail"}};
  s.expect.push_back(wrong);
  scenario::Expectation elsewhere = wrong;
  elsewhere.host = "mail.bank.example";  // the signer checks nothing
  elsewhere.auth = {{"dkim", "pass"}};
  s.expect.push_back(elsewhere);
  world::World w(std::move(s));
  w.run(10 * kMinute);
  const auto results = world::check_expectations(w);
  REQUIRE(results.size() == 9);
  for (std::size_t i = 0; i < 7; ++i) CHECK_MESSAGE(results[i].ok, results[i].description.en);
  CHECK_FALSE(results[7].ok);
  CHECK(results[7].description.en == "m1 at mx.home.example: dkim=pass dmarc=fail");
  CHECK(results[7].detail.en == "found dkim=pass dmarc=pass");
  CHECK_FALSE(results[8].ok);
  CHECK(results[8].detail.en.starts_with("no check recorded for <"));
}

TEST_CASE("the sending host goes down while the checks wait for DNS: nothing is kept, the retry delivers once") {
  auto s = dmarc_lesson(scenario::DmarcPolicy::Enforce, "v=DMARC1; p=reject");
  // The MX asks a resolver that is down: every check waits for its timeouts.
  auto ns2 = lesson::host("ns2.example", "10.9.0.54", scenario::Role::Dns);
  ns2.up = false;
  s.hosts.push_back(ns2);
  s.links.push_back({"ns2.example", "internet", 10 * kMillisecond});
  for (auto& h : s.hosts)
    if (h.name == "mx.home.example") h.resolver = "ns2.example";
  for (auto& f : lesson::outage("relay.isp.example", 22 * kSecond, 60 * kSecond)) s.failures.push_back(f);
  world::World w(std::move(s));
  w.run(30 * kMinute);
  const std::string t = transcript(w);
  CHECK(t.find("reset: host relay.isp.example went down") != std::string::npos);
  REQUIRE(folder(w, "INBOX") != nullptr);
  CHECK(folder(w, "INBOX")->messages.size() == 1);
}
