#include "sim/proto/sasl/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace mailsim::sasl {

namespace {

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
    throw std::runtime_error("sasl: OpenSSL digest failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hmac(const char* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, md, nullptr, key.data(), key.size(),
                 reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out, &len))
    throw std::runtime_error(std::string("sasl: OpenSSL HMAC-") + md + " failed");
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace

std::string md5(std::string_view data) { return digest(EVP_md5(), data); }
std::string sha256(std::string_view data) { return digest(EVP_sha256(), data); }
std::string hmac_md5(std::string_view key, std::string_view data) { return hmac("MD5", key, data); }
std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac("SHA256", key, data); }

std::string pbkdf2_sha256(std::string_view password, std::string_view salt, unsigned iterations) {
  unsigned char out[32];
  if (iterations == 0 ||
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                        static_cast<int>(iterations), EVP_sha256(), sizeof out, out) != 1)
    throw std::runtime_error("sasl: OpenSSL PBKDF2 failed");
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string to_hex(std::string_view octets) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(octets.size() * 2);
  for (const char c : octets) {
    const auto u = static_cast<unsigned char>(c);
    out += kDigits[u >> 4];
    out += kDigits[u & 15];
  }
  return out;
}

bool equal_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string xor_octets(std::string_view a, std::string_view b) {
  std::string out(std::min(a.size(), b.size()), '\0');
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

}  // namespace mailsim::sasl
