// Flawed certificates in lessons (docs/tls.md, "Certificates"; the host key tls_certificate): the
// certificate-problems lesson's three outcomes, a mail client against each flaw, and a flawed host
// leaving the other hosts' certificates as they were.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"
#include "dialog.hpp"
#include "lesson.hpp"

using namespace mailsim;

namespace {
std::vector<std::string> records(const world::World& w, std::uint64_t conn) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* r = e.get<trace::data::TlsRecord>(); r && e.conn == conn)
      for (const auto& m : r->messages) out.push_back((e.dir == trace::Direction::ClientToServer ? "C " : "S ") + m);
  return out;
}

const nodes::QueuedMessage* queued(const world::World& w, const std::string& host) {
  const auto* mta = w.mta(host);
  return mta && !mta->queue().empty() ? &mta->queue().front() : nullptr;
}
}  // namespace

TEST_CASE("certificate-problems: the mail client refuses the expired certificate, may delivers, verify defers") {
  world::World w(bundled_lesson("certificate-problems"));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);

  // Alice's mail program: the handshake stops with the alert, nothing of SMTP inside TLS.
  const auto laptop = lesson::connections(w, "laptop.home.example", "mail.school.example");
  REQUIRE(laptop.size() == 1);
  const trace::data::Tls* t = lesson::handshake(w, laptop[0]);
  REQUIRE(t != nullptr);
  CHECK_FALSE(t->ok);
  CHECK_FALSE(t->verified);
  CHECK(t->verify_error == "certificate has expired");
  CHECK(t->failure == "certificate verify failed: certificate has expired");
  CHECK(t->chain.at(0).not_after < w.scenario().epoch);
  const auto laptop_records = records(w, laptop[0]);
  CHECK(laptop_records.back() == "C Alert certificate_expired");
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Segment>(); s && e.conn == laptop[0]) CHECK_FALSE(s->tls);
  CHECK(w.mail_client("laptop.home.example")->outbox() == std::vector<std::string>{"m1"});
  const auto client = lesson::texts(w, trace::Kind::Submit, "laptop.home.example");
  CHECK(std::find(client.begin(), client.end(),
                  "m1: submission failed: TLS handshake with mail.school.example failed: certificate verify failed: "
                  "certificate has expired") != client.end());
  // It is not sent again: a certificate does not mend itself.
  CHECK(lesson::connections(w, "laptop.home.example", "mail.school.example").size() == 1);

  // out-may: TLS over a certificate for www.partner.example, not checked, delivered.
  const auto may = lesson::connections(w, "out-may.school.example", "mx.partner.example");
  REQUIRE(may.size() == 1);
  const trace::data::Tls* m = lesson::handshake(w, may[0]);
  REQUIRE(m != nullptr);
  CHECK(m->ok);
  CHECK_FALSE(m->verified);
  CHECK(m->verify_error == "hostname mismatch");
  CHECK(m->chain.at(0).subject == "CN=www.partner.example");
  CHECK(m->chain.at(0).dns_names == std::vector<std::string>{"www.partner.example"});
  CHECK(lesson::inbox_text(w, "erin@partner.example").find("Subject: Order 1042") != std::string::npos);
  CHECK(w.mta("out-may.school.example")->queue().empty());

  // out-verify: the same certificate, checked: quits inside TLS, the message deferred.
  const auto verify = lesson::connections(w, "out-verify.school.example", "mx.partner.example");
  REQUIRE(verify.size() == 1);
  const trace::data::Tls* v = lesson::handshake(w, verify[0]);
  REQUIRE(v != nullptr);
  CHECK(v->ok);
  CHECK(v->verify_error == "hostname mismatch");
  const nodes::QueuedMessage* q = queued(w, "out-verify.school.example");
  REQUIRE(q != nullptr);
  CHECK(q->queue == nodes::QueueName::Deferred);
  CHECK(q->attempts == 1);
  CHECK(q->last_error == "Server certificate not verified");  // Postfix's words, its own decision
  // Nothing of the message crossed to the MX: no MAIL inside TLS.
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Segment>(); s && e.conn == verify[0])
      CHECK(s->text.find("MAIL FROM") == std::string::npos);
  CHECK(lesson::inbox_text(w, "erin@partner.example").find("Invoice 77") == std::string::npos);
}

TEST_CASE("a mail client at verify refuses each flaw with OpenSSL's words and the alert it sends") {
  struct Case {
    scenario::CertificateFlaw flaw;
    const char* error;
    const char* alert;
  };
  const Case cases[] = {
      {scenario::CertificateFlaw::NameMismatch, "hostname mismatch", "C Alert bad_certificate"},
      {scenario::CertificateFlaw::Expired, "certificate has expired", "C Alert certificate_expired"},
      {scenario::CertificateFlaw::SelfSigned, "self-signed certificate", "C Alert unknown_ca"},
      {scenario::CertificateFlaw::UnknownCa, "unable to get local issuer certificate", "C Alert unknown_ca"},
  };
  for (const Case& c : cases) {
    CAPTURE(scenario::to_string(c.flaw));
    scenario::Scenario s = lesson::two_domains();
    for (auto& h : s.hosts)
      if (h.name == "mail.school.example") {
        h.smtpd_tls_security_level = scenario::TlsLevel::May;
        h.tls_certificate = c.flaw;
      }
    world::World w(s);
    w.run();
    const auto conn = lesson::connections(w, "pc1.school.example", "mail.school.example");
    REQUIRE(conn.size() == 1);
    const trace::data::Tls* t = lesson::handshake(w, conn[0]);
    REQUIRE(t != nullptr);
    CHECK_FALSE(t->ok);
    CHECK(t->verify_error == c.error);
    CHECK(t->failure == std::string("certificate verify failed: ") + c.error);
    CHECK(records(w, conn[0]).back() == c.alert);
    CHECK(w.mail_client("pc1.school.example")->outbox() == std::vector<std::string>{"m1"});
  }
}

TEST_CASE("a flawed certificate changes only its own host's: the others keep their bytes") {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "mail.school.example" || h.name == "relay.isp.example")
      h.smtpd_tls_security_level = scenario::TlsLevel::May;
  s.clients[0].smtp_tls_security_level = scenario::TlsLevel::May;  // so the mail goes on to the relay
  scenario::Scenario flawed = s;
  for (auto& h : flawed.hosts)
    if (h.name == "mail.school.example") h.tls_certificate = scenario::CertificateFlaw::SelfSigned;
  for (auto& h : s.hosts)
    if (h.name == "mail.school.example") h.smtp_tls_security_level = scenario::TlsLevel::May;
  for (auto& h : flawed.hosts)
    if (h.name == "mail.school.example") h.smtp_tls_security_level = scenario::TlsLevel::May;
  world::World a(s), b(flawed);
  a.run();
  b.run();
  const auto chain_of = [](const world::World& w, const std::string& client, const std::string& server) {
    const auto conn = lesson::connections(w, client, server);
    REQUIRE(!conn.empty());
    const trace::data::Tls* t = lesson::handshake(w, conn[0]);
    REQUIRE(t != nullptr);
    return t->chain.at(0);
  };
  CHECK(chain_of(a, "mail.school.example", "relay.isp.example").sha256 ==
        chain_of(b, "mail.school.example", "relay.isp.example").sha256);
  const auto self = chain_of(b, "pc1.school.example", "mail.school.example");
  CHECK(self.subject == self.issuer);
  CHECK(self.sha256 != chain_of(a, "pc1.school.example", "mail.school.example").sha256);
  CHECK(a.tls_ca_pem() == b.tls_ca_pem());
}
