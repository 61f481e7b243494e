// STARTTLS wired into the nodes (docs/tls.md, "Wiring"): the starttls lesson's two submissions, the
// same AUTH PLAIN once in clear and once inside TLS; what the endpoints read, what crossed the wire
// and what the eavesdropper got; the handshake's trace event; a sending MTA's
// smtp_tls_security_level against servers with and without TLS; plaintext injected after STARTTLS
// through the node's layer (CVE-2011-0411); and the same seed giving the same ciphertext.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "sim/export/pcap.hpp"
#include "sim/proto/tls/certificate.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "print_lines.hpp"

using namespace mailsim;

namespace {

// Connection `conn`'s lines as the transcript prints them, without their time.
std::vector<std::string> lines_of(const world::World& w, std::uint64_t conn) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events()) {
    if (e.conn != conn || (e.kind != trace::Kind::Segment && e.kind != trace::Kind::TlsRecord && e.kind != trace::Kind::Tls))
      continue;
    const std::string line = trace::transcript_line(e);
    out.push_back(line.substr(line.find('#')));
  }
  return out;
}

std::vector<std::string> captured(const world::World& w) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Captured>()) out.push_back("#" + std::to_string(e.conn) + " " + c->text);
  return out;
}

// Every byte that crossed the wire on `conn`, both ways, as a tap sees them.
std::string wire_of(const world::World& w, std::uint64_t conn) {
  std::string out;
  for (const auto& e : w.trace().events()) {
    if (e.conn != conn || e.path.size() < 2) continue;
    if (const auto* r = e.get<trace::data::TlsRecord>()) out += r->bytes;
    if (const auto* s = e.get<trace::data::Segment>()) out += s->text + trace::bytes_of(s->eol);
  }
  return out;
}

std::string pcap_of(const world::World& w) {
  std::map<std::string, std::string> addresses;
  for (const auto& h : w.network().hosts()) addresses[h.name] = h.address;
  std::ostringstream out;
  exporter::write_pcap(w.trace(), addresses, w.scenario().epoch, out);
  return out.str();
}

}  // namespace

