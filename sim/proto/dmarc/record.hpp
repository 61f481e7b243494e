#pragma once
// The DMARC policy record (RFC 7489 §6.3), published as TXT at _dmarc.<domain>.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/parsed.hpp"
#include "sim/proto/dkim/tag_list.hpp"

namespace mailsim::dmarc {

using dkim::Parsed;

enum class Policy { None, Quarantine, Reject };
enum class Alignment { Relaxed, Strict };

std::string_view to_string(Policy p);     // "none", "quarantine", "reject"
std::string_view to_string(Alignment a);  // "r", "s"

struct Record {
  Policy policy = Policy::None;             // p=
  std::optional<Policy> subdomain_policy;   // sp=, p= applies when absent
  unsigned pct = 100;                       // pct=, 0..100
  Alignment adkim = Alignment::Relaxed;     // adkim=
  Alignment aspf = Alignment::Relaxed;      // aspf=
  std::vector<std::string> rua;             // aggregate report URIs, as written
  std::vector<std::string> ruf;             // failure report URIs
  std::string fo = "0";                     // fo=
  std::string rf = "afrf";                  // rf=
  std::uint32_t ri = 86400;                 // ri=, seconds
  // Values that were not valid and were replaced by the default, in words for the checks panel
  // ("pct=150 is not 0-100: 100 is used").
  std::vector<std::string> warnings;
  dkim::TagList tags;                       // every tag as written, unknown ones too (§6.3: ignored)

  // p= for the domain that published the record, sp= (or p=) for a domain below it.
  Policy policy_for(bool subdomain) const;
};

// Starts with "v=DMARC1" (§6.6.3: records that do not are not DMARC records and are discarded).
bool is_dmarc_record(std::string_view text);

// Refused, with the reason: not a DMARC record, a broken tag list, or a missing or invalid p= (or
// an invalid sp=) with no valid rua=. With a valid rua= such a record acts as p=none (§6.6.3).
// Other invalid values fall back to their defaults with a warning. Keywords are case-insensitive
// (RFC 7489 §6.4's ABNF), v=DMARC1 is exact.
Parsed<Record> parse_record(std::string_view text);

}  // namespace mailsim::dmarc
