#pragma once
// Mailbox names as clients write them (RFC 3501 §5.1): "INBOX" in any case is INBOX, every other
// name is case-sensitive; "/" separates the levels of the hierarchy. And which names a client may
// create.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::imap {

// Every LIST reads every name of the account: these bound what one LIST can cost.
inline constexpr std::size_t kMaxMailboxName = 1024;  // octets
inline constexpr std::size_t kMaxMailboxes = 1000;    // per account, INBOX and \Noselect names included

// The name a client's mailbox argument stands for ("inbox" -> "INBOX").
std::string mailbox_name(std::string_view name);

// The name CREATE or RENAME makes of `name`: a trailing delimiter only says that inferiors will
// follow (§6.3.3) and is dropped. Nullopt, with `why` (the text of a NO), for a name that LIST
// could not show as it is (wildcards, an empty level), too long, or INBOX.
std::optional<std::string> new_mailbox_name(std::string_view name, std::string& why);

}  // namespace mailsim::imap
