// A lesson's certificates: made from the seed, the same on every run; what they say; each flaw;
// PEM in and out, and the refusals of unreadable or mismatched files.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/tls/authority.hpp"

using namespace mailsim::tls;

namespace {
constexpr std::int64_t kEpoch = 1762160400;  // 2025-11-03 09:00:00 UTC
}

TEST_CASE("the lesson's CA and a server certificate say what a lesson needs") {
  const LessonPki pki(42, kEpoch);
  const CertificateInfo ca = pki.ca().certificate().info();
  CHECK(ca.subject == "CN=mailsim Lesson CA,O=mailsim");
  CHECK(ca.issuer == ca.subject);
  CHECK(ca.self_issued);
  CHECK(ca.ca);
  CHECK(ca.not_before == kEpoch - kDay);
  CHECK(ca.not_after == kEpoch - kDay + 3652 * kDay);
  CHECK(ca.dns_names.empty());
  CHECK(ca.serial.size() == 32);

  const Credentials server = pki.server("MX.School.example");
  REQUIRE(server.chain.size() == 1);
  const CertificateInfo leaf = server.leaf().info();
  CHECK(leaf.subject == "CN=mx.school.example");
  CHECK(leaf.issuer == "CN=mailsim Lesson CA,O=mailsim");
  CHECK(leaf.dns_names == std::vector<std::string>{"mx.school.example"});
  CHECK_FALSE(leaf.ca);
  CHECK_FALSE(leaf.self_issued);
  CHECK(leaf.not_before == kEpoch - kDay);
  CHECK(leaf.not_after == kEpoch - kDay + 397 * kDay);
  CHECK(leaf.sha256.size() == 64);
}

TEST_CASE("the same seed makes the same certificates byte for byte, another seed others") {
  const LessonPki a(42, kEpoch);
  const LessonPki b(42, kEpoch);
  const LessonPki c(43, kEpoch);
  CHECK(a.ca_pem() == b.ca_pem());
  CHECK(a.ca().key().der() == b.ca().key().der());
  CHECK(a.server("mx.school.example").leaf().der() == b.server("mx.school.example").leaf().der());
  CHECK(a.server("mx.school.example").key.der() == b.server("mx.school.example").key.der());
  CHECK(a.ca_pem() != c.ca_pem());
  CHECK(a.server("mx.school.example").key.der() != c.server("mx.school.example").key.der());
  // Each host has its own key, whatever was made before it.
  CHECK(a.server("mx.school.example").key.der() != a.server("smtp.school.example").key.der());
  // Made by OpenSSL 3.0's P-256 key generation and ECDSA from the seeded streams: if a later OpenSSL
  // draws its random numbers differently, lessons get other certificates and this pin says so.
  CHECK(a.ca().certificate().info().sha256 == "787b7ed07eab279d320a63d448105689a5562bde2cc813a01e303bc5d7e47771");
}

TEST_CASE("each flaw is in the certificate, and the key stays the host's") {
  const LessonPki pki(42, kEpoch);
  const std::string host = "mx.school.example";
  const std::string key = pki.server(host).key.der();

  const CertificateInfo mismatch = pki.server(host, Flaw::NameMismatch).leaf().info();
  CHECK(mismatch.subject == "CN=www.school.example");
  CHECK(mismatch.dns_names == std::vector<std::string>{"www.school.example"});
  CHECK(mismatch.issuer == "CN=mailsim Lesson CA,O=mailsim");

  const CertificateInfo expired = pki.server(host, Flaw::Expired).leaf().info();
  CHECK(expired.not_after == kEpoch - kDay);
  CHECK(expired.not_before == kEpoch - kDay - 397 * kDay);
  CHECK(expired.dns_names == std::vector<std::string>{host});

  const Credentials self = pki.server(host, Flaw::SelfSigned);
  CHECK(self.leaf().info().issuer == "CN=mx.school.example");
  CHECK(self.leaf().info().self_issued);
  CHECK(self.key.der() == key);

  const CertificateInfo unknown = pki.server(host, Flaw::UnknownCa).leaf().info();
  CHECK(unknown.issuer == "CN=Unknown Example CA,O=mailsim");
  CHECK(unknown.subject == "CN=mx.school.example");

  for (const Flaw f : all_flaws()) CHECK(flaw_from_string(to_string(f)) == f);
  CHECK(to_string(Flaw::None) == "ok");
  CHECK(to_string(Flaw::UnknownCa) == "unknown-ca");
  CHECK_FALSE(flaw_from_string("revoked"));
}

TEST_CASE("PEM out and in: the same certificates and keys, a CA read back can issue") {
  const LessonPki pki(7, kEpoch);
  const Credentials server = pki.server("mx.school.example");
  auto chain = Certificate::from_pem(server.leaf().pem() + pki.ca_pem());
  REQUIRE(chain);
  REQUIRE(chain->size() == 2);
  CHECK((*chain)[0].der() == server.leaf().der());
  CHECK((*chain)[1].der() == pki.ca().certificate().der());
  CHECK(pki.ca_pem().starts_with("-----BEGIN CERTIFICATE-----\n"));

  auto loaded = Credentials::from_pem(server.leaf().pem(), server.key.pem());
  REQUIRE(loaded);
  CHECK(loaded->key.der() == server.key.der());

  auto ca = Authority::from_pem(pki.ca_pem(), pki.ca().key().pem());
  REQUIRE(ca);
  const LessonPki from_files(*ca.value, 7, kEpoch);
  CHECK(from_files.server("mx.school.example").leaf().der() == server.leaf().der());
}

TEST_CASE("unreadable or mismatched PEM files are refused with the reason") {
  const LessonPki pki(7, kEpoch);
  CHECK(Certificate::from_pem("").error == "no BEGIN CERTIFICATE block in the PEM text");
  CHECK(Certificate::from_pem("hello\n").error == "no BEGIN CERTIFICATE block in the PEM text");
  std::string broken = pki.ca_pem();
  broken[40] = '*';
  CHECK(Certificate::from_pem(broken).error == "certificate 1 in the PEM text is not readable");
  CHECK(Certificate::from_pem(pki.ca_pem() + broken).error == "certificate 2 in the PEM text is not readable");
  CHECK(Certificate::from_der("\x30\x03\x02\x01\x01").error == "not a DER certificate");
  CHECK(Key::from_pem(pki.ca_pem()).error ==
        "no readable private key in the PEM text (encrypted keys are not read)");
  const Credentials a = pki.server("a.example");
  const Credentials b = pki.server("b.example");
  CHECK(Credentials::from_pem(a.leaf().pem(), b.key.pem()).error ==
        "the private key is not the key of the first certificate");
  CHECK(Authority::from_pem(a.leaf().pem(), a.key.pem()).error ==
        "the certificate is not a CA's (no basicConstraints CA:TRUE)");
}
