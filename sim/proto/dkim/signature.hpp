#pragma once
// The DKIM-Signature header field (RFC 6376 §3.5) as a verifier reads it, and the DKIM key record
// (§3.6.1) it asks DNS for. Each parser refuses with the reason a verifier reports as permerror.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/canon.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/parsed.hpp"
#include "sim/proto/dkim/tag_list.hpp"

namespace mailsim::dkim {

enum class Algorithm { RsaSha256, Ed25519Sha256 };

std::string_view to_string(Algorithm a);  // the a= names: "rsa-sha256", "ed25519-sha256"
KeyType key_type_of(Algorithm a);

struct Signature {
  Algorithm algorithm = Algorithm::RsaSha256;  // a=
  Canonicalization canon;                      // c=, simple/simple when absent
  std::string domain;                          // d=, lower case
  std::string selector;                        // s=, lower case
  std::vector<std::string> headers;            // h=, lower case, in order, repeats kept
  std::string body_hash;                       // bh=, 32 octets
  std::string signature;                       // b=, octets
  std::string b64;                             // b= as written without FWS (A-R's header.b, RFC 6008)
  std::string identity;                        // i=, "@" + d= when absent
  std::optional<std::uint64_t> length;         // l=
  std::optional<std::int64_t> timestamp;       // t=, seconds since 1970
  std::optional<std::int64_t> expiration;      // x=
  TagList tags;                                // every tag as written, for the checks panel

  // Where the key is: "<s>._domainkey.<d>" (§3.6.2.1).
  std::string key_name() const { return selector + "._domainkey." + domain; }
};

// The value of a DKIM-Signature field (after "DKIM-Signature:"). Required: v=1, a=, b=, bh=, d=, h=
// with From in it, s=; i= must be in d= or below; x= after t=; q= must offer dns/txt. rsa-sha1 is
// refused (RFC 8301 §3.1).
Parsed<Signature> parse_signature(std::string_view value);

struct KeyRecord {
  KeyType type = KeyType::Rsa;        // k=, rsa when absent
  std::vector<std::string> hashes;    // h=, every hash allowed when empty
  std::vector<std::string> services;  // s=, "*" when absent
  std::string public_key;             // p= octets; empty: the key is revoked (§3.6.1)
  bool testing = false;               // t=y: the domain is testing DKIM
  bool strict = false;                // t=s: i= must be exactly d=, no subdomain
  std::string notes;                  // n=
  TagList tags;

  bool revoked() const { return public_key.empty(); }
};

// A TXT record at <s>._domainkey.<d>. Refused: v= other than DKIM1 or not first, k= not rsa or
// ed25519, no p=, p= not base64, h= without sha256, s= without email or *.
Parsed<KeyRecord> parse_key_record(std::string_view text);

// The record text a domain publishes for `key`: "v=DKIM1; k=ed25519; p=...".
std::string key_record_text(const PrivateKey& key);

}  // namespace mailsim::dkim
