#include "sim/proto/sasl/wire.hpp"

#include "sim/proto/sasl/base64.hpp"

namespace mailsim::sasl {

ClientLine read_client_line(std::string_view line) {
  if (line == kCancel) return ClientLine{ClientLine::Kind::Cancel, {}};
  std::optional<std::string> octets = base64_decode(line);
  if (!octets) return ClientLine{ClientLine::Kind::Undecodable, {}};
  return ClientLine{ClientLine::Kind::Response, std::move(*octets)};
}

std::optional<std::string> read_initial_response(std::string_view argument) {
  if (argument == "=") return std::string();
  if (argument.empty()) return std::nullopt;  // "" is not how an empty response is written
  return base64_decode(argument);
}

std::string write_initial_response(std::string_view octets) { return octets.empty() ? "=" : base64_encode(octets); }

std::string write_message(std::string_view octets) { return base64_encode(octets); }

}  // namespace mailsim::sasl
