// POP3's STLS and IMAP's STARTTLS wired into the nodes (docs/tls.md, "Wiring"): the reading-starttls
// lesson, Bob's laptop reading with POP3 in clear and his phone with IMAP inside TLS; what crossed
// the wire, what the endpoints read and what the eavesdropper got; the handshake's trace event; the
// reader's levels and Dovecot's disable_plaintext_auth against it; the same seed giving the same
// ciphertext.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/trace/jsonl.hpp"
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

// The lines read inside TLS on `conn` (segments marked tls, which are no packets).
std::vector<std::string> inside_tls(const world::World& w, std::uint64_t conn) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Segment>(); s && e.conn == conn && s->tls) {
      CHECK(e.path.empty());
      out.push_back(s->text);
    }
  return out;
}

// What the first line `text` read inside TLS on `conn` is (None: no such line).
trace::Payload payload_inside(const world::World& w, std::uint64_t conn, const std::string& text) {
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Segment>(); s && e.conn == conn && s->tls && s->text == text) return s->what;
  return trace::Payload::None;
}

std::vector<std::string> captured(const world::World& w) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Captured>()) out.push_back("#" + std::to_string(e.conn) + " " + c->text);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::size_t local_copy(const world::World& w, const std::string& host) {
  return w.reader(host)->local_copy().size();
}

}  // namespace

TEST_CASE("reading-starttls lesson: POP3's USER/PASS in clear, IMAP's LOGIN inside TLS, Eve gets only the first") {
  world::World w(bundled_lesson("reading-starttls"));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
  const auto laptop = lesson::connections(w, "laptop.cafe.example", "mx.school.example");
  const auto phone = lesson::connections(w, "phone.cafe.example", "mx.school.example");
  REQUIRE(laptop.size() == 1);
  REQUIRE(phone.size() == 1);

  // The laptop's level is none: no CAPA, no STLS, the password on the wire.
  CHECK(wire_of(w, laptop[0]).find("PASS pale-moon\r\n") != std::string::npos);
  CHECK(lesson::handshake(w, laptop[0]) == nullptr);

  // The phone: STARTTLS in clear, then only records; every line still read by both ends.
  const std::string wire = wire_of(w, phone[0]);
  CHECK(wire.find("a1 STARTTLS\r\n") != std::string::npos);
  CHECK(wire.find("STARTTLS] mx.school.example IMAP4rev1 server ready") != std::string::npos);
  for (const char* secret : {"pale-moon", "LOGIN bob", "room 301", "Exam room"})
    CHECK_MESSAGE(wire.find(secret) == std::string::npos, secret);
  const auto inside = inside_tls(w, phone[0]);
  CAPTURE(inside);
  REQUIRE(inside.size() > 4);
  CHECK(inside[0] == "a2 CAPABILITY");  // asked again inside TLS (RFC 9051 §6.2.1)
  CHECK(has(inside, "a3 LOGIN bob pale-moon"));
  CHECK(has(inside, "the physics exam is in room 301, not 204."));
  // The message inside FETCH's literal is content, as in clear; the FETCH line itself a reply.
  CHECK(payload_inside(w, phone[0], "the physics exam is in room 301, not 204.") == trace::Payload::Content);
  CHECK(payload_inside(w, phone[0], "Subject: Exam room") == trace::Payload::Content);
  CHECK(payload_inside(w, phone[0], "a3 LOGIN bob pale-moon") == trace::Payload::Command);

  const trace::data::Tls* t = lesson::handshake(w, phone[0]);
  REQUIRE(t != nullptr);
  CHECK(t->ok);
  CHECK(t->version == "TLSv1.3");
  CHECK(t->server_name == "mx.school.example");
  CHECK(t->verified);
  REQUIRE(t->chain.size() == 1);
  CHECK(t->chain[0].subject == "CN=mx.school.example");

  const auto got = captured(w);
  CAPTURE(got);
  REQUIRE(got.size() == 4);
  CHECK(got[0] == "#" + std::to_string(laptop[0]) + " password: USER/PASS user=bob password=pale-moon");
  CHECK(got[1].find("mail text (read): From: alice@school.example") != std::string::npos);
  CHECK(got[2].find("#" + std::to_string(phone[0]) + " TLS handshake and ciphertext (") == 0);
  CHECK(got[3].find("server to client): encrypted, nothing readable") != std::string::npos);
  // What Eve can show of the ciphertext: the records' first bytes, a ClientHello's and a
  // ServerHello's header (handshake, 22 = 0x16), then noise.
  std::vector<std::string> samples;
  for (const auto& e : w.trace().events())
    if (const auto* c = e.get<trace::data::Captured>(); c && c->tls) samples.push_back(trace::spaced_hex(c->sample));
  REQUIRE(samples.size() == 2);
  CHECK(samples[0].starts_with("16 03 01 "));
  CHECK(samples[1].starts_with("16 03 03 "));
  CHECK(samples[0].size() == 24 * 3 - 1);
}

