// Keys from a seed, so a lesson signs with the same key on every run and every machine.
//
// Ed25519 is direct: its private key is 32 arbitrary octets (RFC 8032 §5.1.5). RSA needs random
// numbers while OpenSSL searches for primes; OpenSSL 3 takes them from the random generator of the
// library context the key is made in. So the key is made in a private context whose generators are
// TEST-RAND instances (OpenSSL's default provider ships it) that hand out a SHAKE256 stream of the
// seed instead of entropy, and is then copied out as DER into the default context, where signing
// uses real randomness for RSA blinding (which does not change the signature).
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "sim/proto/crypto/shake.hpp"
#include "sim/proto/dkim/keys.hpp"

namespace mailsim::dkim {

namespace {

// Octets the generator may hand out: a key generation's needs grow with bits squared (more
// candidates, each longer); 2048 bits took 28 to 76 KB over five seeds, this allows 1 MB. Past it
// the generator fails, and so does the key, rather than repeat itself.
std::size_t stream_size(unsigned bits) {
  return std::size_t{bits} * bits / 4;
}

// Seeded RSA keys are for lessons: up to 4096 bits (a PEM key may have up to 8192).
constexpr unsigned kMaxSeededRsaBits = 4096;

using crypto::shake256;

struct LibCtx {
  OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
  ~LibCtx() { OSSL_LIB_CTX_free(ctx); }
};

bool replay(EVP_RAND_CTX* rand, std::string& stream) {
  unsigned int strength = 256;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_uint(OSSL_RAND_PARAM_STRENGTH, &strength),
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, stream.data(), stream.size()),
      OSSL_PARAM_construct_end()};
  return rand && EVP_RAND_CTX_set_params(rand, params) == 1;
}

// The key, or nullptr with `error` set.
EVP_PKEY* rsa_from_seed(std::string_view seed, unsigned bits, std::string& error) {
  std::string stream = shake256("mailsim dkim rsa-" + std::to_string(bits), seed, stream_size(bits));
  LibCtx lib;
  if (!lib.ctx || stream.empty() || RAND_set_DRBG_type(lib.ctx, "TEST-RAND", nullptr, nullptr, nullptr) != 1) {
    error = "OpenSSL has no TEST-RAND generator";
    return nullptr;
  }
  // Each generator replays the whole stream from its start; key generation draws from the private
  // one, and the others are set so nothing in that context can reach real entropy.
  if (!replay(RAND_get0_primary(lib.ctx), stream) || !replay(RAND_get0_public(lib.ctx), stream) ||
      !replay(RAND_get0_private(lib.ctx), stream)) {
    error = "OpenSSL refused the seeded generator";
    return nullptr;
  }
  EVP_PKEY_CTX* gen = EVP_PKEY_CTX_new_from_name(lib.ctx, "RSA", nullptr);
  EVP_PKEY* made = nullptr;
  const bool ok = gen && EVP_PKEY_keygen_init(gen) == 1 &&
                  EVP_PKEY_CTX_set_rsa_keygen_bits(gen, static_cast<int>(bits)) == 1 &&
                  EVP_PKEY_generate(gen, &made) == 1;
  EVP_PKEY_CTX_free(gen);
  // Out of the private context as DER: its generators would run dry in later use of the key.
  unsigned char* der = nullptr;
  const int len = ok ? i2d_PrivateKey(made, &der) : 0;
  EVP_PKEY_free(made);
  const unsigned char* p = der;
  EVP_PKEY* key = len > 0 ? d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &p, len) : nullptr;
  OPENSSL_free(der);
  if (!key) error = "RSA key generation from the seed failed";
  return key;
}

}  // namespace

Parsed<PrivateKey> PrivateKey::from_seed(KeyType type, std::string_view seed, unsigned bits) {
  if (type == KeyType::Ed25519) return ed25519(shake256("mailsim dkim ed25519", seed, 32));
  if (bits < kMinRsaBits || bits > kMaxSeededRsaBits) {
    return Parsed<PrivateKey>::fail("RSA keys from a seed have 1024 to 4096 bits, not " + std::to_string(bits));
  }
  std::string error;
  EVP_PKEY* key = rsa_from_seed(seed, bits, error);
  if (!key) return Parsed<PrivateKey>::fail(error);
  return Parsed<PrivateKey>::ok(PrivateKey(std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free), KeyType::Rsa));
}

}  // namespace mailsim::dkim
