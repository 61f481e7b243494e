#pragma once
// The typed facts of a sender check (trace::data::AuthFacts) for its auth event: which DNS
// questions it asked and which datagrams carried them (DnsLog, wrapped around the exchange
// run_dns drives), and, from the evaluators' own steps, what SPF, DKIM and DMARC tried.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/nodes/mx_lookup.hpp"
#include "sim/proto/dkim/verify.hpp"
#include "sim/proto/dmarc/discovery.hpp"
#include "sim/proto/dmarc/evaluate.hpp"
#include "sim/proto/spf/check_host.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::nodes {

// The DNS questions one check asked from `host`, with the seq numbers of their query and answer
// datagrams, found in the trace by the host, direction and DNS id. Only reads the trace.
class DnsLog : public std::enable_shared_from_this<DnsLog> {
 public:
  DnsLog(const trace::Trace& trace, std::string host) : trace_(trace), host_(std::move(host)) {}

  // The same exchange, logging each query it hands out and the answer or timeout it gets.
  DnsExchange wrap(DnsExchange x);

  const std::vector<trace::data::AuthLookup>& lookups() const { return lookups_; }
  // The index of the question with DNS id `id` (the latest one), or trace::kNoLookup.
  std::size_t by_id(std::uint16_t id) const;
  // The indexes of the questions for `name` (any case, trailing dot ignored).
  std::vector<std::size_t> by_name(const std::string& name) const;

 private:
  void sent(const dns::Message& query);
  void answered(const dns::Message& response);
  void timed_out();
  std::uint64_t find_datagram(std::uint64_t from_seq, std::uint16_t id, bool response) const;

  const trace::Trace& trace_;
  std::string host_;
  std::vector<trace::data::AuthLookup> lookups_;
  std::vector<std::uint16_t> ids_;         // per lookup
  std::vector<std::uint64_t> from_seqs_;   // per lookup: the trace's next seq when it was handed out
  std::size_t outstanding_ = trace::kNoLookup;
};

trace::data::SpfFacts spf_facts(const spf::Evaluator& e, const DnsLog& log);
trace::data::DkimFacts dkim_facts(const dkim::SignatureCheck& c, const DnsLog& log);
trace::data::DmarcFacts dmarc_facts(const dmarc::PolicyDiscovery& d, const dmarc::Evaluation& e, const DnsLog& log);

}  // namespace mailsim::nodes
