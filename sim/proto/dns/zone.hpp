#pragma once
// An authoritative server's data and its answer logic (RFC 1034 §4.3.2, simplified: no delegation).
#include <string>
#include <vector>

#include "sim/proto/dns/message.hpp"

namespace mailsim::dns {

class ZoneSet {
 public:
  void add(Record r);                       // names are lower-cased, trailing dot dropped
  // Removes every record with this owner and type (for "DNS record change" failures).
  void remove(const std::string& name, Type type);
  const std::vector<Record>& records() const { return records_; }

  // The authoritative answer to `query`: AA set; follows CNAME chains inside the data (bounded);
  // NXDOMAIN when the name owns no record at all; NOERROR with no answer (NODATA) when the name exists
  // but not with that type; for MX answers, the exchanges' A and AAAA records in the additional section;
  // FORMERR for a query with no question.
  Message answer(const Message& query) const;

 private:
  std::vector<Record> records_;
};

}  // namespace mailsim::dns
