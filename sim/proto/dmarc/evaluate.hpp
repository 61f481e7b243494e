#pragma once
// The DMARC check itself (RFC 7489 §3.1 identifier alignment, §6.6.2 and §6.6.4 the decision):
// given the policy discovery, the SPF and DKIM results by domain, and a random draw for pct=.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/dkim/parsed.hpp"
#include "sim/proto/dkim/verify.hpp"
#include "sim/proto/dmarc/discovery.hpp"

namespace mailsim::dmarc {

// RFC 7489 §11.2's results for dmarc=.
enum class Result { None, Pass, Fail, TempError, PermError };
std::string_view to_string(Result r);

// An authenticated identifier as SPF or DKIM reported it: the domain it is about and whether the
// check passed. SPF: the MAIL FROM domain (the HELO name for the null sender, §3.1.2); DKIM: d=.
struct AuthIdentity {
  std::string domain;
  bool pass = false;
};

// The DKIM identities of a verifier's results: every signature's d=, passing or not.
std::vector<AuthIdentity> dkim_identities(const std::vector<dkim::SignatureCheck>& checks);

// One comparison of the checks panel: that identifier beside the From domain.
struct AlignmentCheck {
  std::string method;        // "spf", "dkim"
  std::string domain;        // the authenticated domain
  bool passed = false;       // the SPF or DKIM result was pass
  Alignment mode = Alignment::Relaxed;
  bool aligned = false;      // passed and (strict: the same name; relaxed: the same organizational domain)
};

struct Evaluation {
  Result result = Result::None;
  std::string from_domain;
  std::string reason;                     // in words: "DKIM d=school.example aligned", "no DMARC record"
  std::string reason_ja;                  // the same in Japanese, for the classroom app
  std::optional<Record> record;           // the policy record, when found
  bool subdomain = false;                 // sp= applied
  Policy policy = Policy::None;           // p= or sp=, as published
  Policy disposition = Policy::None;      // what the receiver does: none when it passed
  bool sampled_out = false;               // pct= spared this message the full policy
  std::vector<AlignmentCheck> comparisons;
};

// The From domain DMARC is about (§6.6.1): the domain of the one address in the one From field.
// Refused, with the reason, when there is no From field, more than one, or not exactly one address.
// `error_ja`, when given, gets the reason in Japanese too.
Parsed<std::string> author_domain(std::string_view message, std::string* error_ja = nullptr);

// §6.6.2: pass when SPF or any DKIM identity passed and is aligned with the From domain; otherwise
// fail, and the policy of the record (sp= when it was found for a subdomain). pct=: `draw` is the
// caller's random number in [0, 100) (the world's seeded RNG); the policy applies when draw < pct,
// otherwise the next milder one does (reject to quarantine, quarantine to none, §6.6.4).
Evaluation evaluate(const PolicyDiscovery& discovery, const std::optional<AuthIdentity>& spf,
                    const std::vector<AuthIdentity>& dkim, unsigned draw, const PublicSuffixList& suffixes);

}  // namespace mailsim::dmarc
