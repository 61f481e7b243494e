#pragma once
// Signing (RFC 6376 §5): what a submission server or an outbound MTA does for its domain.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/canon.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/parsed.hpp"

namespace mailsim::dkim {

// l= over the whole body: signs all of it and says how long it was, so text added below later
// (a list footer) is outside the signature instead of breaking it.
inline constexpr std::uint64_t kWholeBody = std::numeric_limits<std::uint64_t>::max();

struct SignerConfig {
  std::string domain;    // d=
  std::string selector;  // s=
  Canonicalization canon{Canon::Relaxed, Canon::Relaxed};  // c=
  // Fields signed when present (§5.4.1's list, less the rare ones), each instance of each.
  std::vector<std::string> headers{"from", "to", "cc", "subject", "date", "message-id", "reply-to",
                                   "in-reply-to", "references", "mime-version", "content-type",
                                   "content-transfer-encoding"};
  // Listed once more than present, so a field of that name added later breaks the signature
  // (§8.15): a second From: cannot be slipped in above a signed one.
  std::vector<std::string> oversign{"from"};
  // l=: sign only the first N octets of the canonical body (kWholeBody: all, with l= written).
  std::optional<std::uint64_t> body_length;
  std::optional<std::int64_t> timestamp;   // t=, seconds since 1970
  std::optional<std::int64_t> expiration;  // x=, must be after t=
  std::string identity;                    // i=, written when not empty ("@sub.d" or "user@d")
};

// The DKIM-Signature field to put on top of `message` (CRLF lines, a From field required), with
// its final CRLF, folded to 78-octet lines; bh= and b= computed as §3.7 says. Refused, with the
// reason: no From field, d=/s= empty, x= not after t=, an i= outside d=.
Parsed<std::string> sign(const SignerConfig& config, const PrivateKey& key, std::string_view message);

}  // namespace mailsim::dkim
