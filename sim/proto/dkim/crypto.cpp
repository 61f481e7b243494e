#include "sim/proto/dkim/crypto.hpp"

#include <openssl/evp.h>

#include <vector>

namespace mailsim::dkim {

namespace {

bool is_b64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}
bool is_fws_octet(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string sha256(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) return {};
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string base64_encode(std::string_view octets) {
  if (octets.empty()) return {};
  std::vector<unsigned char> out(4 * ((octets.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(octets.data()),
                                static_cast<int>(octets.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  std::size_t pad = 0;
  for (char c : text) {
    if (is_fws_octet(c)) continue;
    if (c == '=') {
      ++pad;
    } else if (is_b64(c) && pad == 0) {
      clean += c;
    } else {
      return std::nullopt;  // outside the alphabet, or data after padding
    }
  }
  if (pad > 2 || (clean.size() + pad) % 4 != 0 || (pad > 0 && clean.size() % 4 == 0)) return std::nullopt;
  if (clean.empty()) return std::string();
  clean.append(pad, '=');
  std::vector<unsigned char> out(clean.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero octets; they are not data.
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n) - pad);
}

}  // namespace mailsim::dkim
