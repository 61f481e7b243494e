#include "sim/proto/dkim/keys.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dkim/crypto.hpp"

namespace mailsim::dkim {

namespace {

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* k) {
  return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free);
}

struct MdCtx {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~MdCtx() { EVP_MD_CTX_free(ctx); }
};

// What DKIM signs for a key type: RSA hashes inside the signature scheme, Ed25519 signs a hash
// computed first (RFC 8463 §3: "the SHA-256 hash of the header data").
const EVP_MD* digest_for(KeyType t) {
  return t == KeyType::Rsa ? EVP_sha256() : nullptr;
}

std::string input_for(KeyType t, std::string_view data) {
  return t == KeyType::Rsa ? std::string(data) : sha256(data);
}

Parsed<KeyType> type_of(EVP_PKEY* k) {
  if (EVP_PKEY_is_a(k, "RSA")) {
    const int bits = EVP_PKEY_get_bits(k);
    if (bits < static_cast<int>(kMinRsaBits) || bits > static_cast<int>(kMaxRsaBits)) {
      return Parsed<KeyType>::fail("RSA key of " + std::to_string(bits) + " bits (1024 to 8192 are accepted, RFC 8301)");
    }
    return Parsed<KeyType>::ok(KeyType::Rsa);
  }
  if (EVP_PKEY_is_a(k, "ED25519")) return Parsed<KeyType>::ok(KeyType::Ed25519);
  return Parsed<KeyType>::fail("not an RSA or Ed25519 key");
}

}  // namespace

std::string_view to_string(KeyType t) {
  return t == KeyType::Rsa ? "rsa" : "ed25519";
}

Parsed<PrivateKey> PrivateKey::from_pem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return Parsed<PrivateKey>::fail("out of memory");
  // An empty passphrase callback: a key that wants one is refused, never prompted for.
  auto no_pass = [](char*, int, int, void*) { return 0; };
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio.get(), nullptr, no_pass, nullptr);
  if (!k) return Parsed<PrivateKey>::fail("no PEM private key (PKCS#8 or PKCS#1, unencrypted) found");
  auto key = own(k);
  auto type = type_of(k);
  if (!type) return Parsed<PrivateKey>::fail(type.error);
  return Parsed<PrivateKey>::ok(PrivateKey(std::move(key), *type));
}

Parsed<PrivateKey> PrivateKey::ed25519(std::string_view private_key) {
  if (private_key.size() != 32) return Parsed<PrivateKey>::fail("an Ed25519 private key is 32 octets");
  EVP_PKEY* k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
                                             reinterpret_cast<const unsigned char*>(private_key.data()), 32);
  if (!k) return Parsed<PrivateKey>::fail("OpenSSL refused the Ed25519 key");
  return Parsed<PrivateKey>::ok(PrivateKey(own(k), KeyType::Ed25519));
}

unsigned PrivateKey::bits() const {
  return static_cast<unsigned>(EVP_PKEY_get_bits(key_.get()));
}

std::string PrivateKey::sign(std::string_view data) const {
  MdCtx md;
  const std::string input = input_for(type_, data);
  std::size_t len = 0;
  if (!md.ctx || EVP_DigestSignInit(md.ctx, nullptr, digest_for(type_), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(md.ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return {};
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(md.ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return {};
  }
  sig.resize(len);
  return sig;
}

std::string PrivateKey::public_key() const {
  if (type_ == KeyType::Ed25519) {
    std::string raw(32, '\0');
    std::size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(raw.data()), &len) != 1) return {};
    raw.resize(len);
    return raw;
  }
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key_.get(), &der);
  if (len <= 0) return {};
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::string PrivateKey::pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

Parsed<PublicKey> PublicKey::from_record(KeyType type, std::string_view octets) {
  const auto* p = reinterpret_cast<const unsigned char*>(octets.data());
  EVP_PKEY* k = nullptr;
  if (type == KeyType::Ed25519) {
    if (octets.size() != 32) return Parsed<PublicKey>::fail("an Ed25519 public key is 32 octets, p= has " + std::to_string(octets.size()));
    k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, p, 32);
  } else {
    const long len = static_cast<long>(octets.size());
    k = d2i_PUBKEY(nullptr, &p, len);
    if (k && p != reinterpret_cast<const unsigned char*>(octets.data()) + len) {
      EVP_PKEY_free(k);  // trailing octets after the key
      k = nullptr;
    }
    if (!k) {
      p = reinterpret_cast<const unsigned char*>(octets.data());
      k = d2i_PublicKey(EVP_PKEY_RSA, nullptr, &p, len);
      if (k && p != reinterpret_cast<const unsigned char*>(octets.data()) + len) {
        EVP_PKEY_free(k);
        k = nullptr;
      }
    }
  }
  if (!k) return Parsed<PublicKey>::fail(std::string("p= is not ") + (type == KeyType::Rsa ? "an RSA public key" : "an Ed25519 public key"));
  auto key = own(k);
  auto actual = type_of(k);
  if (!actual) return Parsed<PublicKey>::fail(actual.error);
  if (*actual != type) return Parsed<PublicKey>::fail("p= holds a key of another type than k=");
  return Parsed<PublicKey>::ok(PublicKey(std::move(key), type));
}

unsigned PublicKey::bits() const {
  return static_cast<unsigned>(EVP_PKEY_get_bits(key_.get()));
}

bool PublicKey::verify(std::string_view data, std::string_view signature) const {
  MdCtx md;
  const std::string input = input_for(type_, data);
  return md.ctx && EVP_DigestVerifyInit(md.ctx, nullptr, digest_for(type_), nullptr, key_.get()) == 1 &&
         EVP_DigestVerify(md.ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

std::string key_seed(std::uint64_t scenario_seed, std::string_view domain, std::string_view selector) {
  return "mailsim-dkim seed=" + std::to_string(scenario_seed) + " d=" + proto::to_lower(domain) +
         " s=" + std::string(selector);
}

}  // namespace mailsim::dkim
