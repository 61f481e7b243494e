#pragma once
// The primitives the mechanisms need, all from OpenSSL 3 (no crypto of our own): MD5 and HMAC-MD5
// for CRAM-MD5 (RFC 2195) and APOP (RFC 1939 §7); SHA-256, HMAC-SHA-256 and PBKDF2 (RFC 8018) for
// SCRAM-SHA-256 (RFC 7677). Octet strings in and out.
#include <string>
#include <string_view>

namespace mailsim::sasl {

std::string md5(std::string_view data);                                // 16 octets
std::string hmac_md5(std::string_view key, std::string_view data);     // 16 octets
std::string sha256(std::string_view data);                             // 32 octets
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 octets
// PBKDF2 with HMAC-SHA-256, one block (32 octets): SCRAM's Hi() (RFC 5802 §2.2).
std::string pbkdf2_sha256(std::string_view password, std::string_view salt, unsigned iterations);

std::string to_hex(std::string_view octets);  // lower case, as CRAM-MD5 and APOP send digests
// Equal length and octets, in time that does not depend on where they differ (a guesser learns
// nothing from how fast a wrong proof is refused).
bool equal_secret(std::string_view a, std::string_view b);
// a XOR b, octet by octet; the shorter length when they differ.
std::string xor_octets(std::string_view a, std::string_view b);

}  // namespace mailsim::sasl
