#include "sim/proto/imap/mailbox_name.hpp"

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/common/line_reader.hpp"

namespace mailsim::imap {

std::string mailbox_name(std::string_view name) { return proto::iequals(name, "INBOX") ? "INBOX" : std::string(name); }

std::optional<std::string> new_mailbox_name(std::string_view name, std::string& why) {
  if (name.size() > kMaxMailboxName) {
    why = "[LIMIT] Mailbox name too long (limit " + std::to_string(kMaxMailboxName) + " octets)";
    return std::nullopt;
  }
  if (!name.empty() && name.back() == mailstore::kDelimiter) name.remove_suffix(1);
  if (proto::iequals(name, "INBOX")) {
    why = "[ALREADYEXISTS] INBOX always exists";
    return std::nullopt;
  }
  // "*" and "%" would be read as wildcards by every LIST; an empty level ("a//b", "/a") names
  // nothing a client could list level by level.
  const bool empty_level = name.empty() || name.front() == mailstore::kDelimiter ||
                           name.find("//") != std::string_view::npos;
  bool control = false;
  for (unsigned char ch : name) control = control || ch < 0x20 || ch == 0x7f;
  if (empty_level || control || name.find_first_of("*%") != std::string_view::npos) {
    why = "[CANNOT] Invalid mailbox name: no empty levels, wildcards (* %) or control characters";
    return std::nullopt;
  }
  return std::string(name);
}

}  // namespace mailsim::imap
