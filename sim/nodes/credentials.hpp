#pragma once
// The passwords a mail server checks logins against: the lesson's accounts, one store for a
// domain's submission server (SMTP AUTH), as its POP3 and IMAP server use the same accounts
// through their mailstore. A server never holds it itself: its credential lookup asks it (see
// docs/sasl.md), so an authentication server can take its place later without the server noticing.
#include <map>
#include <string>

#include "sim/proto/sasl/credentials.hpp"

namespace mailsim::nodes {

class CredentialStore {
 public:
  // `login` logs in with `password`; a second add for the same login replaces the first.
  void add(const std::string& login, const std::string& password) { passwords_[login] = password; }
  // The plaintext password (PLAIN, LOGIN, CRAM-MD5 and SCRAM all work from it), or unknown.
  sasl::Lookup lookup(const sasl::LookupRequest& request) const;
  bool empty() const { return passwords_.empty(); }

 private:
  std::map<std::string, std::string> passwords_;  // login -> password
};

}  // namespace mailsim::nodes
