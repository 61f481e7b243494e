// Implicit TLS wired into the nodes (RFC 8314; docs/tls.md, "Wiring"): the smtps-465 lesson. The
// phone on port 465 speaks TLS from its first packet and reads the greeting inside it; the laptop,
// set to STARTTLS on 465, waits for a greeting the server never sends (it waits for a ClientHello)
// until the mail program's timeout, and both ends say so in the trace. Also: a client set to SSL/TLS
// on the plain port 587, and the same seed giving the same bytes.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/export/pcap.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"
#include "dialog.hpp"

using namespace mailsim;

namespace {

std::string wire_of(const world::World& w, std::uint64_t conn) {
  std::string out;
  for (const auto& e : w.trace().events()) {
    if (e.conn != conn || e.path.size() < 2) continue;
    if (const auto* r = e.get<trace::data::TlsRecord>()) out += r->bytes;
    if (const auto* s = e.get<trace::data::Segment>()) out += s->text + trace::bytes_of(s->eol);
  }
  return out;
}

std::vector<const trace::Event*> of_conn(const world::World& w, std::uint64_t conn) {
  std::vector<const trace::Event*> out;
  for (const auto& e : w.trace().events())
    if (e.conn == conn) out.push_back(&e);
  return out;
}

std::vector<std::string> notes_of(const world::World& w, const std::string& host) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* n = e.get<trace::data::Note>(); n && e.host == host) out.push_back(n->text);
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

TEST_CASE("smtps-465: the phone's session is TLS from the first packet, the greeting and AUTH inside it") {
  world::World w(bundled_lesson("smtps-465"));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
  const auto phone = lesson::connections(w, "phone.cafe.example", "mail.school.example");
  REQUIRE(phone.size() == 1);
  const auto events = of_conn(w, phone[0]);
  // The first bytes on the connection are the phone's ClientHello, in a record of its own.
  const trace::Event* first = nullptr;
  for (const auto* e : events)
    if (e->kind == trace::Kind::Segment || e->kind == trace::Kind::TlsRecord) {
      first = e;
      break;
    }
  REQUIRE(first != nullptr);
  REQUIRE(first->kind == trace::Kind::TlsRecord);
  CHECK(first->port == 465);
  CHECK(first->host == "phone.cafe.example");
  CHECK(first->get<trace::data::TlsRecord>()->messages == std::vector<std::string>{"ClientHello"});
  // Every line the endpoints read is inside TLS, the greeting first; no STARTTLS, AUTH offered.
  std::vector<std::string> lines;
  for (const auto* e : events)
    if (const auto* s = e->get<trace::data::Segment>()) {
      CHECK(s->tls);
      CHECK(e->path.empty());
      lines.push_back(s->text);
    }
  REQUIRE(lines.size() > 3);
  CHECK(lines[0] == "220 mail.school.example ESMTP mailsim");
  CHECK(lines[1] == "EHLO phone.cafe.example");
  CHECK(std::find(lines.begin(), lines.end(), "250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256") != lines.end());
  CHECK(std::find(lines.begin(), lines.end(), "250-STARTTLS") == lines.end());
  // Nothing readable crossed: not the greeting, not the login, not the mail.
  const std::string wire = wire_of(w, phone[0]);
  for (const char* secret : {"220 mail", "EHLO", "AUTH", "AGFsaWNlAGNvcnJlY3QtaG9yc2U=", "090-1234-5678", "QUIT"})
    CHECK_MESSAGE(wire.find(secret) == std::string::npos, secret);
  const trace::data::Tls* t = nullptr;
  for (const auto* e : events)
    if ((t = e->get<trace::data::Tls>())) break;
  REQUIRE(t != nullptr);
  CHECK(t->ok);
  CHECK(t->verified);
  CHECK(t->server_name == "mail.school.example");
  // Eve: the phone's session as two sizes of ciphertext; of the laptop nothing at all crossed.
  std::vector<std::string> got;
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Captured>()) got.push_back("#" + std::to_string(e.conn) + " " + c->text);
  CAPTURE(got);
  REQUIRE(got.size() == 2);
  CHECK(got[0].find("#" + std::to_string(phone[0]) + " TLS handshake and ciphertext (") == 0);
  CHECK(got[0].find("client to server): encrypted, nothing readable") != std::string::npos);
  CHECK(got[1].find("server to client): encrypted, nothing readable") != std::string::npos);
}

