#pragma once
// SEARCH criteria (RFC 3501 §6.4.4) evaluated against one message.
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/imap/args.hpp"

namespace mailsim::imap {

struct SearchContext {
  const mailstore::StoredMessage& message;
  std::uint32_t seq;           // its sequence number
  std::uint32_t count;         // messages in the mailbox (for "*")
  std::uint32_t largest_uid;   // for "UID n:*"
  std::int64_t epoch_seconds;  // virtual time 0 as Unix time, for SINCE/BEFORE/ON
};

// All keys must hold (AND by juxtaposition). Nullopt when the criteria do not parse.
std::optional<bool> matches(const std::vector<Arg>& keys, const SearchContext& ctx);

}  // namespace mailsim::imap
