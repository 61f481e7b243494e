#pragma once
// What a DKIM signature covers (RFC 6376 §3.7): the body hash, and the header data whose hash is
// signed. Signer and verifier compute both with these same functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/canon.hpp"
#include "sim/proto/dkim/fields.hpp"

namespace mailsim::dkim {

struct BodyHash {
  std::string hash;               // SHA-256 of the hashed part, 32 octets
  std::uint64_t canonical = 0;    // octets in the canonical body
  std::uint64_t hashed = 0;       // octets hashed: all of them, or l= when shorter
};

// The canonical body, cut to `length` octets (l=) when given. When l= asks for more octets than the
// canonical body has, `hashed` is what there was: the verifier compares and fails (§6.1.3).
BodyHash body_hash(Canon c, std::string_view body, std::optional<std::uint64_t> length);

// The header data of §3.7 step 2: for each name in h= (lower case), the next instance of that field
// from the bottom up (§5.4.2), canonicalized; a name with no instance left adds nothing. Then
// `signature_field` (the DKIM-Signature field with its b= value empty, final CRLF included)
// canonicalized, without its final CRLF.
std::string header_data(const RawMessage& m, const std::vector<std::string>& signed_names, Canon c,
                        std::string_view signature_field);

// The DKIM-Signature field as written with the value of its b= tag (and the white space around
// it) removed, as §3.7 hashes it. `raw` is the whole field including its final CRLF, which stays.
std::string without_b_value(std::string_view raw);

}  // namespace mailsim::dkim
