#pragma once
// DKIM signing (RFC 6376 §5, RFC 8463) on a submission server or an outbound MTA: mail whose From:
// domain is one of the host's dkim_signing domains gets a DKIM-Signature field on top, made with
// that domain's key (given as PEM, or made from the scenario seed by the loader) and published at
// <selector>._domainkey.<domain> in the lesson's DNS.
#include <string>
#include <vector>

#include "sim/nodes/context.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/sign.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class DkimSigner {
 public:
  explicit DkimSigner(const scenario::Host& host);

  // `message` with a DKIM-Signature field on top when this host signs for its From domain (t= is
  // the virtual time); unchanged otherwise, or with a Note when it cannot be signed.
  std::string sign(Context& ctx, const std::string& message) const;

 private:
  struct Domain {
    dkim::SignerConfig config;
    dkim::PrivateKey key;
  };
  std::string host_;
  std::vector<Domain> domains_;
};

}  // namespace mailsim::nodes
