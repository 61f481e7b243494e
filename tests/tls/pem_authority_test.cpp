// A CA and server credentials read from PEM files, as a scenario names them (tls_ca_cert_file,
// smtpd_tls_cert_file): whether a key is its certificate's and can sign, and a CA whose key is not
// P-256 (Ed25519, RSA) issuing the lesson's server certificates, which a client then verifies.
#include <doctest/doctest.h>

#include <openssl/err.h>

#include "support/generated_key.hpp"
#include "tls/support.hpp"

using namespace tls_test;

namespace {

// A key OpenSSL makes (EVP_PKEY_Q_keygen's arguments), through PEM as a file would give it.
template <class... Args>
Key generated(const char* type, Args... args) {
  auto key = Key::from_pem(test::generated_key_pem(type, args...));
  REQUIRE(key);
  return *key.value;
}

// A CA certificate for `key`, self-signed, as `openssl req -x509` would make one.
Authority ca_for(const Key& key, const char* name) {
  const CertificateSpec spec{name, "Test", {}, kEpoch - 10 * kDay, kEpoch + 1000 * kDay, true, {}};
  const Certificate cert = self_signed(spec, key, name);
  auto ca = Authority::from_pem(cert.pem(), key.pem());
  REQUIRE_MESSAGE(ca, ca.error);
  return *ca.value;
}

}  // namespace

TEST_CASE("pem: key_matches says whether a key is its certificate's, can_sign whether it signs") {
  const LessonPki pki(7, kEpoch);
  const Credentials a = pki.server("a.example");
  const Credentials b = pki.server("b.example");
  CHECK(key_matches(a.leaf(), a.key));
  CHECK_FALSE(key_matches(a.leaf(), b.key));
  CHECK_FALSE(key_matches(pki.ca().certificate(), a.key));
  CHECK(key_matches(pki.ca().certificate(), pki.ca().key()));
  CHECK(a.key.can_sign());
  CHECK(generated("ED25519").can_sign());
  CHECK(generated("RSA", static_cast<size_t>(2048)).can_sign());
  CHECK_FALSE(generated("X25519").can_sign());
  CHECK(ERR_peek_error() == 0);  // nothing left on OpenSSL's error queue for the next caller
}

TEST_CASE("pem: an Ed25519 or RSA CA from PEM issues server certificates a client verifies, the same each time") {
  for (const char* type : {"ED25519", "RSA"}) {
    CAPTURE(type);
    const Key key = std::string(type) == "RSA" ? generated("RSA", static_cast<size_t>(2048)) : generated(type);
    const Authority ca = ca_for(key, "School CA");
    const LessonPki pki(ca, 42, kEpoch);
    const Credentials server = pki.server(kHost);
    CHECK(server.leaf().info().issuer == "CN=School CA,O=Test");
    // The signature is made in a context seeded for the certificate: the same DER each time.
    CHECK(server.leaf().der() == LessonPki(ca, 42, kEpoch).server(kHost).leaf().der());
    auto lib = Library::seeded("pem authority");
    Pair p(client_context(lib, {ca.certificate()}), server_context(lib, server), client_options(kHost, kNow, true));
    p.handshake();
    REQUIRE(p.client.established());
    CHECK(p.client.session().verify.ok);
  }
}
