#include "viz/model/checks_view.hpp"

#include <algorithm>

#include "sim/proto/dkim/tag_list.hpp"

namespace mailsim::viz {

namespace td = trace::data;

namespace {

// A sentence of the check in the display's language: the Japanese the check said alongside, where
// it said one.
const std::string& in(Lang lang, const std::string& en, const std::string& ja) {
  return lang == Lang::Ja && !ja.empty() ? ja : en;
}

// The verdicts and decisions are a fixed vocabulary (sim/trace/auth_facts.hpp); the app says them
// in its own words.
std::string verdict(const std::string& v, Lang lang) {
  if (v == "match") return tr(Str::ChkVerdictMatch, lang);
  if (v == "mismatch") return tr(Str::ChkVerdictMismatch, lang);
  if (v == "verified") return tr(Str::ChkVerdictVerified, lang);
  if (v == "not checked") return tr(Str::ChkVerdictNotChecked, lang);
  return v;
}

std::string decision(const std::string& d, Lang lang) {
  if (d == "none") return tr(Str::ChkDispositionNone, lang);
  if (d == "quarantine") return tr(Str::ChkDispositionQuarantine, lang);
  if (d == "reject") return tr(Str::ChkDispositionReject, lang);
  return d;
}

const trace::Event* by_seq(const std::vector<trace::Event>& events, std::uint64_t seq) {
  if (seq == trace::kNoSeq) return nullptr;
  auto it = std::lower_bound(events.begin(), events.end(), seq,
                             [](const trace::Event& e, std::uint64_t s) { return e.seq < s; });
  return it != events.end() && it->seq == seq ? &*it : nullptr;
}

std::vector<CheckLink> links_of(const std::vector<trace::Event>& events, const td::AuthFacts& f) {
  std::vector<CheckLink> out;
  for (const td::AuthLookup& l : f.lookups) {
    CheckLink k;
    k.question = l.type + " " + l.name;
    k.answer = l.answer;
    if (const auto* q = by_seq(events, l.query_seq)) {
      k.query_seq = q->seq;
      k.query_at = q->time;
    }
    if (const auto* a = by_seq(events, l.answer_seq)) {
      k.answered = true;
      k.answer_seq = a->seq;
      k.answer_at = a->time;
    }
    out.push_back(std::move(k));
  }
  return out;
}

CheckRow fact(Str label, std::string value, std::size_t link = kNoLink) {
  CheckRow r;
  r.label = label;
  r.value = std::move(value);
  r.link = link;
  return r;
}

CheckRow link_row(std::size_t link, std::size_t depth) {
  CheckRow r;
  r.kind = CheckRow::Kind::Link;
  r.link = link;
  r.depth = depth;
  return r;
}

// check_host() reports an include after the terms of the record it led to; the panel lists it
// before them, as the record reads.
std::vector<td::SpfTerm> in_reading_order(const std::vector<td::SpfTerm>& terms) {
  std::vector<td::SpfTerm> out;
  for (const td::SpfTerm& t : terms) {
    auto at = out.end();
    while (at != out.begin() && (at - 1)->depth > t.depth) --at;
    out.insert(at, t);
  }
  return out;
}

void spf_rows(CheckSection& s, const td::SpfFacts& f, Lang lang) {
  s.rows.push_back(fact(Str::ChkIdentity, (f.identity == "helo" ? "HELO " + f.helo : "MAIL FROM <" + f.sender + ">")));
  s.rows.push_back(fact(Str::ChkClient, f.client_ip));
  for (const td::SpfRecordRead& r : f.records) {
    CheckRow row = fact(Str::ChkRecord, r.domain + ": " + (r.text.empty() ? in(lang, r.detail, r.detail_ja) : r.text), r.lookup);
    row.depth = r.depth;
    s.rows.push_back(std::move(row));
  }
  for (const td::SpfTerm& t : in_reading_order(f.terms)) {
    CheckRow row;
    row.kind = CheckRow::Kind::Term;
    row.key = t.qualifier;
    row.value = t.term;
    row.detail = in(lang, t.detail, t.detail_ja);
    row.depth = t.depth;
    row.ok = t.matched ? 1 : 0;
    if (!t.lookups.empty()) row.link = t.lookups.front();
    s.rows.push_back(std::move(row));
    for (std::size_t i = 1; i < t.lookups.size(); ++i) s.rows.push_back(link_row(t.lookups[i], t.depth + 1));
  }
  // The counts go into the app's own words (Str::ChkLookupsValue): value, then detail.
  CheckRow counts = fact(Str::ChkLookups, std::to_string(f.dns_terms));
  counts.detail = std::to_string(f.void_lookups);
  s.rows.push_back(std::move(counts));
}

void dkim_rows(CheckSection& s, const td::DkimFacts& f, Lang lang) {
  for (const td::DkimTag& t : f.tags) {
    CheckRow row;
    row.kind = CheckRow::Kind::Tag;
    row.key = t.name;
    // Folding white space is how the field was written, not part of the value (§3.2).
    row.value = t.name == "h" || t.name == "b" || t.name == "bh" ? dkim::strip_fws(t.value) : t.value;
    row.note = dkim_tag_note(t.name);
    s.rows.push_back(std::move(row));
  }
  if (!f.key_name.empty())
    s.rows.push_back(fact(Str::ChkKeyRecord, f.key_name + ": " + (f.key_text.empty() ? "-" : f.key_text), f.lookup));
  s.rows.push_back(fact(Str::ChkBodyHashStated, f.body_hash_tag));
  CheckRow computed = fact(Str::ChkBodyHashComputed, f.body_hash);
  if (f.body_hash_verdict != "not checked") computed.ok = f.body_hash_verdict == "match" ? 1 : 0;
  s.rows.push_back(std::move(computed));
  CheckRow header = fact(Str::ChkHeaderHash, verdict(f.header_hash_verdict, lang));
  if (f.header_hash_verdict != "not checked") header.ok = f.header_hash_verdict == "verified" ? 1 : 0;
  s.rows.push_back(std::move(header));
}

void dmarc_rows(CheckSection& s, const td::DmarcFacts& f, Lang lang) {
  s.rows.push_back(fact(Str::ChkFromDomain, f.from_domain));
  if (!f.org_domain.empty() && f.org_domain != f.from_domain) s.rows.push_back(fact(Str::ChkOrgDomain, f.org_domain));
  const std::size_t first = f.lookups.empty() ? kNoLink : f.lookups.back();
  if (!f.record_name.empty()) {
    s.rows.push_back(fact(Str::ChkPolicyRecord, f.record_name + ": " + f.record_text, first));
  } else {
    std::string found;
    const auto& notes = lang == Lang::Ja && f.discovery_ja.size() == f.discovery.size() ? f.discovery_ja : f.discovery;
    for (const std::string& d : notes) found += (found.empty() ? "" : "; ") + d;
    s.rows.push_back(fact(Str::ChkPolicyRecord, found.empty() ? "-" : found, first));
  }
  for (std::size_t i = 0; i + 1 < f.lookups.size(); ++i) s.rows.push_back(link_row(f.lookups[i], 1));
  if (!f.policy.empty()) {
    std::string p = f.policy_tag + "=" + f.policy + "  (pct=" + std::to_string(f.pct) + ")";
    s.rows.push_back(fact(Str::ChkPolicy, p));
  }
  for (const td::DmarcAlignment& a : f.alignment) {
    CheckRow row;
    row.kind = CheckRow::Kind::Align;
    row.key = a.method;
    row.value = a.domain;
    row.detail = a.mode;
    row.passed = a.passed ? 1 : 0;
    row.ok = a.aligned ? 1 : 0;
    s.rows.push_back(std::move(row));
  }
  if (f.sampled_out) s.rows.push_back(fact(Str::ChkSampledOut, ""));
  s.rows.push_back(fact(Str::ChkDecision, decision(f.disposition, lang)));
}

CheckSection section_of(const TraceModel& m, std::uint32_t i, Lang lang) {
  const trace::Event& e = m.events()[i];
  const auto& a = e.as<td::Auth>();
  CheckSection s;
  s.event = i;
  s.method = a.method;
  s.host = e.host;
  s.result = a.result;
  s.reason = a.reason;
  s.action = a.action;
  s.at = e.time;
  if (!a.facts) return s;
  s.reason = in(lang, a.reason, a.facts->reason_ja);
  s.reply_code = a.facts->reply_code;
  s.reply = a.facts->reply;
  s.links = links_of(m.events(), *a.facts);
  if (a.facts->spf) spf_rows(s, *a.facts->spf, lang);
  if (a.facts->dkim) dkim_rows(s, *a.facts->dkim, lang);
  if (a.facts->dmarc) dmarc_rows(s, *a.facts->dmarc, lang);
  return s;
}

}  // namespace

ChecksView checks_view(const TraceModel& m, Time t, const std::string& message_id, Lang lang) {
  const auto& events = m.events();
  ChecksView v;
  // The newest check by now, unless the one asked for has been checked by now.
  std::optional<std::uint32_t> newest;
  bool asked_found = false;
  for (std::uint32_t i = 0; i < events.size() && events[i].time <= t; ++i) {
    if (events[i].kind != trace::Kind::Auth) continue;
    newest = i;
    if (!message_id.empty() && events[i].message_id == message_id) asked_found = true;
  }
  if (!newest) return v;
  const trace::Event& last = events[*newest];
  v.message_id = asked_found ? message_id : last.message_id;
  for (std::uint32_t i = 0; i < events.size() && events[i].time <= t; ++i) {
    const trace::Event& e = events[i];
    if (e.kind != trace::Kind::Auth) continue;
    const bool same = v.message_id.empty() ? e.conn == last.conn && e.host == last.host && e.message_id.empty() &&
                                                 i <= *newest
                                           : e.message_id == v.message_id;
    if (same) v.sections.push_back(section_of(m, i, lang));
  }
  // A transaction refused at MAIL FROM: only its own last check.
  if (v.message_id.empty() && v.sections.size() > 1) v.sections.erase(v.sections.begin(), v.sections.end() - 1);
  return v;
}

Str dkim_tag_note(const std::string& name) {
  if (name == "v") return Str::ChkTagV;
  if (name == "a") return Str::ChkTagA;
  if (name == "c") return Str::ChkTagC;
  if (name == "d") return Str::ChkTagD;
  if (name == "s") return Str::ChkTagS;
  if (name == "h") return Str::ChkTagH;
  if (name == "bh") return Str::ChkTagBh;
  if (name == "b") return Str::ChkTagB;
  if (name == "l") return Str::ChkTagL;
  if (name == "x") return Str::ChkTagX;
  if (name == "t") return Str::ChkTagT;
  if (name == "i") return Str::ChkTagI;
  if (name == "q") return Str::ChkTagQ;
  if (name == "z") return Str::ChkTagZ;
  return Str::Count;
}

}  // namespace mailsim::viz