TEST_CASE("starttls lesson: the laptop's AUTH PLAIN in clear, the phone's inside TLS, the eavesdropper gets only the first") {
  world::World w(bundled_lesson("starttls"));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
  const auto laptop = lesson::connections(w, "laptop.cafe.example", "mail.school.example");
  const auto phone = lesson::connections(w, "phone.cafe.example", "mail.school.example");
  REQUIRE(laptop.size() == 1);
  REQUIRE(phone.size() == 1);

  // The laptop ignores the STARTTLS the server offers: everything in plain text, on the wire too.
  const std::string clear = wire_of(w, laptop[0]);
  CHECK(clear.find("AUTH PLAIN AGFsaWNlAGNvcnJlY3QtaG9yc2U=") != std::string::npos);
  CHECK(clear.find("250-STARTTLS") != std::string::npos);
  CHECK(lesson::handshake(w, laptop[0]) == nullptr);

  // The phone: the same login, each line read by both ends, the wire carrying records only.
  const auto dialog = lines_of(w, phone[0]);
  CAPTURE(dialog);
  const std::string secret = wire_of(w, phone[0]);
  CHECK(secret.find("250-AUTH PLAIN") != std::string::npos);  // offered in clear, before STARTTLS
  CHECK(secret.find("AUTH PLAIN AG") == std::string::npos);     // used only inside TLS
  CHECK(secret.find("AGFsaWNlAGNvcnJlY3QtaG9yc2U=") == std::string::npos);
  CHECK(secret.find("correct-horse") == std::string::npos);
  CHECK(secret.find("090-1234-5678") == std::string::npos);
  CHECK(secret.find("STARTTLS\r\n") != std::string::npos);  // the one command that must be in clear
  bool auth_inside = false, mail_inside = false;
  for (const auto& e : w.trace().events()) {
    const auto* s = e.get<trace::data::Segment>();
    if (!s || e.conn != phone[0] || !s->tls) continue;
    CHECK(e.path.empty());  // not a packet: its records were
    CHECK(e.arrive > e.time);
    auth_inside = auth_inside || s->text == "AUTH PLAIN AGFsaWNlAGNvcnJlY3QtaG9yc2U=";
    mail_inside = mail_inside || s->text == "My new number is 090-1234-5678.";
  }
  CHECK(auth_inside);
  CHECK(mail_inside);

  // The handshake as the phone saw it.
  const trace::data::Tls* t = lesson::handshake(w, phone[0]);
  REQUIRE(t != nullptr);
  CHECK(t->ok);
  CHECK(t->version == "TLSv1.3");
  CHECK(t->server_name == "mail.school.example");
  CHECK(t->verified);
  REQUIRE(t->chain.size() == 1);
  CHECK(t->chain[0].subject == "CN=mail.school.example");
  CHECK(t->chain[0].issuer == "CN=mailsim Lesson CA,O=mailsim");
  CHECK(t->chain[0].dns_names == std::vector<std::string>{"mail.school.example"});

  // What Eve learnt: the laptop's password and message; of the phone, sizes of ciphertext.
  const auto got = captured(w);
  CAPTURE(got);
  REQUIRE(got.size() == 4);
  CHECK(got[0] == "#" + std::to_string(laptop[0]) + " password: AUTH PLAIN user=alice password=correct-horse");
  CHECK(got[1].find("mail text (sent): From: alice@school.example") != std::string::npos);
  CHECK(got[2].find("#" + std::to_string(phone[0]) + " TLS handshake and ciphertext (") == 0);
  CHECK(got[2].find("client to server): encrypted, nothing readable") != std::string::npos);
  CHECK(got[3].find("server to client): encrypted, nothing readable") != std::string::npos);
}

TEST_CASE("starttls lesson: the same seed gives the same ciphertext, trace, pcap and key log, another seed other bytes") {
  world::World a(bundled_lesson("starttls")), b(bundled_lesson("starttls")), c(bundled_lesson("starttls"), 2);
  a.run();
  b.run();
  c.run();
  CHECK(lesson::jsonl_of(a) == lesson::jsonl_of(b));
  CHECK(pcap_of(a) == pcap_of(b));
  CHECK(a.tls_keylog() == b.tls_keylog());
  CHECK(a.tls_keylog().size() == 5);  // TLS 1.3: five secrets per session
  CHECK(a.tls_keylog() != c.tls_keylog());
  CHECK(pcap_of(a) != pcap_of(c));
}

TEST_CASE("the pcap carries the TLS records, not the lines inside them") {
  world::World w(bundled_lesson("starttls"));
  w.run();
  const std::string pcap = pcap_of(w);
  const auto count = [&](const std::string& what) {
    int n = 0;
    for (auto at = pcap.find(what); at != std::string::npos; at = pcap.find(what, at + 1)) ++n;
    return n;
  };
  // Both logins were the same line; only the laptop's crossed in clear.
  CHECK(count("AUTH PLAIN AGFsaWNlAGNvcnJlY3QtaG9yc2U=") == 1);
  // The laptop's message crossed twice in clear (to the submission server, then to the MX); the
  // phone's once, on the hop from the submission server to the MX, which uses no TLS.
  CHECK(count("Subject: Club meeting") == 2);
  CHECK(count("My new number is 090-1234-5678.") == 1);
  for (const auto& e : w.trace().events())
    if (const auto* r = e.get<trace::data::TlsRecord>()) {
      CHECK(pcap.find(r->bytes) != std::string::npos);
      CHECK(r->bytes.size() >= 5);
    }
}

