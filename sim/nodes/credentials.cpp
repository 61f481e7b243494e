#include "sim/nodes/credentials.hpp"

namespace mailsim::nodes {

sasl::Lookup CredentialStore::lookup(const sasl::LookupRequest& request) const {
  // Logins are compared exactly, as Dovecot does by default: "Alice" is not "alice".
  const auto it = passwords_.find(request.user);
  if (it == passwords_.end()) return sasl::Lookup::unknown();
  return sasl::Lookup::found(sasl::Credentials{it->second, std::nullopt});
}

}  // namespace mailsim::nodes
