#pragma once
// A POP3 session's view of a maildrop (RFC 1939 §5): the INBOX as it was when the session entered
// TRANSACTION, numbered 1..n for the whole session, with the session's deletion marks. Messages that
// arrive later are not seen until the next session; marks touch the store only in UPDATE.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/mailstore/mailstore.hpp"

namespace mailsim::pop3 {

class Maildrop {
 public:
  struct Entry {
    std::uint32_t uid = 0;
    std::size_t size = 0;      // octets, as RETR sends the message (before byte-stuffing)
    std::string unique_id;     // what UIDL reports
    bool deleted = false;      // marked by DELE, cleared by RSET
  };

  Maildrop() = default;
  explicit Maildrop(const mailstore::Folder& inbox);

  // The entry for message number `n` (1-based), deleted or not; nullptr outside 1..n.
  const Entry* at(std::size_t n) const;
  // The entry for `n` when it exists and is not marked deleted: the only ones most commands see.
  const Entry* visible(std::size_t n) const { const Entry* e = at(n); return e && !e->deleted ? e : nullptr; }
  const std::vector<Entry>& entries() const { return entries_; }

  bool mark_deleted(std::size_t n);       // false if no such message or already marked
  void reset();                           // RSET: unmark all
  std::size_t count() const;              // messages not marked deleted
  std::size_t octets() const;             // their total size
  std::vector<std::uint32_t> marked_uids() const;

 private:
  std::vector<Entry> entries_;
};

// UIDL's unique-id for a message: "<uidvalidity>.<uid>", stable across sessions and never reused
// while UIDVALIDITY stays (RFC 1939 §7 asks for 1 to 70 characters in 0x21..0x7E).
std::string unique_id(std::uint32_t uidvalidity, std::uint32_t uid);

}  // namespace mailsim::pop3
