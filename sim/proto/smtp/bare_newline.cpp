#include "sim/proto/smtp/bare_newline.hpp"

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::smtp {

std::optional<BareNewline> parse_bare_newline(std::string_view value) {
  if (proto::iequals(value, "no")) return BareNewline::No;
  if (proto::iequals(value, "normal") || proto::iequals(value, "yes")) return BareNewline::Normal;
  if (proto::iequals(value, "strict")) return BareNewline::Strict;
  return std::nullopt;
}

std::string to_string(BareNewline policy) {
  switch (policy) {
    case BareNewline::No: return "no";
    case BareNewline::Normal: return "normal";
    case BareNewline::Strict: return "strict";
  }
  return "normal";
}

}  // namespace mailsim::smtp
