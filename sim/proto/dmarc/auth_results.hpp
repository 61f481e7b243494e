#pragma once
// The Authentication-Results header field (RFC 8601) a receiving server adds: one resinfo per
// check, e.g.
//   Authentication-Results: mx.home.example;
//   	dkim=pass header.d=school.example header.s=mail header.b="kJ3a/9Qx";
//   	dmarc=pass (p=reject dis=none) header.from=school.example
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/proto/dkim/verify.hpp"
#include "sim/proto/dmarc/evaluate.hpp"

namespace mailsim::dmarc {

struct ResInfo {
  std::string method;   // "dkim", "spf", "dmarc"
  std::string result;   // RFC 8601 §2.7's result names
  std::string comment;  // written in parentheses after the result, when not empty
  std::string reason;   // reason="..." (§2.2), when not empty
  std::vector<std::pair<std::string, std::string>> properties;  // {"header.d", "school.example"}
};

// One resinfo per DKIM signature (header.d, header.s, header.i and header.b's first 8 octets, RFC
// 6008, so two signatures can be told apart), with the reason when it did not pass; "dkim=none"
// for an unsigned message.
std::vector<ResInfo> dkim_resinfo(const std::vector<dkim::SignatureCheck>& checks);
// dmarc=RESULT (p=POLICY dis=DISPOSITION) header.from=DOMAIN.
ResInfo dmarc_resinfo(const Evaluation& e);

// The field value (no "Authentication-Results:" in front), one resinfo per continuation line;
// "; none" when there are none (§2.2). Values that are not tokens are quoted.
std::string authentication_results(std::string_view authserv_id, const std::vector<ResInfo>& results);

}  // namespace mailsim::dmarc
