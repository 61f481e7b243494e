// What a relay does to the mail it passes on (forward, append_footer) and what that does to
// sender authentication: the lessons dkim-signature (a list footer breaks the body hash),
// forwarding-breaks-spf (SPF fails at the next hop, DKIM survives, DMARC passes on it) and
// dmarc-quarantine (the Junk folder, read with IMAP beside INBOX; the in_folder expectation).
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "sim/nodes/forwarding.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"

using namespace mailsim;

namespace {


std::string transcript(const world::World& w) {
  std::ostringstream out;
  trace::write_transcript(w.trace(), out);
  return out.str();
}

// host: method=result (reason) -> action, for every check about `message_id`.
std::vector<std::string> checks(const world::World& w, const std::string& message_id) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* a = e.get<trace::data::Auth>(); a && e.message_id == message_id)
      out.push_back(e.host + ": " + a->method + "=" + a->result + " (" + a->reason + ") -> " + a->action);
  return out;
}

const mailstore::Folder& folder(const world::World& w, const std::string& name) {
  const auto* f = world::folder_of(w, "bob@home.example", name);
  REQUIRE(f != nullptr);
  return *f;
}

}  // namespace

TEST_CASE("append_footer: the footer follows the body's last line") {
  const std::string footer = "--\r\nThe list\r\n";
  CHECK(nodes::append_footer("Subject: x\r\n\r\nHello\r\n", footer) == "Subject: x\r\n\r\nHello\r\n--\r\nThe list\r\n");
  CHECK(nodes::append_footer("Subject: x\r\n\r\nHello", footer) == "Subject: x\r\n\r\nHello\r\n--\r\nThe list\r\n");
  CHECK(nodes::append_footer("Subject: x\r\n\r\n", footer) == "Subject: x\r\n\r\n--\r\nThe list\r\n");
  CHECK(nodes::append_footer("Subject: x\r\n", footer) == "Subject: x\r\n\r\n--\r\nThe list\r\n");
  CHECK(nodes::append_footer("Subject: x\r\n\r\nHello\r\n", "") == "Subject: x\r\n\r\nHello\r\n");
}

TEST_CASE("forward: a key address goes to its targets, each recipient once, others untouched") {
  scenario::Host h;
  h.forward["club@lists.example"] = {"bob@home.example", "carol@home.example"};
  const auto f = nodes::forward_recipients(h, {"Club@Lists.example", "bob@home.example", "dave@lists.example"});
  CHECK(f.recipients == std::vector<std::string>{"bob@home.example", "carol@home.example", "dave@lists.example"});
  CHECK(f.changes == std::vector<std::string>{"Club@Lists.example -> bob@home.example, carol@home.example"});
}

TEST_CASE("dkim-signature: direct mail passes, the list's footer breaks the body hash") {
  world::World w(bundled_lesson("dkim-signature"));
  w.run();
  const auto& inbox = folder(w, "INBOX");
  REQUIRE(inbox.messages.size() == 2);
  const std::string m1 = world::message_id_of(w, "m1"), m2 = world::message_id_of(w, "m2");
  CHECK(checks(w, m1) == std::vector<std::string>{"mx.home.example: dkim=pass () -> none"});
  CHECK(checks(w, m2) == std::vector<std::string>{"mx.home.example: dkim=fail (body hash mismatch) -> none"});
  // Bob's copy of the list mail ends with the footer; the signature is the one school.example made.
  const std::string& raw = inbox.messages[1].raw;
  CHECK(raw.ends_with("Alice\r\n--\r\nPhoto club mailing list - to leave, write to club-leave@lists.example\r\n"));
  CHECK(raw.find("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=school.example;\r\n") != std::string::npos);
  CHECK(raw.find("\r\n\ts=s2025; ") != std::string::npos);
  const std::string t = transcript(w);
  CHECK(t.find("  lists.example: forward: club@lists.example -> bob@home.example (envelope sender kept: "
               "<alice@school.example>)\n") != std::string::npos);
  CHECK(t.find("  lists.example: append_footer: a footer added at the end of the body (75 octets added)\n") !=
        std::string::npos);
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, std::string(r.description.en + ": " + r.detail.en));
}

