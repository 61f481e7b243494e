#pragma once
// The primitives DKIM needs, all from OpenSSL 3: SHA-256 and base64 (RFC 4648 §4).
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::dkim {

std::string sha256(std::string_view data);  // 32 octets

std::string base64_encode(std::string_view octets);  // no line breaks
// Strict: the RFC 4648 alphabet, "=" padding only at the end and only as much as needed; FWS
// anywhere is ignored, since tag values may be folded (RFC 6376 §3.5 b=). nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mailsim::dkim