TEST_CASE("reading-starttls lesson: the same seed gives the same trace and key log, another seed other ciphertext") {
  world::World a(bundled_lesson("reading-starttls")), b(bundled_lesson("reading-starttls")),
      c(bundled_lesson("reading-starttls"), 2);
  a.run();
  b.run();
  c.run();
  CHECK(lesson::jsonl_of(a) == lesson::jsonl_of(b));
  CHECK(a.tls_keylog() == b.tls_keylog());
  CHECK(a.tls_keylog().size() == 5);  // one TLS 1.3 session: the phone's
  CHECK(a.tls_keylog() != c.tls_keylog());
}

TEST_CASE("a POP3 reader at its default level uses STLS when the server offers it: no password for Eve") {
  scenario::Scenario s = bundled_lesson("reading-starttls");
  for (auto& c : s.clients)
    if (c.host == "laptop.cafe.example") c.fetch.tls.reset();  // verify, as the server offers TLS
  s.expect.clear();
  world::World w(s);
  w.run();
  const auto laptop = lesson::connections(w, "laptop.cafe.example", "mx.school.example");
  REQUIRE(laptop.size() == 1);
  const std::string wire = wire_of(w, laptop[0]);
  CHECK(wire.find("CAPA\r\n") != std::string::npos);
  CHECK(wire.find("STLS\r\n") != std::string::npos);
  CHECK(wire.find("+OK Begin TLS negotiation now.\r\n") != std::string::npos);
  CHECK(wire.find("pale-moon") == std::string::npos);
  CHECK(wire.find("room 301") == std::string::npos);
  const auto inside = inside_tls(w, laptop[0]);
  CAPTURE(inside);
  REQUIRE(!inside.empty());
  CHECK(inside[0] == "CAPA");
  CHECK(has(inside, "PASS pale-moon"));
  REQUIRE(lesson::handshake(w, laptop[0]) != nullptr);
  CHECK(lesson::handshake(w, laptop[0])->verified);
  CHECK(local_copy(w, "laptop.cafe.example") == 1);
  for (const auto& c : captured(w)) CHECK(c.find("password") == std::string::npos);
}

TEST_CASE("disable_plaintext_auth: a reader in plain text is refused before TLS, and reads nothing") {
  scenario::Scenario s = bundled_lesson("reading-starttls");
  for (auto& h : s.hosts)
    if (h.name == "mx.school.example") h.disable_plaintext_auth = true;
  s.expect.clear();
  world::World w(s);
  w.run();
  const auto laptop = lesson::connections(w, "laptop.cafe.example", "mx.school.example");
  REQUIRE(laptop.size() == 1);
  const auto d = lesson::dialog(w, laptop[0]);
  CAPTURE(d);
  CHECK(has(d, "S: -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."));
  CHECK(local_copy(w, "laptop.cafe.example") == 0);
  CHECK(local_copy(w, "phone.cafe.example") == 1);  // the phone logs in inside TLS
}

TEST_CASE("a reader at encrypt against a server without TLS gives up before any password") {
  scenario::Scenario s = bundled_lesson("reading-starttls");
  for (auto& h : s.hosts)
    if (h.name == "mx.school.example") {
      h.ssl = proto::Ssl::No;
      h.disable_plaintext_auth = false;
    }
  for (auto& c : s.clients)
    if (c.host == "phone.cafe.example") c.fetch.tls = scenario::TlsLevel::Encrypt;
  s.expect.clear();
  world::World w(s);
  w.run();
  const auto phone = lesson::connections(w, "phone.cafe.example", "mx.school.example");
  REQUIRE(phone.size() == 1);
  const auto d = lesson::dialog(w, phone[0]);
  CAPTURE(d);
  // The greeting's capabilities name no STARTTLS: the phone logs out at once, no LOGIN.
  CHECK(d.at(1) == "C: a1 LOGOUT");
  CHECK(w.reader("phone.cafe.example")->local_copy().empty());
  CHECK(wire_of(w, phone[0]).find("pale-moon") == std::string::npos);
  CHECK(local_copy(w, "phone.cafe.example") == 0);
  CHECK(local_copy(w, "laptop.cafe.example") == 1);
}

