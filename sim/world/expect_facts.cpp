#include "sim/world/expect_facts.hpp"

namespace mailsim::world {

using scenario::ExpectKind;

ExpectFacts::ExpectFacts(const scenario::Scenario& s) {
  // An empty entry for every host and pair asked about: `see` fills only those.
  for (const auto& x : s.expect) switch (x.kind) {
      case ExpectKind::ReplySeen: replies_.push_back({x.host, x.code, std::nullopt}); break;
      case ExpectKind::Accepted: accepted_[x.host]; break;
      case ExpectKind::Refused: refusals_[{x.message, x.host}]; break;
      case ExpectKind::Captured: logins_[x.host]; break;
      default: break;
    }
}

ExpectFacts ExpectFacts::of(const scenario::Scenario& s, const trace::Trace& t) {
  ExpectFacts f(s);
  for (const trace::Event& e : t.events()) f.see(e);
  return f;
}

void ExpectFacts::collect(trace::Trace& t) {
  t.set_admit([this](trace::Event& e) {
    see(e);
    return kept_in_trace(e);
  });
}

void ExpectFacts::see(const trace::Event& e) {
  deliveries_ += e.kind == trace::Kind::Delivery;
  switch (e.kind) {
    case trace::Kind::Submit: {
      // A client starts a submission before its server queues anything: by the time a server's
      // queue record comes, it is known as a submission server.
      submission_servers_.insert(e.peer);
      if (!e.queue_id.empty()) submitted_.emplace(e.message, HostKey{e.peer, e.queue_id});
      const auto& sub = e.as<trace::data::Submit>();
      if (sub.stage == trace::SubmitStage::Failed)
        if (auto it = refusals_.find({e.message, e.peer}); it != refusals_.end())
          it->second.push_back({sub.code, {e.time, sub.summary}});
      return;
    }
    case trace::Kind::Queue:
      if (!e.message_id.empty() && submission_servers_.count(e.host))
        queued_message_id_.emplace(HostKey{e.host, e.queue_id}, e.message_id);
      break;
    case trace::Kind::Segment: {
      const auto& seg = e.as<trace::data::Segment>();
      if (seg.what != trace::Payload::Reply) return;
      for (auto& r : replies_)
        if (!r.first && seg.facts.code == r.code && (r.host.empty() || e.host == r.host)) r.first = Quote{e.time, seg.text};
      return;
    }
    case trace::Kind::Captured:
      if (auto it = logins_.find(e.host); it != logins_.end()) {
        const auto& c = e.as<trace::data::Captured>();
        if (c.what == trace::CaptureWhat::Credential || c.what == trace::CaptureWhat::ChallengeResponse)
          it->second.push_back({c.user, c.method, !c.password.empty()});
      }
      return;
    default: break;
  }
  if (trace::takes_in_message(e))
    if (auto it = accepted_.find(e.host); it != accepted_.end()) it->second.insert(e.queue_id);
}

std::string ExpectFacts::message_id(const std::string& message) const {
  const auto s = submitted_.find(message);
  if (s == submitted_.end()) return {};
  const auto q = queued_message_id_.find(s->second);
  return q == queued_message_id_.end() ? std::string() : q->second;
}

const std::optional<ExpectFacts::Quote>& ExpectFacts::first_reply(const std::string& host, int code) const {
  static const std::optional<Quote> kNone;
  for (const auto& r : replies_)
    if (r.host == host && r.code == code) return r.first;
  return kNone;
}

std::size_t ExpectFacts::accepted(const std::string& host) const {
  const auto it = accepted_.find(host);
  return it == accepted_.end() ? 0 : it->second.size();
}

const std::vector<ExpectFacts::Refusal>& ExpectFacts::refusals(const std::string& message, const std::string& host) const {
  static const std::vector<Refusal> kNone;
  const auto it = refusals_.find({message, host});
  return it == refusals_.end() ? kNone : it->second;
}

const std::vector<ExpectFacts::Login>& ExpectFacts::logins(const std::string& host) const {
  static const std::vector<Login> kNone;
  const auto it = logins_.find(host);
  return it == logins_.end() ? kNone : it->second;
}

}  // namespace mailsim::world