TEST_CASE("forwarding-breaks-spf: spf passes at the forwarder and fails after it, dkim and so dmarc pass") {
  world::World w(bundled_lesson("forwarding-breaks-spf"));
  w.run();
  const std::string m1 = world::message_id_of(w, "m1");
  CHECK(checks(w, m1) == std::vector<std::string>{
                             "mx.old.example: spf=pass (ip4:10.0.1.25) -> none",
                             "mx.home.example: spf=fail (10.5.0.25 is not allowed to send mail for school.example) -> none",
                             "mx.home.example: dkim=pass () -> none",
                             "mx.home.example: dmarc=pass (DKIM d=school.example passed and is aligned with From "
                             "school.example) -> none",
                         });
  // The forwarder kept the envelope sender: that is what SPF checks at the next hop.
  const std::string t = transcript(w);
  const auto hop = t.find("mx.old.example -> mx.home.example");
  REQUIRE(hop != std::string::npos);
  CHECK(t.find("C: MAIL FROM:<alice@school.example>", hop) != std::string::npos);
  CHECK(t.find("C: RCPT TO:<bob@home.example>", hop) != std::string::npos);
  REQUIRE(folder(w, "INBOX").messages.size() == 1);
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, std::string(r.description.en + ": " + r.detail.en));
}

TEST_CASE("forwarding-breaks-spf without the signature: dmarc fails and p=reject refuses the forwarded mail") {
  auto s = bundled_lesson("forwarding-breaks-spf");
  for (auto& h : s.hosts) h.sender_auth.dkim_signing.clear();
  world::World w(std::move(s));
  w.run();
  const std::string m1 = world::message_id_of(w, "m1");
  const auto c = checks(w, m1);
  REQUIRE(c.size() == 4);
  CHECK(c[3].starts_with("mx.home.example: dmarc=fail"));
  CHECK(c[3].ends_with("-> reject"));
  CHECK(folder(w, "INBOX").messages.empty());
}

TEST_CASE("dmarc-quarantine: the forgery is in Junk, and Bob's IMAP client reads INBOX and Junk") {
  world::World w(bundled_lesson("dmarc-quarantine"));
  w.run();
  CHECK(folder(w, "INBOX").messages.size() == 1);
  CHECK(folder(w, "Junk").messages.size() == 1);
  const std::string t = transcript(w);
  const auto inbox = t.find("C: a2 SELECT INBOX");
  REQUIRE(inbox != std::string::npos);
  CHECK(t.find("C: a2 SELECT Junk", inbox) != std::string::npos);
  const auto& local = w.reader("pc.home.example")->local_copy();
  REQUIRE(local.size() == 2);
  CHECK(local[0].server_id.find('/') == std::string::npos);  // INBOX: "uidvalidity.uid" as before
  CHECK(local[1].server_id.starts_with("Junk/"));
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, std::string(r.description.en + ": " + r.detail.en));
}

TEST_CASE("in_folder fails when the message is elsewhere and says where it is") {
  auto s = bundled_lesson("dmarc-quarantine");
  scenario::Expectation x;
  x.kind = scenario::ExpectKind::InFolder;
  x.message = "m2";
  x.mailbox = "bob@home.example";
  x.folder = "INBOX";
  s.expect = {x};
  x.folder = "Spam";
  s.expect.push_back(x);
  world::World w(std::move(s));
  w.run();
  const auto r = world::check_expectations(w);
  REQUIRE(r.size() == 2);
  const std::string mid = world::message_id_of(w, "m2");
  CHECK_FALSE(r[0].ok);
  CHECK(r[0].description.en == "m2 in folder INBOX of bob@home.example");
  CHECK(r[0].detail.en == mid + " is in Junk");
  CHECK(r[0].detail.ja == mid + " は Junk にある");
  CHECK_FALSE(r[1].ok);
  CHECK(r[1].detail.en == "the mailbox has no folder Spam");
}