TEST_CASE("smtps-465: a STARTTLS client on port 465 waits for a greeting until its timeout, then gives up") {
  world::World w(bundled_lesson("smtps-465"));
  w.run();
  const auto laptop = lesson::connections(w, "laptop.cafe.example", "mail.school.example");
  REQUIRE(laptop.size() == 1);
  // Open, and silent both ways: no line, no record, until the laptop's FIN.
  Time opened = -1, closed = -1;
  for (const auto* e : of_conn(w, laptop[0])) {
    CHECK(e->kind != trace::Kind::Segment);
    CHECK(e->kind != trace::Kind::TlsRecord);
    if (e->kind == trace::Kind::Accepted) opened = e->time;
    if (e->kind == trace::Kind::Close && e->host == "laptop.cafe.example" && closed < 0) closed = e->time;
  }
  REQUIRE(opened >= 0);
  REQUIRE(closed > opened);
  // The mail program's 100 s count from when it saw the connection open (the SYN-ACK's arrival).
  CHECK(closed - opened == 100 * kSecond + 13 * kMillisecond);
  CHECK(notes_of(w, "laptop.cafe.example") ==
        std::vector<std::string>{"nothing from mail.school.example in 100s (the client's timeout): it gives up and closes the connection",
                                 "m2 stays in the outbox"});
  // The server's side: its TLS engine never got a ClientHello; it logs what Postfix's smtpd does.
  CHECK(notes_of(w, "mail.school.example") ==
        std::vector<std::string>{"SSL_accept error from laptop.cafe.example[10.30.0.10]: lost connection"});
  bool failed = false;
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Submit>(); s && s->stage == trace::SubmitStage::Failed) {
      failed = true;
      CHECK(e.message == "m2");
      CHECK(e.time == closed);
      CHECK(s->code == 421);
      CHECK(s->summary ==
            "m2: submission failed: 421 4.4.2 conversation with mail.school.example timed out while receiving the initial server greeting");
    }
  CHECK(failed);
}

TEST_CASE("a client set to SSL/TLS on the plain port 587: its engine reads the 220 as a record and fails") {
  scenario::Scenario s = bundled_lesson("smtps-465");
  for (auto& c : s.clients)
    if (c.host == "phone.cafe.example") c.submission_port = 587;  // smtp_tls_wrappermode stays on
  for (auto& c : s.clients)
    if (c.host == "phone.cafe.example") c.smtp_tls_wrappermode = true;
  world::World w(s);
  w.run();
  const auto phone = lesson::connections(w, "phone.cafe.example", "mail.school.example");
  REQUIRE(phone.size() == 1);
  const trace::data::Tls* t = nullptr;
  for (const auto* e : of_conn(w, phone[0]))
    if ((t = e->get<trace::data::Tls>())) break;
  REQUIRE(t != nullptr);
  CHECK_FALSE(t->ok);
  CHECK(t->failure.find("wrong version number") != std::string::npos);
  bool failed = false;
  for (const auto& e : w.trace().events())
    if (const auto* sub = e.get<trace::data::Submit>(); sub && sub->stage == trace::SubmitStage::Failed && e.message == "m1") {
      failed = true;
      // A mail client stops in the handshake and says why, as Thunderbird or curl do (certstrip).
      CHECK(sub->summary == "m1: submission failed: TLS handshake with mail.school.example failed: wrong version number");
    }
  CHECK(failed);
}

TEST_CASE("smtps-465: the same seed gives the same trace, pcap and key log, another seed other ciphertext") {
  world::World a(bundled_lesson("smtps-465")), b(bundled_lesson("smtps-465")), c(bundled_lesson("smtps-465"), 2);
  a.run();
  b.run();
  c.run();
  CHECK(lesson::jsonl_of(a) == lesson::jsonl_of(b));
  CHECK(pcap_of(a) == pcap_of(b));
  CHECK(a.tls_keylog() == b.tls_keylog());
  CHECK(a.tls_keylog().size() == 5);  // one TLS 1.3 session: five secrets
  CHECK(a.tls_keylog() != c.tls_keylog());
}