TEST_CASE("a login checked by the auth server (sasl_path) is answered inside TLS, through the layer") {
  // auth-server: the phone reads with POP3 from mx.school.example, whose logins auth.school.example
  // checks over the network; the answer comes later and must leave encrypted.
  scenario::Scenario s = bundled_lesson("auth-server");
  for (auto& h : s.hosts)
    if (h.name == "mx.school.example") {
      h.ssl = proto::Ssl::Yes;
      h.disable_plaintext_auth = true;
    }
  world::World w(s);
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
  const auto phone = lesson::connections(w, "phone.isp.example", "mx.school.example");
  REQUIRE(!phone.empty());
  const auto inside = inside_tls(w, phone[0]);
  CAPTURE(inside);
  CHECK(has(inside, "PASS pale-moon"));
  bool opened = false;
  for (const auto& line : inside) opened = opened || line.starts_with("+OK maildrop has");
  CHECK(opened);  // the auth server's verdict, sent through the layer after the handshake
  CHECK(wire_of(w, phone[0]).find("+OK maildrop has") == std::string::npos);
  CHECK(local_copy(w, "phone.isp.example") == 1);
}

TEST_CASE("implicit TLS for reading: the laptop on POP3S 995 and the phone on IMAPS 993, TLS from the first byte") {
  scenario::Scenario s = bundled_lesson("reading-starttls");
  for (auto& c : s.clients) {
    if (c.host == "laptop.cafe.example") {
      c.fetch.tls.reset();
      c.fetch.port = scenario::kPop3sPort;
    }
    if (c.host == "phone.cafe.example") c.fetch.port = scenario::kImapsPort;
  }
  world::World w(s);
  w.run();
  // The lesson's expectations hold over the implicit ports too (both devices fetched m1), but for
  // the one about the laptop's clear-text login: over 995 Eve must not get bob's password.
  for (const auto& r : world::check_expectations(w)) {
    if (r.expectation.kind == scenario::ExpectKind::Captured) CHECK_FALSE_MESSAGE(r.ok, r.description.en);
    else CHECK_MESSAGE(r.ok, r.description.en);
  }
  const auto laptop = lesson::connections(w, "laptop.cafe.example", "mx.school.example");
  const auto phone = lesson::connections(w, "phone.cafe.example", "mx.school.example");
  REQUIRE(laptop.size() == 1);
  REQUIRE(phone.size() == 1);
  for (const std::uint64_t conn : {laptop[0], phone[0]}) {
    const std::string wire = wire_of(w, conn);
    REQUIRE_FALSE(wire.empty());
    CHECK(wire[0] == '\x16');  // the ClientHello: not one byte in clear
    for (const char* secret : {"+OK", "* OK", "CAPA", "STLS", "STARTTLS", "pale-moon", "bob", "room 301"})
      CHECK_MESSAGE(wire.find(secret) == std::string::npos, secret);
    REQUIRE(lesson::handshake(w, conn) != nullptr);
    CHECK(lesson::handshake(w, conn)->verified);
  }
  // Inside TLS: the greeting first, no STLS/STARTTLS, the login at once.
  const auto pop = inside_tls(w, laptop[0]);
  CAPTURE(pop);
  REQUIRE(pop.size() > 3);
  CHECK(pop[0] == "+OK mx.school.example POP3 server ready");
  CHECK_FALSE(has(pop, "STLS"));
  CHECK(has(pop, "PASS pale-moon"));
  // RETR's reply: the status line and the final "." are replies, the message between them content.
  CHECK(payload_inside(w, laptop[0], "Subject: Exam room") == trace::Payload::Content);
  CHECK(payload_inside(w, laptop[0], "the physics exam is in room 301, not 204.") == trace::Payload::Content);
  CHECK(payload_inside(w, laptop[0], ".") == trace::Payload::Reply);
  CHECK(payload_inside(w, laptop[0], "+OK mx.school.example POP3 server ready") == trace::Payload::Reply);
  const auto imap = inside_tls(w, phone[0]);
  CAPTURE(imap);
  REQUIRE(imap.size() > 3);
  CHECK(imap[0].starts_with("* OK [CAPABILITY IMAP4rev1 "));
  CHECK(imap[0].find("STARTTLS") == std::string::npos);
  CHECK(has(imap, "a1 LOGIN bob pale-moon"));
  CHECK(local_copy(w, "laptop.cafe.example") == 1);
  // Eve: ciphertext on both connections, nothing readable.
  const auto got = captured(w);
  CAPTURE(got);
  REQUIRE_FALSE(got.empty());
  for (const auto& c : got) {
    CHECK(c.find("password") == std::string::npos);
    CHECK(c.find("mail text") == std::string::npos);
  }
}
