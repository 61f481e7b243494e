#pragma once
// The protocol machines the world runs, by the names their Step events and `mailsim diagram` use,
// each with the state diagram drawn from its own transition table. One list, so the CLI, the app's
// state-diagram panel and the tests cannot disagree on which machines there are.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::world {

// "smtp-server", "smtp-client", "pop3-server", "pop3-client", "imap-server", "imap-client",
// "auth-server", "auth-client".
const std::vector<std::string>& machine_names();
// The machine's diagram; `with_refusals` adds the out-of-sequence rows (a client refuses nothing).
// nullopt for a name that is not a machine.
std::optional<proto::Diagram> machine_diagram(std::string_view name, bool with_refusals = false);

}  // namespace mailsim::world
