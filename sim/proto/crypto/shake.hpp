#pragma once
// SHAKE256 (FIPS 202) as the project's one way to stretch a seed into key material: DKIM's seeded
// keys and TLS's seeded random generator both draw from it, so a lesson's seed means the same
// octets everywhere.
#include <cstddef>
#include <string>
#include <string_view>

namespace mailsim::crypto {

// The first `n` octets of SHAKE256(label || 0x00 || seed): the NUL keeps a label from running into
// the seed ("ab"+"c" and "a"+"bc" differ). Empty only if OpenSSL fails.
std::string shake256(std::string_view label, std::string_view seed, std::size_t n);

}  // namespace mailsim::crypto
