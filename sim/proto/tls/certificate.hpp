#pragma once
// X.509 certificates (RFC 5280) and their keys, as TLS servers present them and clients check them.
// OpenSSL parses, signs and verifies; these classes only hold its objects.
//
// Every object here lives in OpenSSL's default library context. Code that needs one in another
// context (a world's seeded one, see sim/proto/crypto/library.hpp) takes a copy through DER, so an
// object never outlives the context it was made in.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/parsed.hpp"

typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;

namespace mailsim::tls {

using proto::Parsed;

// What the trace, the dialog and the handshake summary show of a certificate.
struct CertificateInfo {
  std::string subject;                 // RFC 2253 form, most significant last: "CN=mx.school.example"
  std::string issuer;                  // "CN=mailsim Lesson CA,O=mailsim"
  std::int64_t not_before = 0;         // Unix seconds
  std::int64_t not_after = 0;
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries, in order
  std::string serial;                  // hex, upper case, as `openssl x509 -serial` prints it
  std::string sha256;                  // fingerprint of the DER, hex, lower case
  bool self_issued = false;            // subject == issuer
  bool ca = false;                     // basicConstraints cA
  bool operator==(const CertificateInfo&) const = default;
};

class Certificate {
 public:
  // Every certificate in `pem` ("BEGIN CERTIFICATE" blocks, in order); at least one.
  static Parsed<std::vector<Certificate>> from_pem(std::string_view pem);
  static Parsed<Certificate> from_der(std::string_view der);
  // Takes ownership of `x509` (one reference).
  static Certificate adopt(X509* x509);

  std::string pem() const;
  std::string der() const;
  CertificateInfo info() const;
  X509* get() const { return x509_.get(); }

 private:
  explicit Certificate(std::shared_ptr<X509> x509) : x509_(std::move(x509)) {}
  std::shared_ptr<X509> x509_;
};

// A private key (ECDSA P-256 when we make it; any type OpenSSL reads when it comes from PEM).
class Key {
 public:
  // PKCS#8 or traditional PEM, no passphrase.
  static Parsed<Key> from_pem(std::string_view pem);
  static Parsed<Key> from_der(std::string_view der);
  // An ECDSA P-256 key made by OpenSSL's own key generation in a context seeded by `seed`: the
  // same seed gives the same key, in every run and on every machine with this OpenSSL.
  static Key from_seed(std::string_view seed);
  // An ECDSA P-256 key from OpenSSL's default context: real entropy (for real clients' servers).
  static Key generate();

  std::string pem() const;  // PKCS#8
  std::string der() const;  // PKCS#8 DER
  std::string public_der() const;  // SubjectPublicKeyInfo
  // Whether the key can make signatures (RSA, ECDSA, EdDSA), as a CA's must; an X25519 key cannot.
  bool can_sign() const;
  EVP_PKEY* get() const { return key_.get(); }

 private:
  explicit Key(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

// Whether `key` is the private key of `certificate` (OpenSSL's X509_check_private_key: the public
// halves are the same). A server whose key is not its certificate's cannot finish a handshake.
bool key_matches(const Certificate& certificate, const Key& key);

// What a server presents: its chain, leaf first, and the leaf's key.
struct Credentials {
  std::vector<Certificate> chain;
  Key key;
  // The chain from `chain_pem` and the key from `key_pem`; refused when the key is not the leaf's.
  static Parsed<Credentials> from_pem(std::string_view chain_pem, std::string_view key_pem);
  const Certificate& leaf() const { return chain.front(); }
};

}  // namespace mailsim::tls
