#include "sim/proto/sasl/credentials.hpp"

#include "sim/proto/sasl/crypto.hpp"
#include "sim/proto/sasl/scram.hpp"

namespace mailsim::sasl {

ScramVerifier scram_sha256_verifier(std::string_view password, std::string_view salt, unsigned iterations) {
  const scram::Keys k = scram::derive(password, salt, iterations);
  return ScramVerifier{std::string(salt), iterations, k.stored_key, k.server_key};
}

bool check_password(const Credentials& credentials, std::string_view password) {
  if (credentials.password) return equal_secret(*credentials.password, password);
  if (const auto& v = credentials.scram_sha256; v && v->iterations > 0)
    return equal_secret(scram::derive(password, v->salt, v->iterations).stored_key, v->stored_key);
  return false;
}

}  // namespace mailsim::sasl
