#include "sim/proto/dmarc/evaluate.hpp"

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/common/words.hpp"
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

Parsed<std::string> author_domain(std::string_view raw, std::string* error_ja) {
  auto fail = [error_ja](proto::Words why) {
    if (error_ja) *error_ja = std::move(why.ja);
    return Parsed<std::string>::fail(std::move(why.en));
  };
  const auto fields = message::Message::parse(raw).get_all("From");
  if (fields.empty()) return fail({"the message has no From field", "メールに From フィールドがありません"});
  const std::string n = std::to_string(fields.size());
  if (fields.size() > 1) return fail({"the message has " + n + " From fields", "メールに From フィールドが " + n + " 個あります"});
  const auto boxes = message::parse_address_list(fields.front());
  const std::string m = std::to_string(boxes.size());
  if (boxes.size() != 1)
    return fail({"From holds " + m + " addresses, not one", "From のアドレスが1個ではなく " + m + " 個です"});
  if (boxes.front().domain.empty()) return fail({"From has no domain", "From のアドレスにドメインがありません"});
  return Parsed<std::string>::ok(proto::to_lower(boxes.front().domain));
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
      e.reason_ja = discovery.notes().empty() ? "ポリシーの検索が終わりませんでした" : discovery.notes_ja().back();
      return e;
    case DiscoveryStatus::None:
      e.result = Result::None;
      e.reason = discovery.notes().empty() ? "no DMARC record" : discovery.notes().back();
      e.reason_ja = discovery.notes().empty() ? "DMARC レコードがありません" : discovery.notes_ja().back();
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
    const std::string who = (c.method == "dkim" ? "DKIM d=" : "SPF ") + c.domain;
    e.reason = who + " passed and is aligned with From " + e.from_domain;
    e.reason_ja = who + " が pass で、From の " + e.from_domain + " と一致(アライメント)しています";
    e.disposition = Policy::None;
    return e;
  }
  e.result = Result::Fail;
  e.reason = e.comparisons.empty() ? "no SPF or DKIM result to align with From " + e.from_domain
                                   : "no passing identifier is aligned with From " + e.from_domain;
  e.reason_ja = e.comparisons.empty() ? "From の " + e.from_domain + " と照らし合わせる SPF や DKIM の結果がありません"
                                      : "pass した SPF・DKIM のどれも From の " + e.from_domain + " と一致(アライメント)していません";
  e.disposition = e.policy;
  if (e.policy != Policy::None && draw % 100 >= r.pct) {
    e.sampled_out = true;
    e.disposition = milder(e.policy);
  }
  return e;
}

}  // namespace mailsim::dmarc
