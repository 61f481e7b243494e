#include "sim/proto/sasl/mechanism.hpp"

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::sasl {

const std::vector<Mechanism>& all_mechanisms() {
  static const std::vector<Mechanism> all = {Mechanism::Plain, Mechanism::Login, Mechanism::CramMd5,
                                             Mechanism::ScramSha256};
  return all;
}

std::string_view mechanism_name(Mechanism m) {
  switch (m) {
    case Mechanism::Plain: return "PLAIN";
    case Mechanism::Login: return "LOGIN";
    case Mechanism::CramMd5: return "CRAM-MD5";
    case Mechanism::ScramSha256: return "SCRAM-SHA-256";
  }
  return "?";
}

std::optional<Mechanism> parse_mechanism(std::string_view name) {
  for (const Mechanism m : all_mechanisms())
    if (proto::iequals(name, mechanism_name(m))) return m;
  return std::nullopt;
}

std::string mechanism_list(const std::vector<Mechanism>& mechanisms) {
  std::string out;
  for (const Mechanism m : mechanisms) out += (out.empty() ? "" : " ") + std::string(mechanism_name(m));
  return out;
}

bool client_first(Mechanism m) { return m == Mechanism::Plain || m == Mechanism::ScramSha256; }

bool sends_password(Mechanism m) { return m == Mechanism::Plain || m == Mechanism::Login; }

}  // namespace mailsim::sasl
