#include "sim/nodes/dkim_sign.hpp"

#include <stdexcept>

#include "sim/proto/dmarc/evaluate.hpp"

namespace mailsim::nodes {

DkimSigner::DkimSigner(const scenario::Host& host) : host_(host.name) {
  for (const scenario::DkimSigning& d : host.sender_auth.dkim_signing) {
    auto key = dkim::PrivateKey::from_pem(d.private_key);
    // The loader checked the key and the canonicalization: failing here is a defect, not input.
    if (!key) throw std::logic_error("dkim_signing key of " + d.domain + ": " + key.error);
    dkim::SignerConfig c;
    c.domain = d.domain;
    c.selector = d.selector;
    c.canon = dkim::parse_canonicalization(d.canonicalization).value_or(c.canon);
    if (!d.headers.empty()) c.headers = d.headers;
    domains_.push_back({std::move(c), *key});
  }
}

std::string DkimSigner::sign(Context& ctx, const std::string& message) const {
  if (domains_.empty()) return message;
  // The domain is the one DMARC will compare d= with: the From address's (RFC 7489 §3.1.1).
  const auto from = dmarc::author_domain(message);
  if (!from) return message;
  for (const Domain& d : domains_) {
    if (d.config.domain != *from) continue;
    dkim::SignerConfig c = d.config;
    c.timestamp = ctx.epoch + ctx.now() / kSecond;
    const auto field = dkim::sign(c, d.key, message);
    if (!field) {
      ctx.note(host_, "DKIM: not signed: " + field.error);
      return message;
    }
    return *field + message;
  }
  return message;
}

}  // namespace mailsim::nodes