TEST_CASE("a server offering no TLS keeps every lesson as it was: no TLS event, no record, a mail client in plain text") {
  world::World w(bundled_lesson("eavesdropper-plaintext"));
  w.run();
  for (const auto& e : w.trace().events()) {
    CHECK(e.kind != trace::Kind::TlsRecord);
    CHECK(e.kind != trace::Kind::Tls);
  }
  CHECK(w.tls_keylog().empty());
  CHECK(w.tls_ca_pem().empty());
}

namespace {
// two_domains with STARTTLS on the relay and the school's MX; the submission server passes mail on
// to the relay at `level`.
scenario::Scenario mta_tls(scenario::TlsLevel relay_offers, scenario::TlsLevel level) {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts) {
    if (h.name == "relay.isp.example") h.smtpd_tls_security_level = relay_offers;
    if (h.name == "mx.school.example") h.smtpd_tls_security_level = scenario::TlsLevel::May;  // someone offers
    if (h.name == "mail.school.example") h.smtp_tls_security_level = level;
  }
  return s;
}
}  // namespace

TEST_CASE("a sending MTA's smtp_tls_security_level: may and verify use STARTTLS, encrypt defers when it is not offered") {
  using scenario::TlsLevel;
  SUBCASE("may, offered: TLS, the certificate reported") {
    world::World w(mta_tls(TlsLevel::May, TlsLevel::May));
    w.run();
    const auto c = lesson::connections(w, "mail.school.example", "relay.isp.example");
    REQUIRE(c.size() == 1);
    const auto* t = lesson::handshake(w, c[0]);
    REQUIRE(t != nullptr);
    CHECK(t->ok);
    CHECK(t->verified);
    CHECK(t->chain.at(0).subject == "CN=relay.isp.example");
    CHECK(world::check_expectations(w).empty());
    const auto d = lesson::dialog(w, c[0]);
    CHECK(std::count(d.begin(), d.end(), "S: 250-STARTTLS") == 1);  // offered before TLS, not inside
    CHECK(std::count(d.begin(), d.end(), "C: EHLO mail.school.example") == 2);  // again inside TLS
  }
  SUBCASE("verify, offered: delivered through TLS") {
    world::World w(mta_tls(TlsLevel::May, TlsLevel::Verify));
    w.run();
    const auto c = lesson::connections(w, "mail.school.example", "relay.isp.example");
    REQUIRE(c.size() == 1);
    REQUIRE(lesson::handshake(w, c[0]) != nullptr);
    bool delivered = false;
    for (const auto& e : w.trace().events()) delivered = delivered || e.kind == trace::Kind::Delivery;
    CHECK(delivered);
  }
  SUBCASE("may, not offered: plain text") {
    world::World w(mta_tls(TlsLevel::None, TlsLevel::May));
    w.run();
    const auto c = lesson::connections(w, "mail.school.example", "relay.isp.example");
    REQUIRE(c.size() == 1);
    CHECK(lesson::handshake(w, c[0]) == nullptr);
    bool delivered = false;
    for (const auto& e : w.trace().events()) delivered = delivered || e.kind == trace::Kind::Delivery;
    CHECK(delivered);
  }
  SUBCASE("encrypt, not offered: deferred, with Postfix's words") {
    world::World w(mta_tls(TlsLevel::None, TlsLevel::Encrypt));
    w.run(5 * kMinute);
    bool deferred = false;
    for (const auto& line : lesson::queue_lines(w, "mail.school.example"))
      deferred = deferred || (line.find("status=deferred") != std::string::npos &&
                              line.find("TLS is required, but was not offered by host relay.isp.example") != std::string::npos);
    CHECK(deferred);
  }
}

