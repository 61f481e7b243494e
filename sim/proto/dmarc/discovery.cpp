// §6.6.3 step by step:
//   _dmarc.<From domain> ──one DMARC record──▶ Found (p=)
//     │ none (NXDOMAIN, no TXT, no v=DMARC1 record) and the organizational domain differs
//     ▼
//   _dmarc.<organizational domain> ──one DMARC record──▶ Found (sp=, or p=)
//   several DMARC records at either, an unusable one, or none left ─▶ None
//   a timeout or an rcode other than NOERROR/NXDOMAIN ─▶ TempError
#include "sim/proto/dmarc/discovery.hpp"

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::dmarc {

PolicyDiscovery::PolicyDiscovery(std::string from_domain, const PublicSuffixList& suffixes, std::uint16_t first_id)
    : from_domain_(proto::to_lower(from_domain)), org_domain_(suffixes.organizational_domain(from_domain_)),
      next_id_(first_id) {
  if (from_domain_.empty()) {
    note({"no From domain", "From のドメインがありません"});
    finish(DiscoveryStatus::None);
    return;
  }
  ask(from_domain_);
}

void PolicyDiscovery::note(proto::Words what) {
  notes_.push_back(std::move(what.en));
  notes_ja_.push_back(std::move(what.ja));
}

void PolicyDiscovery::ask(const std::string& domain) {
  dns::Message q;
  q.id = next_id_++;
  q.recursion_desired = true;
  q.questions.push_back(dns::Question{"_dmarc." + domain, dns::Type::TXT});
  to_send_ = std::move(q);
}

std::optional<dns::Message> PolicyDiscovery::next_query() {
  if (status_ != DiscoveryStatus::InProgress || outstanding_ || !to_send_) return std::nullopt;
  outstanding_ = std::move(to_send_);
  to_send_.reset();
  return outstanding_;
}

void PolicyDiscovery::on_timeout() {
  if (status_ != DiscoveryStatus::InProgress || !outstanding_) return;
  const std::string name = outstanding_->questions.front().name;
  note({name + ": no answer", name + ":応答なし"});
  outstanding_.reset();
  finish(DiscoveryStatus::TempError);
}

void PolicyDiscovery::on_response(const dns::Message& response) {
  if (status_ != DiscoveryStatus::InProgress || !outstanding_ || !response.response ||
      response.id != outstanding_->id) {
    return;
  }
  const std::string name = outstanding_->questions.front().name;
  outstanding_.reset();
  if (response.rcode != dns::Rcode::NoError && response.rcode != dns::Rcode::NXDomain) {
    const std::string rcode = dns::to_string(response.rcode);
    note({name + ": " + rcode, name + ":" + rcode});
    return finish(DiscoveryStatus::TempError);
  }
  // Step 2: only records that start with v=DMARC1 count; others (SPF, verification tokens) are
  // discarded.
  std::vector<std::string> records;
  for (const dns::Record& r : response.answers) {
    if (r.type == dns::Type::TXT && is_dmarc_record(r.data)) records.push_back(r.data);
  }
  if (records.size() > 1) {
    const std::string n = std::to_string(records.size());
    note({name + ": " + n + " DMARC records, so none applies", name + ":DMARC レコードが " + n + " 個あるので、どれも使いません"});
    return finish(DiscoveryStatus::None);
  }
  if (records.empty()) {
    if (response.rcode == dns::Rcode::NXDomain) note({name + ": NXDOMAIN", name + ":NXDOMAIN(名前がありません)"});
    else note({name + ": no DMARC record", name + ":DMARC レコードがありません"});
    if (!asked_org_ && org_domain_ != from_domain_) {
      asked_org_ = true;
      return ask(org_domain_);
    }
    return finish(DiscoveryStatus::None);
  }
  auto parsed = parse_record(records.front());
  if (!parsed) {
    note({name + ": " + parsed.error, name + ":DMARC レコードが正しくありません:" + parsed.error});
    return finish(DiscoveryStatus::None);
  }
  note({name + ": " + records.front(), name + ":" + records.front()});
  record_ = *parsed;
  record_text_ = records.front();
  record_name_ = name;
  subdomain_ = asked_org_;
  finish(DiscoveryStatus::Found);
}

}  // namespace mailsim::dmarc
