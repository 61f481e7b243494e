#pragma once
// The IMAP server's state diagram, from the same table the server follows.
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/imap/server_states.hpp"

namespace mailsim::imap {

// Refusals ("BAD not valid in the ... state" self-loops) only when asked for.
proto::Diagram server_diagram(bool with_refusals = false);

}  // namespace mailsim::imap
