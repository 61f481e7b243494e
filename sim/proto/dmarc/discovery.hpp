#pragma once
// DMARC policy discovery (RFC 7489 §6.6.3), sans-I/O like dns::MxResolver: a TXT query for
// _dmarc.<From domain>, and when that holds no DMARC record, one for _dmarc.<organizational
// domain>. The node sends the queries over the virtual network and reports timeouts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/proto/common/words.hpp"
#include "sim/proto/dmarc/org_domain.hpp"
#include "sim/proto/dmarc/record.hpp"
#include "sim/proto/dns/message.hpp"

namespace mailsim::dmarc {

enum class DiscoveryStatus {
  InProgress,
  Found,      // one valid record: record() and where it was
  None,       // no record, several, or an unusable one: no DMARC processing (dmarc=none)
  TempError,  // a query timed out or failed (dmarc=temperror)
};

class PolicyDiscovery {
 public:
  // `from_domain`: the RFC5322.From domain (author_domain()). `first_id`: the first DNS id.
  PolicyDiscovery(std::string from_domain, const PublicSuffixList& suffixes, std::uint16_t first_id);

  std::optional<dns::Message> next_query();
  void on_response(const dns::Message& response);  // other ids and non-responses are ignored
  void on_timeout();

  DiscoveryStatus status() const { return status_; }
  const std::string& from_domain() const { return from_domain_; }
  const std::string& organizational_domain() const { return org_domain_; }
  // Found: the record, its text, and the name it was found at.
  const std::optional<Record>& record() const { return record_; }
  const std::string& record_text() const { return record_text_; }
  const std::string& record_name() const { return record_name_; }  // "_dmarc.school.example"
  // Found at the organizational domain for a From domain below it: sp= applies.
  bool subdomain() const { return subdomain_; }
  // What each query found, in order, for the checks panel ("_dmarc.news.school.example: NXDOMAIN").
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& notes_ja() const { return notes_ja_; }  // the same in Japanese

 private:
  // implementation detail, free for the implementer to change
  void ask(const std::string& domain);
  void note(proto::Words what);  // a discovery step in both languages
  void finish(DiscoveryStatus s) { status_ = s; }

  std::string from_domain_;
  std::string org_domain_;
  std::uint16_t next_id_;
  DiscoveryStatus status_ = DiscoveryStatus::InProgress;
  bool asked_org_ = false;
  std::optional<dns::Message> to_send_;
  std::optional<dns::Message> outstanding_;
  std::optional<Record> record_;
  std::string record_text_;
  std::string record_name_;
  bool subdomain_ = false;
  std::vector<std::string> notes_;
  std::vector<std::string> notes_ja_;
};

}  // namespace mailsim::dmarc
