#include "sim/world/trigger.hpp"

namespace mailsim::world {

using Kind = scenario::Trigger::Kind;

namespace {
bool queue_is(trace::QueueName q, const std::string& name) { return trace::to_string(q) == name; }
}  // namespace

TriggerMatcher::TriggerMatcher(std::vector<const scenario::Trigger*> triggers)
    : triggers_(std::move(triggers)), seen_(triggers_.size(), 0) {}

void TriggerMatcher::learn(const trace::Event& e) {
  if (const auto* sub = e.get<trace::data::Submit>()) {
    if (sub->stage != trace::SubmitStage::Submitted || e.queue_id.empty() || e.message.empty()) return;
    const HostQueueId key{e.peer, e.queue_id};
    name_of_queue_id_[key] = e.message;
    if (auto it = message_id_of_queue_id_.find(key); it != message_id_of_queue_id_.end())
      name_of_message_id_[it->second] = e.message;
  } else if (e.kind == trace::Kind::Queue && !e.queue_id.empty() && !e.message_id.empty()) {
    const HostQueueId key{e.host, e.queue_id};
    message_id_of_queue_id_.emplace(key, e.message_id);
    if (auto it = name_of_queue_id_.find(key); it != name_of_queue_id_.end()) name_of_message_id_[e.message_id] = it->second;
  }
}

std::string TriggerMatcher::message_of(const trace::Event& e) const {
  if (!e.message.empty()) return e.message;
  if (e.message_id.empty()) return {};
  const auto it = name_of_message_id_.find(e.message_id);
  return it == name_of_message_id_.end() ? std::string() : it->second;
}

bool TriggerMatcher::matches(const scenario::Trigger& t, const trace::Event& e) const {
  const bool host_ok = t.host.empty() || e.host == t.host;
  const bool message_ok = t.message.empty() || message_of(e) == t.message;
  switch (t.kind) {
    case Kind::Reply: {
      const auto* seg = e.get<trace::data::Segment>();
      // A reply counts once, on its last line (a multi-line 250 to EHLO is one reply).
      if (!seg || seg->what != trace::Payload::Reply || seg->facts.code == 0 || seg->facts.more) return false;
      const bool code_ok = t.code_class != 0 ? seg->facts.code / 100 == t.code_class : seg->facts.code == t.code;
      return code_ok && host_ok;
    }
    case Kind::Queue: {
      const auto* q = e.get<trace::data::Queue>();
      // A recipient's result leaves the message where it is: not a move.
      if (!q || !q->recipient.empty() || !queue_is(q->to, t.queue)) return false;
      if (q->from == q->to && q->to != trace::QueueName::Incoming) return false;
      return host_ok && message_ok;
    }
    case Kind::Delivered: return e.kind == trace::Kind::Delivery && host_ok && message_ok;
    case Kind::Bounced: {
      const auto* b = e.get<trace::data::Bounce>();
      return b && b->action == trace::BounceAction::Failed && host_ok && message_ok;
    }
    case Kind::Failure: {
      const auto* f = e.get<trace::data::Failure>();
      if (!f) return false;
      return t.peer.empty() ? f->index == t.failure : e.host == t.peer || e.peer == t.peer;
    }
    case Kind::Connect: return e.kind == trace::Kind::Connect && host_ok && e.peer == t.peer;
    case Kind::TimedOut: return e.kind == trace::Kind::TimedOut && host_ok && e.peer == t.peer;
    // A refusal is written by the host that refused (the server, or a router's packet filter),
    // to the client.
    case Kind::Refused: return e.kind == trace::Kind::Refused && e.host == t.peer && (t.host.empty() || e.peer == t.host);
    case Kind::Fetched: return e.kind == trace::Kind::Fetch && host_ok && message_ok;
    case Kind::Auth: {
      const auto* a = e.get<trace::data::Auth>();
      return a && a->method == t.auth_method && (t.auth_result.empty() || a->result == t.auth_result) && host_ok &&
             message_ok;
    }
  }
  return false;
}

const std::vector<std::size_t>& TriggerMatcher::see(const trace::Event& e) {
  learn(e);
  fired_.clear();
  for (std::size_t i = 0; i < triggers_.size(); ++i)
    if (seen_[i] < triggers_[i]->nth && matches(*triggers_[i], e) && ++seen_[i] == triggers_[i]->nth) fired_.push_back(i);
  return fired_;
}

std::vector<std::size_t> fire_points(const std::vector<const scenario::Trigger*>& triggers,
                                     const std::vector<trace::Event>& events) {
  std::vector<std::size_t> at(triggers.size(), events.size());
  TriggerMatcher m(triggers);
  for (std::size_t i = 0; i < events.size(); ++i)
    for (const std::size_t t : m.see(events[i])) at[t] = i;
  return at;
}

}  // namespace mailsim::world
