#include "sim/proto/spf/result.hpp"

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::spf {

std::string_view to_string(Result r) {
  switch (r) {
    case Result::None: return "none";
    case Result::Neutral: return "neutral";
    case Result::Pass: return "pass";
    case Result::Fail: return "fail";
    case Result::SoftFail: return "softfail";
    case Result::TempError: return "temperror";
    case Result::PermError: return "permerror";
  }
  return "permerror";
}

std::optional<Result> result_from_string(std::string_view s) {
  for (Result r : {Result::None, Result::Neutral, Result::Pass, Result::Fail, Result::SoftFail, Result::TempError,
                   Result::PermError}) {
    if (proto::iequals(s, to_string(r))) return r;
  }
  return std::nullopt;
}

Result result_of(Qualifier q) {
  switch (q) {
    case Qualifier::Pass: return Result::Pass;
    case Qualifier::Fail: return Result::Fail;
    case Qualifier::SoftFail: return Result::SoftFail;
    case Qualifier::Neutral: return Result::Neutral;
  }
  return Result::Neutral;
}

}  // namespace mailsim::spf
