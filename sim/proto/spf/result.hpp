#pragma once
// The seven results of an SPF check (RFC 7208 §2.6) and the qualifiers that produce four of them
// (§4.6.2).
#include <optional>
#include <string_view>

namespace mailsim::spf {

enum class Result { None, Neutral, Pass, Fail, SoftFail, TempError, PermError };

enum class Qualifier : char { Pass = '+', Fail = '-', SoftFail = '~', Neutral = '?' };

std::string_view to_string(Result r);  // "none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"
std::optional<Result> result_from_string(std::string_view s);  // case-insensitive
Result result_of(Qualifier q);         // what a matching directive with this qualifier gives

}  // namespace mailsim::spf
