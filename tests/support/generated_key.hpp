#pragma once
// A private key as OpenSSL makes one and a PEM file holds it, for tests that need keys the lesson's
// seed did not make (a CA or host key from a file, a key of another type).
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

namespace test {

// EVP_PKEY_Q_keygen(type, args...) written as PEM ("ED25519"; "RSA", bits; "EC", "P-256").
template <class... Args>
std::string generated_key_pem(const char* type, Args... args) {
  EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, type, args...);
  REQUIRE(k);
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  EVP_PKEY_free(k);
  return pem;
}

}  // namespace test
