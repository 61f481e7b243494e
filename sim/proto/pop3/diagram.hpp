#pragma once
// The POP3 server's state diagram, from the same table the server follows.
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/pop3/states.hpp"

namespace mailsim::pop3 {

// Refusals ("-ERR command not valid in ... state" self-loops) only when asked for.
proto::Diagram server_diagram(bool with_refusals = false);

}  // namespace mailsim::pop3
