// Signing: the field we write, byte for byte, and that our verifier accepts what we sign in every
// canonicalization with both algorithms; l=, t=/x=, oversigning, and refusals.
#include <doctest/doctest.h>

#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/sign.hpp"
#include "support.hpp"

using namespace mailsim;
using namespace mailsim::dkim;

namespace {

const std::string kMessage =
    "From: Alice <alice@school.example>\r\n"
    "To: Bob <bob@home.example>\r\n"
    "Subject: Lunch\r\n"
    "Date: Mon, 3 Nov 2025 09:00:00 +0000\r\n"
    "Message-ID: <1@school.example>\r\n"
    "\r\n"
    "See you at noon.\r\n";

PrivateKey ed_key() {
  return *PrivateKey::ed25519(std::string(32, '\x07'));
}

PrivateKey rsa_key() {
  return *PrivateKey::from_seed(KeyType::Rsa, "sign_test", 1024);
}

dns::ZoneSet zone_for(const PrivateKey& key, const std::string& name = "mail._domainkey.school.example") {
  dns::ZoneSet z;
  z.add(dkim_test::txt(name, key_record_text(key)));
  return z;
}

SignerConfig config() {
  SignerConfig c;
  c.domain = "school.example";
  c.selector = "mail";
  c.timestamp = 1762160400;
  return c;
}

std::vector<SignatureCheck> verify(const std::string& signed_message, const dns::ZoneSet& zone,
                                   std::int64_t now = 1762160460) {
  Verifier v(signed_message, now, 1);
  dkim_test::run(v, zone);
  return v.results();
}

}  // namespace

TEST_CASE("the DKIM-Signature field we write, folded under 78 octets, with From oversigned") {
  const PrivateKey key = ed_key();
  auto field = sign(config(), key, kMessage);
  REQUIRE(field);
  CHECK(field->substr(0, field->find("bh=") + 3) ==
        "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=school.example;\r\n"
        "\ts=mail; t=1762160400; h=from:from:to:subject:date:message-id;\r\n"
        "\tbh=");
  CHECK(field->find("bh=" + base64_encode(sha256("See you at noon.\r\n")) + ";") !=
        std::string::npos);
  std::size_t start = 0;
  while (start < field->size()) {
    const std::size_t end = field->find("\r\n", start);
    REQUIRE(end != std::string::npos);
    CHECK(end - start <= 78);
    start = end + 2;
  }
  CHECK(field->ends_with("\r\n"));
  const auto results = verify(*field + kMessage, zone_for(key));
  REQUIRE(results.size() == 1);
  CHECK(results[0].result == Result::Pass);
  CHECK(sign(config(), key, kMessage).value == field.value);  // Ed25519 is deterministic
}

TEST_CASE("both algorithms in all four canonicalizations verify, and fail after a changed octet") {
  for (const PrivateKey& key : {ed_key(), rsa_key()}) {
    for (Canon h : {Canon::Simple, Canon::Relaxed}) {
      for (Canon b : {Canon::Simple, Canon::Relaxed}) {
        SignerConfig c = config();
        c.canon = {h, b};
        auto field = sign(c, key, kMessage);
        REQUIRE(field);
        const std::string m = *field + kMessage;
        CAPTURE(to_string(c.canon));
        CHECK(verify(m, zone_for(key))[0].result == Result::Pass);
        std::string body_changed = m;
        body_changed[body_changed.size() - 4] = 'N';
        CHECK(verify(body_changed, zone_for(key))[0].reason == Reason::BodyHashMismatch);
        std::string header_changed = m;
        header_changed.replace(header_changed.find("Lunch"), 5, "Lunck");
        CHECK(verify(header_changed, zone_for(key))[0].reason == Reason::SignatureMismatch);
      }
    }
  }
}

TEST_CASE("l= over the whole body: text added below stays outside the signature, and the check says so") {
  SignerConfig c = config();
  c.body_length = kWholeBody;
  auto field = sign(c, ed_key(), kMessage);
  REQUIRE(field);
  CHECK(field->find(" l=18;") != std::string::npos);
  const auto results = verify(*field + kMessage + "-- \r\nSent by the list\r\n", zone_for(ed_key()));
  CHECK(results[0].result == Result::Pass);
  CHECK(results[0].body_hashed == 18);
  CHECK(results[0].body_canonical == 40);

  c.body_length = 4;
  field = sign(c, ed_key(), kMessage);
  CHECK(field->find(" l=4;") != std::string::npos);
  CHECK(verify(*field + kMessage, zone_for(ed_key()))[0].result == Result::Pass);
  // Only "See " is signed: the rest may change, but the body may not get shorter than l=.
  const std::string changed = *field + kMessage.substr(0, kMessage.size() - 18) + "See ya\r\n";
  CHECK(verify(changed, zone_for(ed_key()))[0].result == Result::Pass);
  const std::string shorter = *field + kMessage.substr(0, kMessage.size() - 18) + "S\r\n";
  CHECK(verify(shorter, zone_for(ed_key()))[0].reason == Reason::BodyTooShort);
}

