#include "sim/proto/crypto/shake.hpp"

#include <openssl/evp.h>

namespace mailsim::crypto {

std::string shake256(std::string_view label, std::string_view seed, std::size_t n) {
  std::string out(n, '\0');
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_shake256(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, label.data(), label.size()) == 1 &&
                  EVP_DigestUpdate(ctx, "\0", 1) == 1 &&
                  EVP_DigestUpdate(ctx, seed.data(), seed.size()) == 1 &&
                  EVP_DigestFinalXOF(ctx, reinterpret_cast<unsigned char*>(out.data()), n) == 1;
  EVP_MD_CTX_free(ctx);
  return ok ? out : std::string();
}

}  // namespace mailsim::crypto
