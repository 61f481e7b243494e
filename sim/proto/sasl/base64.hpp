#pragma once
// Base64 (RFC 4648 §4) as SASL's protocol profiles carry it (RFC 4954 §4, RFC 5034 §4, RFC 3501 §6.2.2):
// one token per line, no line breaks, no spaces. OpenSSL does the coding; this file decides what
// counts as well formed.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::sasl {

std::string base64_encode(std::string_view octets);  // "" for no octets
// Strict: the RFC 4648 alphabet, padded to a multiple of four with at most two "=" at the end, and
// nothing else (no white space: DKIM's lenient decoder is not this one). "" decodes to no octets.
// nullopt for anything else: the protocol answers "cannot decode" (SMTP 501 5.5.2).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mailsim::sasl
