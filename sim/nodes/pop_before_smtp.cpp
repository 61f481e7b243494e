#include "sim/nodes/pop_before_smtp.hpp"

namespace mailsim::nodes {

void PopBeforeSmtp::logged_in(const std::string& server, const std::string& address, const std::string& user, Time at) {
  last_[{server, address}] = Login{user, at};
}

std::optional<std::string> PopBeforeSmtp::open_for(const std::string& server, const std::string& address, Time now,
                                                   Duration window) const {
  const auto it = last_.find({server, address});
  if (it == last_.end() || now - it->second.at > window) return std::nullopt;
  return it->second.user;
}

}  // namespace mailsim::nodes
