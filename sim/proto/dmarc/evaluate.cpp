#include "sim/proto/dmarc/evaluate.hpp"

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/message/message.hpp"

namespace mailsim::dmarc {

namespace {

Policy milder(Policy p) {
  return p == Policy::Reject ? Policy::Quarantine : Policy::None;
}

AlignmentCheck compare(std::string method, const AuthIdentity& id, Alignment mode, const std::string& from,
                       const PublicSuffixList& suffixes) {
  AlignmentCheck c{std::move(method), proto::to_lower(id.domain), id.pass, mode, false};
  const bool same = mode == Alignment::Strict
                        ? c.domain == from
                        : suffixes.organizational_domain(c.domain) == suffixes.organizational_domain(from);
  c.aligned = id.pass && !c.domain.empty() && same;
  return c;
}

}  // namespace

std::string_view to_string(Result r) {
  switch (r) {
    case Result::None: return "none";
    case Result::Pass: return "pass";
    case Result::Fail: return "fail";
    case Result::TempError: return "temperror";
    case Result::PermError: return "permerror";
  }
  return "none";
}

std::vector<AuthIdentity> dkim_identities(const std::vector<dkim::SignatureCheck>& checks) {
  std::vector<AuthIdentity> out;
  for (const dkim::SignatureCheck& c : checks) {
    if (c.signature) out.push_back(AuthIdentity{c.signature->domain, c.result == dkim::Result::Pass});
  }
  return out;
}

Parsed<std::string> author_domain(std::string_view raw) {
  using R = Parsed<std::string>;
  const auto fields = message::Message::parse(raw).get_all("From");
  if (fields.empty()) return R::fail("the message has no From field");
  if (fields.size() > 1) return R::fail("the message has " + std::to_string(fields.size()) + " From fields");
  const auto boxes = message::parse_address_list(fields.front());
  if (boxes.size() != 1) return R::fail("From holds " + std::to_string(boxes.size()) + " addresses, not one");
  if (boxes.front().domain.empty()) return R::fail("From has no domain");
  return R::ok(proto::to_lower(boxes.front().domain));
}

Evaluation evaluate(const PolicyDiscovery& discovery, const std::optional<AuthIdentity>& spf,
                    const std::vector<AuthIdentity>& dkim, unsigned draw, const PublicSuffixList& suffixes) {
  Evaluation e;
  e.from_domain = discovery.from_domain();
  switch (discovery.status()) {
    case DiscoveryStatus::InProgress:
    case DiscoveryStatus::TempError:
      e.result = Result::TempError;
      e.reason = discovery.notes().empty() ? "policy discovery did not finish" : discovery.notes().back();
      return e;
    case DiscoveryStatus::None:
      e.result = Result::None;
      e.reason = discovery.notes().empty() ? "no DMARC record" : discovery.notes().back();
      return e;
    case DiscoveryStatus::Found: break;
  }
  const Record& r = *discovery.record();
  e.record = r;
  e.subdomain = discovery.subdomain();
  e.policy = r.policy_for(e.subdomain);
  for (const AuthIdentity& d : dkim) e.comparisons.push_back(compare("dkim", d, r.adkim, e.from_domain, suffixes));
  if (spf) e.comparisons.push_back(compare("spf", *spf, r.aspf, e.from_domain, suffixes));
  for (const AlignmentCheck& c : e.comparisons) {
    if (!c.aligned) continue;
    e.result = Result::Pass;
    e.reason = (c.method == "dkim" ? "DKIM d=" : "SPF ") + c.domain + " passed and is aligned with From " + e.from_domain;
    e.disposition = Policy::None;
    return e;
  }
  e.result = Result::Fail;
  e.reason = e.comparisons.empty() ? "no SPF or DKIM result to align with From " + e.from_domain
                                   : "no passing identifier is aligned with From " + e.from_domain;
  e.disposition = e.policy;
  if (e.policy != Policy::None && draw % 100 >= r.pct) {
    e.sampled_out = true;
    e.disposition = milder(e.policy);
  }
  return e;
}

}  // namespace mailsim::dmarc
