#pragma once
// xtext (RFC 3461 §4), the encoding of ESMTP parameter values that may hold any octet: MAIL FROM's
// AUTH=<mailbox> (RFC 4954 §5). Printable ASCII but "+" and "=" stands for itself; every other
// octet is "+" and two upper-case hex digits.
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::smtp {

std::string xtext_encode(std::string_view octets);
// nullopt for a "+" not followed by two upper-case hex digits, or an octet xtext does not allow.
std::optional<std::string> xtext_decode(std::string_view text);

}  // namespace mailsim::smtp
