#pragma once
// POP before SMTP, the 1990s answer to "who may relay?" before SMTP AUTH (RFC 4954) was common:
// a successful POP3 or IMAP login from an address opens the submission server to that address for
// a few minutes (DRAC, Postfix's check_client_access on a map the POP server's log fills). It
// trusts an address, not a person: anyone behind the same address (the same NAT router, the same
// shared PC) slips through the window too, which is why it was replaced.
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "sim/kernel/time.hpp"

namespace mailsim::nodes {

class PopBeforeSmtp {
 public:
  // `user` logged in to mail server `server` from `address` at `at`.
  void logged_in(const std::string& server, const std::string& address, const std::string& user, Time at);
  // Who last logged in to `server` from `address` no longer than `window` before `now`, if anyone.
  std::optional<std::string> open_for(const std::string& server, const std::string& address, Time now,
                                      Duration window) const;

 private:
  struct Login {
    std::string user;
    Time at = 0;
  };
  std::map<std::pair<std::string, std::string>, Login> last_;  // (server, address) -> the last login
};

}  // namespace mailsim::nodes