TEST_CASE("a mail client: verify by default when its server offers TLS, none when told, encrypt servers refuse plain text") {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "mail.school.example") h.smtpd_tls_security_level = scenario::TlsLevel::Encrypt;
  SUBCASE("default: STARTTLS, verified") {
    world::World w(s);
    w.run();
    const auto c = lesson::connections(w, "pc1.school.example", "mail.school.example");
    REQUIRE(c.size() == 1);
    const auto* t = lesson::handshake(w, c[0]);
    REQUIRE(t != nullptr);
    CHECK(t->verified);
    CHECK(w.mail_client("pc1.school.example")->outbox().empty());
  }
  SUBCASE("none: plain text, refused by a server at encrypt") {
    s.clients[0].smtp_tls_security_level = scenario::TlsLevel::None;
    world::World w(s);
    w.run();
    const auto c = lesson::connections(w, "pc1.school.example", "mail.school.example");
    REQUIRE(c.size() == 1);
    CHECK(lesson::handshake(w, c[0]) == nullptr);
    const auto d = lesson::dialog(w, c[0]);
    CHECK(std::find(d.begin(), d.end(), "S: 530 5.7.0 Must issue a STARTTLS command first") != d.end());
    CHECK(w.mail_client("pc1.school.example")->outbox() == std::vector<std::string>{"m1"});
  }
}

TEST_CASE("CVE-2011-0411 through the node: a command pipelined after STARTTLS is dropped, not read inside TLS") {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "mail.school.example") h.smtpd_tls_security_level = scenario::TlsLevel::May;
  s.messages.clear();
  world::World w(s);
  // A client of our own on pc1: EHLO, then STARTTLS with a MAIL FROM in the same packet, as a man in
  // the middle would append it; then the handshake and an EHLO inside TLS.
  const auto ca = tls::Certificate::from_pem(w.tls_ca_pem());
  REQUIRE(ca);
  tls::ContextConfig cc;
  cc.role = tls::Role::Client;
  cc.trusted = *ca;
  auto context = tls::Context::make(crypto::Library::seeded("injection test"), cc);
  REQUIRE(context);
  auto engine = std::make_shared<tls::Engine>(*context, tls::EngineOptions{"mail.school.example", w.scenario().epoch, true, {}});
  auto state = std::make_shared<int>(0);  // 0 greeting, 1 EHLO sent, 2 STARTTLS sent, 3 TLS
  auto inside = std::make_shared<std::string>();
  w.scheduler().schedule_at(kSecond, [&w, engine, state, inside] {
    w.network().connect("pc1.school.example", "10.0.0.25", 587, 30 * kSecond,
                        {[engine, state, inside](net::Endpoint ep) {
                           ep.set_handlers({[ep, engine, state, inside](std::string_view bytes) {
                                              if (*state == 0) {
                                                *state = 1;
                                                ep.send("EHLO pc1\r\n", trace::Payload::Command);
                                              } else if (*state == 1 && bytes.find("250 ") != std::string_view::npos) {
                                                *state = 2;
                                                ep.send("STARTTLS\r\nMAIL FROM:<mallory@evil.example>\r\n",
                                                        trace::Payload::Command);
                                              } else if (*state == 2 && bytes.starts_with("220 ")) {
                                                *state = 3;
                                                ep.send(engine->start(), trace::Payload::Command);
                                              } else if (*state == 3) {
                                                const bool was_done = engine->handshake_done();
                                                tls::Received r = engine->feed_ciphertext(bytes);
                                                *inside += r.plaintext;
                                                std::string out = r.to_peer;
                                                if (!was_done && engine->handshake_done())
                                                  out += engine->write_plaintext("EHLO pc1\r\n");
                                                if (!out.empty()) ep.send(out, trace::Payload::Command);
                                              }
                                            },
                                            {}, {}});
                         },
                         {}});
  });
  w.run(10 * kSecond);
  REQUIRE(engine->handshake_done());
  // Inside TLS the server answers the EHLO, and only that: the MAIL FROM never reached it.
  CHECK(inside->starts_with("250-mail.school.example\r\n"));
  CHECK(inside->find("2.1.0") == std::string::npos);
  CHECK(inside->find("503") == std::string::npos);
  for (const auto& e : w.trace().events())
    if (const auto* st = e.get<trace::data::Step>()) CHECK(st->input != "MAIL");
}
