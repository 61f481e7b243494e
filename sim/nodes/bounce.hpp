#pragma once
// The bounce an MTA sends its sender: an RFC 3464 report about the failed (or, for a delay warning,
// still waiting) recipients of a queued message, itself queued with the null sender.
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/nodes/queue.hpp"

namespace mailsim::nodes {

QueuedMessage make_bounce(Context& ctx, const std::string& reporting_host, const QueuedMessage& original, bool delayed);

}  // namespace mailsim::nodes
