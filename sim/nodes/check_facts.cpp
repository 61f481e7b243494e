#include "sim/nodes/check_facts.hpp"

#include <algorithm>
#include <map>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/dkim/tag_list.hpp"

namespace mailsim::nodes {

using trace::kNoLookup;
using trace::kNoSeq;
namespace td = trace::data;

namespace {

std::string without_dot(std::string s) {
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

DnsExchange DnsLog::wrap(DnsExchange x) {
  auto self = shared_from_this();
  DnsExchange out;
  out.next_query = [self, f = std::move(x.next_query)] {
    auto q = f();
    if (q) self->sent(*q);
    return q;
  };
  out.on_response = [self, f = std::move(x.on_response)](const dns::Message& m) {
    self->answered(m);
    f(m);
  };
  out.on_timeout = [self, f = std::move(x.on_timeout)] {
    self->timed_out();
    f();
  };
  out.done = std::move(x.done);
  out.finished = std::move(x.finished);
  return out;
}

void DnsLog::sent(const dns::Message& query) {
  td::AuthLookup l;
  if (!query.questions.empty()) {
    l.type = dns::to_string(query.questions.front().type);
    l.name = without_dot(query.questions.front().name);
  }
  l.answer = "no answer";
  outstanding_ = lookups_.size();
  lookups_.push_back(std::move(l));
  ids_.push_back(query.id);
  from_seqs_.push_back(trace_.next_seq());
}

void DnsLog::answered(const dns::Message& response) {
  if (outstanding_ == kNoLookup || ids_[outstanding_] != response.id) return;
  td::AuthLookup& l = lookups_[outstanding_];
  l.query_seq = find_datagram(from_seqs_[outstanding_], response.id, false);
  l.answer_seq = find_datagram(from_seqs_[outstanding_], response.id, true);
  l.answer = response.summary();
  outstanding_ = kNoLookup;
}

void DnsLog::timed_out() {
  if (outstanding_ == kNoLookup) return;
  lookups_[outstanding_].query_seq = find_datagram(from_seqs_[outstanding_], ids_[outstanding_], false);
  outstanding_ = kNoLookup;
}

// Reads only the datagrams to or from this host since the query was handed out: a few packets.
std::uint64_t DnsLog::find_datagram(std::uint64_t from_seq, std::uint16_t id, bool response) const {
  const auto& events = trace_.events();
  auto it = std::lower_bound(events.begin(), events.end(), from_seq,
                             [](const trace::Event& e, std::uint64_t s) { return e.seq < s; });
  for (; it != events.end(); ++it) {
    if (it->kind != trace::Kind::Datagram) continue;
    if (response ? it->peer != host_ || it->dir != trace::Direction::ServerToClient
                 : it->host != host_ || it->dir != trace::Direction::ClientToServer)
      continue;
    const auto m = dns::Message::decode(it->as<td::Datagram>().wire);
    if (m && m->id == id && m->response == response) return it->seq;
  }
  return kNoSeq;
}

std::size_t DnsLog::by_id(std::uint16_t id) const {
  for (std::size_t i = ids_.size(); i-- > 0;)
    if (ids_[i] == id) return i;
  return kNoLookup;
}

std::vector<std::size_t> DnsLog::by_name(const std::string& name) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < lookups_.size(); ++i)
    if (proto::iequals(lookups_[i].name, without_dot(name))) out.push_back(i);
  return out;
}

// ---- SPF ----

td::SpfFacts spf_facts(const spf::Evaluator& e, const DnsLog& log) {
  td::SpfFacts f;
  const spf::Request& r = e.request();
  f.identity = r.identity == spf::Identity::Helo ? "helo" : "mailfrom";
  f.client_ip = dns::to_string(r.ip);
  f.sender = r.sender;
  f.helo = r.helo;
  f.dns_terms = e.dns_terms();
  f.void_lookups = e.void_lookups();
  f.mechanism = e.mechanism();
  if (e.result() == spf::Result::Fail) f.explanation = e.explanation();
  // The questions asked in a frame since its last record or term belong to the next record or term
  // of that frame: a term's own queries come before its Term step, an include's child record
  // (one level deeper) in between.
  std::map<std::size_t, std::vector<std::size_t>> pending;
  for (const spf::Step& s : e.steps()) {
    switch (s.kind) {
      case spf::Step::Kind::Query: {
        const std::size_t i = log.by_id(s.id);
        if (i != kNoLookup) pending[s.depth].push_back(i);
        break;
      }
      case spf::Step::Kind::Answer: break;
      case spf::Step::Kind::Record: {
        td::SpfRecordRead rec;
        rec.depth = s.depth;
        rec.domain = s.domain;
        rec.text = s.text;
        if (s.text.empty()) {
          rec.detail = s.detail;
          rec.detail_ja = s.detail_ja;
        }
        auto& p = pending[s.depth];
        if (!p.empty()) rec.lookup = p.back();
        p.clear();
        f.records.push_back(std::move(rec));
        break;
      }
      case spf::Step::Kind::Term: {
        td::SpfTerm t;
        t.depth = s.depth;
        t.domain = s.domain;
        t.term = s.text;
        if (s.text.rfind("redirect=", 0) != 0)
          t.qualifier = !s.text.empty() && std::string_view("+-~?").find(s.text[0]) != std::string_view::npos
                            ? std::string(1, s.text[0])
                            : "+";
        t.target = s.target;
        t.matched = s.matched;
        t.detail = s.detail;
        t.detail_ja = s.detail_ja;
        t.lookups = std::move(pending[s.depth]);
        pending[s.depth].clear();
        f.terms.push_back(std::move(t));
        break;
      }
      case spf::Step::Kind::Result:
      case spf::Step::Kind::Explanation: break;
    }
  }
  return f;
}

// ---- DKIM ----

namespace {

const char* check_name(dkim::StepKind k) {
  switch (k) {
    case dkim::StepKind::SignatureTags: return "signature_tags";
    case dkim::StepKind::Expiry: return "expiry";
    case dkim::StepKind::KeyQuery: return "key_query";
    case dkim::StepKind::KeyRecord: return "key_record";
    case dkim::StepKind::BodyHash: return "body_hash";
    case dkim::StepKind::HeaderHash: return "header_hash";
  }
  return "";
}

}  // namespace

td::DkimFacts dkim_facts(const dkim::SignatureCheck& c, const DnsLog& log) {
  td::DkimFacts f;
  // Tags as written, also when the signature did not parse as a whole (then its tags say why).
  const dkim::TagList* tags = c.signature ? &c.signature->tags : nullptr;
  dkim::TagList parsed;
  if (!tags) {
    const std::size_t colon = c.field.find(':');
    if (colon != std::string::npos) {
      auto p = dkim::parse_tag_list(std::string_view(c.field).substr(colon + 1));
      if (p) {
        parsed = *p;
        tags = &parsed;
      }
    }
  }
  if (tags)
    for (const dkim::Tag& t : tags->tags) f.tags.push_back({t.name, t.value});
  if (tags)
    if (const dkim::Tag* bh = tags->find("bh")) f.body_hash_tag = dkim::strip_fws(bh->value);
  f.key_name = c.key_name;
  f.key_text = c.key_text;
  f.body_hash = c.body_hash;
  f.body_hash_verdict = "not checked";
  f.header_hash_verdict = "not checked";
  for (const dkim::Step& s : c.steps) {
    f.steps.push_back({check_name(s.kind), s.ok, s.detail});
    if (s.kind == dkim::StepKind::BodyHash) f.body_hash_verdict = s.ok ? "match" : "mismatch";
    if (s.kind == dkim::StepKind::HeaderHash) f.header_hash_verdict = s.ok ? "verified" : "mismatch";
  }
  if (!c.key_name.empty()) {
    const auto ids = log.by_name(c.key_name);
    if (!ids.empty()) f.lookup = ids.front();
  }
  return f;
}

// ---- DMARC ----

td::DmarcFacts dmarc_facts(const dmarc::PolicyDiscovery& d, const dmarc::Evaluation& e, const DnsLog& log) {
  td::DmarcFacts f;
  f.from_domain = d.from_domain();
  f.org_domain = d.organizational_domain();
  if (d.record()) {
    f.record_name = d.record_name();
    f.record_text = d.record_text();
  }
  f.discovery = d.notes();
  f.discovery_ja = d.notes_ja();
  if (e.record) {
    f.p = std::string(dmarc::to_string(e.record->policy));
    if (e.record->subdomain_policy) f.sp = std::string(dmarc::to_string(*e.record->subdomain_policy));
    f.pct = e.record->pct;
    f.policy_tag = e.subdomain && e.record->subdomain_policy ? "sp" : "p";
    f.policy = std::string(dmarc::to_string(e.policy));
  }
  f.sampled_out = e.sampled_out;
  for (const dmarc::AlignmentCheck& a : e.comparisons)
    f.alignment.push_back({a.method, a.domain, a.passed, a.mode == dmarc::Alignment::Strict ? "strict" : "relaxed",
                           a.aligned});
  f.disposition = std::string(dmarc::to_string(e.disposition));
  for (std::size_t i = 0; i < log.lookups().size(); ++i) f.lookups.push_back(i);
  return f;
}

}  // namespace mailsim::nodes
