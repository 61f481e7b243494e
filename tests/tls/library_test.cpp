// The seeded library context: every random number a context hands out comes from its seed, the
// public and private generators have streams of their own, and nothing reads real entropy.
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <string>

#include "sim/proto/crypto/library.hpp"
#include "sim/proto/crypto/shake.hpp"

using mailsim::crypto::Library;

namespace {

std::string hex(const std::string& octets) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : octets) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string public_bytes(const Library& lib, std::size_t n) {
  std::string out(n, '\0');
  REQUIRE(RAND_bytes_ex(lib.ctx(), reinterpret_cast<unsigned char*>(out.data()), n, 0) == 1);
  return out;
}

std::string private_bytes(const Library& lib, std::size_t n) {
  std::string out(n, '\0');
  REQUIRE(RAND_priv_bytes_ex(lib.ctx(), reinterpret_cast<unsigned char*>(out.data()), n, 0) == 1);
  return out;
}

std::string p256_public_key(const Library& lib) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(lib.ctx(), nullptr, "EC", "P-256");
  REQUIRE(key != nullptr);
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(key, &der);
  std::string out(reinterpret_cast<const char*>(der), n > 0 ? static_cast<std::size_t>(n) : 0);
  OPENSSL_free(der);
  EVP_PKEY_free(key);
  return out;
}

}  // namespace

TEST_CASE("SHAKE256 with a label: the octets Python's hashlib gives") {
  // hashlib.shake_256(b"mailsim seeded rand 2\0lesson seed 42").hexdigest(8)
  CHECK(hex(mailsim::crypto::shake256("mailsim seeded rand 2", "lesson seed 42", 8)) == "bbe5950503fda1fa");
}

TEST_CASE("a seeded context's streams are AES-256-CTR keyed by SHAKE256 of the seed, one per generator") {
  auto lib = Library::seeded("lesson seed 42");
  CHECK(lib->is_seeded());
  CHECK(lib->ctx() != nullptr);
  CHECK(lib->drawn() == 0);
  // Computed apart: key and IV = hashlib.shake_256(b"mailsim seeded rand N\0lesson seed 42").digest(48),
  // then `openssl enc -aes-256-ctr -K key -iv iv` over 16 zero octets; N = 2 is the public
  // generator, 3 the private one. Fixed by the standards, so this holds on every machine.
  CHECK(hex(public_bytes(*lib, 16)) == "042850ca78d69da1bd6985ada9d383f9");
  CHECK(hex(private_bytes(*lib, 16)) == "a18e27d8a366fc8e5b6da4e12d7d1446");
  CHECK(lib->drawn() == 32);
}

TEST_CASE("the same seed gives the same octets and the same keys, another seed others") {
  auto a = Library::seeded("seed A");
  auto b = Library::seeded("seed A");
  auto c = Library::seeded("seed B");
  const std::string first = public_bytes(*a, 100);
  CHECK(first == public_bytes(*b, 100));
  CHECK(first != public_bytes(*c, 100));
  // The stream goes on where it stopped: no request repeats an earlier one.
  CHECK(public_bytes(*a, 100) != first);
  // A request larger than one generator call (64 KB) is served in pieces of the same stream.
  auto big = Library::seeded("seed A");
  auto pieces = Library::seeded("seed A");
  const std::string whole = public_bytes(*big, 200000);
  std::string halves = public_bytes(*pieces, 100000);
  halves += public_bytes(*pieces, 100000);
  CHECK(whole == halves);

  auto k1 = Library::seeded("key seed");
  auto k2 = Library::seeded("key seed");
  const std::string key = p256_public_key(*k1);
  CHECK(key == p256_public_key(*k2));
  CHECK(key != p256_public_key(*Library::seeded("other key seed")));
  CHECK(k1->drawn() > 0);  // the key came from the seeded stream, not from the system's
}

TEST_CASE("the system's context is OpenSSL's default one, with real entropy") {
  auto sys = Library::system();
  CHECK_FALSE(sys->is_seeded());
  CHECK(sys->ctx() == nullptr);
  CHECK(sys == Library::system());
  CHECK(public_bytes(*sys, 32) != public_bytes(*sys, 32));
  CHECK(sys->drawn() == 0);
}
