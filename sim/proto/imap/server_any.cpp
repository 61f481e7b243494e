// Any state (RFC 3501 §6.1): CAPABILITY, NOOP (and CHECK, §6.4.1, which has nothing more to do
// here), LOGOUT; and the answer to a command the server does not know.
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

Reply Server::on_capability(Call& c) {
  if (!c.args.empty()) return bad("CAPABILITY takes no arguments");
  c.out += "* CAPABILITY " + server_capabilities() + "\r\n";
  return completed(c);
}

Reply Server::on_noop(Call& c) {
  // CHECK: nothing to checkpoint, the store is always consistent.
  if (!c.args.empty()) return bad(std::string(c.name) + " takes no arguments");
  c.out += sync(true);
  return completed(c);
}

Reply Server::on_logout(Call& c) {
  if (!c.args.empty()) return bad("LOGOUT takes no arguments");
  c.out += "* BYE " + config_.hostname + " IMAP4rev1 server logging out\r\n";
  return completed(c);
}

Reply Server::on_other(Call& c) { return bad("Unknown command " + std::string(c.name)); }

}  // namespace mailsim::imap
