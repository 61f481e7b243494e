#pragma once
// DKIM keys (RFC 6376 §3.3, RFC 8463): private keys that sign, public keys as a key record's p=
// carries them. OpenSSL does every computation; these classes only hold its keys.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sim/proto/dkim/parsed.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace mailsim::dkim {

enum class KeyType { Rsa, Ed25519 };

std::string_view to_string(KeyType t);  // the k= names: "rsa", "ed25519"

// RFC 8301 §3.2: verifiers must not accept RSA keys under 1024 bits; signers use at least that.
inline constexpr unsigned kMinRsaBits = 1024;
inline constexpr unsigned kMaxRsaBits = 8192;  // a bound on the work a key record can ask for

class PrivateKey {
 public:
  // A PEM private key: PKCS#8 ("BEGIN PRIVATE KEY") or PKCS#1 ("BEGIN RSA PRIVATE KEY"), RSA of
  // 1024 to 8192 bits or Ed25519. No passphrase.
  static Parsed<PrivateKey> from_pem(std::string_view pem);
  // Ed25519 from its 32-octet private key (RFC 8032 §5.1.5: the key is the seed).
  static Parsed<PrivateKey> ed25519(std::string_view private_key);
  // The same key for the same seed, every run, every machine: Ed25519 takes the first 32 octets of
  // SHAKE256(label, seed); RSA runs OpenSSL's own key generation on a private library context
  // whose random generator replays SHAKE256(label, seed) (OpenSSL's TEST-RAND), so no real entropy
  // is read. `bits` for RSA only (1024..4096).
  static Parsed<PrivateKey> from_seed(KeyType type, std::string_view seed, unsigned bits = 2048);

  KeyType type() const { return type_; }
  unsigned bits() const;
  // The b= octets for `data`, the canonical header fields of §3.7: rsa-sha256 is RSASSA-PKCS1-v1_5
  // with SHA-256 over data (RFC 8017 §8.2); ed25519-sha256 is Ed25519 over SHA-256(data) (RFC 8463
  // §3). Empty if OpenSSL fails (it does not for a key it loaded).
  std::string sign(std::string_view data) const;
  // The p= octets: RSA as SubjectPublicKeyInfo DER (what RFC 6376's examples publish), Ed25519 as
  // its 32 raw octets (RFC 8463 §4.2).
  std::string public_key() const;
  std::string pem() const;  // PKCS#8, to write the key out

 private:
  PrivateKey(std::shared_ptr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
  std::shared_ptr<EVP_PKEY> key_;
  KeyType type_;
};

class PublicKey {
 public:
  // From a key record's p= octets: for k=rsa SubjectPublicKeyInfo or a bare RSAPublicKey (both are
  // published), at least kMinRsaBits; for k=ed25519 32 raw octets.
  static Parsed<PublicKey> from_record(KeyType type, std::string_view octets);

  KeyType type() const { return type_; }
  unsigned bits() const;
  // Checks a b= value against `data` (see PrivateKey::sign).
  bool verify(std::string_view data, std::string_view signature) const;

 private:
  PublicKey(std::shared_ptr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
  std::shared_ptr<EVP_PKEY> key_;
  KeyType type_;
};

// The seed a node derives a domain's key from: the scenario seed, the domain and the selector, so
// two domains of one lesson never share a key and a lesson re-run keeps its keys.
std::string key_seed(std::uint64_t scenario_seed, std::string_view domain, std::string_view selector);

}  // namespace mailsim::dkim