TEST_CASE("x= against the verifier's clock: before it a pass, after it permerror without a query") {
  SignerConfig c = config();
  c.expiration = 1762160400 + 3600;
  auto field = sign(c, ed_key(), kMessage);
  REQUIRE(field);
  CHECK(verify(*field + kMessage, zone_for(ed_key()), 1762160400 + 3600)[0].result == Result::Pass);
  Verifier late(*field + kMessage, 1762160400 + 3601, 1);
  CHECK_FALSE(late.next_query());
  CHECK(late.results()[0].result == Result::PermError);
  CHECK(late.results()[0].reason == Reason::Expired);
  CHECK(late.results()[0].detail == "signature expired at x=1762164000");
}

TEST_CASE("two signatures by one key are answered by one query, a second domain's by its own") {
  const PrivateKey key = ed_key();
  auto first = sign(config(), key, kMessage);
  SignerConfig isp = config();
  isp.domain = "isp.example";
  isp.selector = "relay";
  const PrivateKey isp_key = rsa_key();
  auto second = sign(config(), key, *first + kMessage);
  auto third = sign(isp, isp_key, *second + *first + kMessage);
  dns::ZoneSet z = zone_for(key);
  z.add(dkim_test::txt("relay._domainkey.isp.example", key_record_text(isp_key)));
  Verifier v(*third + *second + *first + kMessage, 1762160460, 1);
  const auto asked = dkim_test::run(v, z);
  CHECK(asked == std::vector<std::string>{"query id=1 TXT relay._domainkey.isp.example",
                                          "query id=2 TXT mail._domainkey.school.example"});
  REQUIRE(v.results().size() == 3);
  for (const SignatureCheck& r : v.results()) CHECK(r.result == Result::Pass);
}

TEST_CASE("oversigned names are listed once more than present, absent ones once, unlisted ones not at all") {
  SignerConfig c = config();
  c.headers = {"from", "subject", "cc"};
  c.oversign = {"from", "reply-to"};
  const std::string m = "From: a@school.example\r\nSubject: 1\r\nSubject: 2\r\n\r\nx\r\n";
  auto field = sign(c, ed_key(), m);
  REQUIRE(field);
  CHECK(field->find("h=from:from:subject:subject:reply-to;") != std::string::npos);
  CHECK(verify(*field + m, zone_for(ed_key()))[0].result == Result::Pass);
  // A Reply-To added on the way is a change to what was signed.
  CHECK(verify(*field + "Reply-To: evil@x.example\r\n" + m, zone_for(ed_key()))[0].reason == Reason::SignatureMismatch);
}

TEST_CASE("signing refuses what would not verify, with the reason") {
  CHECK(sign(config(), ed_key(), "Subject: x\r\n\r\nbody\r\n").error ==
        "the message has no From field, which DKIM must sign (§5.4)");
  SignerConfig c = config();
  c.expiration = c.timestamp;
  CHECK(sign(c, ed_key(), kMessage).error == "x= must be after t=");
  c = config();
  c.identity = "alice@other.example";
  CHECK(sign(c, ed_key(), kMessage).error == "i=alice@other.example is not in d=school.example");
  c.identity = "@news.school.example";
  auto field = sign(c, ed_key(), kMessage);
  REQUIRE(field);
  CHECK(verify(*field + kMessage, zone_for(ed_key()))[0].signature->identity == "@news.school.example");
  c = config();
  c.selector.clear();
  CHECK(sign(c, ed_key(), kMessage).error == "signing needs a domain (d=) and a selector (s=)");
}

TEST_CASE("a key record split over several TXT character-strings is joined before it is read") {
  const PrivateKey big = *PrivateKey::from_seed(KeyType::Rsa, "long record", 2048);
  REQUIRE(key_record_text(big).size() > 255);
  auto field = sign(config(), big, kMessage);
  REQUIRE(field);
  // run() sends the answer through the wire format, where the record becomes two strings.
  CHECK(verify(*field + kMessage, zone_for(big))[0].result == Result::Pass);
}
