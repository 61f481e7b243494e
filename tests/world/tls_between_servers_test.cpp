// Opportunistic TLS between MTAs (smtp_tls_security_level = may): the tls-between-servers lesson.
// The hop to an MX that offers STARTTLS runs inside TLS and the eavesdropper on the line gets only
// ciphertext; the hop to one that offers none goes in plain text and she reads the mail; each
// receiving MX's Received field says which (RFC 3848: ESMTPS, ESMTP).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "bundled.hpp"
#include "dialog.hpp"

using namespace mailsim;

namespace {
constexpr const char* kEve = "eve.wire.example";

// The top Received field of the first message in `address`'s inbox (the last hop's), unfolded.
std::string top_received(const world::World& w, const std::string& address) {
  const std::string raw = lesson::inbox_text(w, address);
  const auto start = raw.find("Received: ");  // after the delivery's Return-Path and Delivered-To
  REQUIRE(start != std::string::npos);
  std::string field;
  std::size_t at = start;
  for (;;) {
    const auto end = raw.find("\r\n", at);
    field += raw.substr(at, end - at);
    at = end + 2;
    if (raw[at] != ' ' && raw[at] != '\t') break;
  }
  return field;
}
}  // namespace

TEST_CASE("tls-between-servers: encrypted where the MX offers STARTTLS, in clear where it does not") {
  world::World w(bundled_lesson("tls-between-servers"));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);

  // Eve: two captures of ciphertext for the first delivery, and the second message's text.
  const std::vector<std::string> got = lesson::texts(w, trace::Kind::Captured, kEve);
  int ciphertext = 0, mail_text = 0;
  for (const std::string& t : got) {
    ciphertext += t.find("encrypted, nothing readable") != std::string::npos;
    if (t.find("mail text") != std::string::npos) {
      ++mail_text;
      CHECK(t.find("To: carol@oldfarm.example") != std::string::npos);
    }
    CHECK(t.find("bob@home.example") == std::string::npos);
  }
  CHECK(ciphertext == 2);
  CHECK(mail_text == 1);

  // One tls event from the sending MTA, to mx.home.example, not verified (may checks nothing) but
  // completed.
  int handshakes = 0;
  for (const auto& e : w.trace().events()) {
    const auto* t = e.get<trace::data::Tls>();
    if (!t || e.host != "mail.school.example") continue;
    ++handshakes;
    CHECK(t->ok);
    CHECK(t->server_name == "mx.home.example");
  }
  CHECK(handshakes == 1);

  const std::string bob = top_received(w, "bob@home.example");
  const std::string carol = top_received(w, "carol@oldfarm.example");
  CHECK(bob.find("from mail.school.example (mail.school.example [10.0.1.25])\tby mx.home.example (mailsim) with ESMTPS id ") !=
        std::string::npos);
  CHECK(carol.find("from mail.school.example (mail.school.example [10.0.1.25])\tby mx.oldfarm.example (mailsim) with ESMTP id ") !=
        std::string::npos);
}
