// Placeholder until the IMAP server machine lands (the destination does not serve IMAP yet).
#include "sim/nodes/destination.hpp"
namespace mailsim::nodes {
struct Destination::ImapSession {};
void Destination::serve_imap() {}
void Destination::notify_sessions() {}
}  // namespace mailsim::nodes
