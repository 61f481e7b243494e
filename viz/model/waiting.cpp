#include "viz/model/waiting.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace mailsim::viz {

using trace::Kind;

Waiting::Waiting(const TraceModel& m) : m_(&m) {
  const auto& ev = m.events();
  // SYNs not yet answered, by the client's host and port: what TCP matches an answer with.
  std::map<std::pair<std::string, std::uint16_t>, std::size_t> open;
  std::map<std::string, std::map<std::string, Time>> deferred;  // host -> queue id -> next attempt
  auto finish = [&](const std::string& client, std::uint16_t port, std::uint32_t i, AttemptEnd end) -> Attempt* {
    const auto it = open.find({client, port});
    if (it == open.end()) return nullptr;
    Attempt& a = attempts_[it->second];
    open.erase(it);
    a.end = end;
    a.end_event = i;
    a.ended = ev[i].time;
    return &a;
  };
  for (std::uint32_t i = 0; i < ev.size(); ++i) {
    const trace::Event& e = ev[i];
    switch (e.kind) {
      case Kind::Connect: {
        const auto& c = e.as<trace::data::Connect>();
        Attempt a;
        a.connect = i;
        a.client = e.host;
        a.server = e.peer.empty() ? c.address : e.peer;
        a.port = e.port;
        a.protocol = e.protocol;
        a.sent = e.time;
        a.stopped = e.path.size() >= 2 && e.arrive > e.time ? e.arrive : e.time;
        a.timeout = c.timeout;
        if (!c.blocked_by.empty()) {
          a.reason = c.filter_action == "reject" ? StopReason::Rejected : StopReason::Dropped;
          a.stop_host = c.blocked_by;
        } else if (!c.lost_at.empty()) {
          a.reason = c.lost_host_down ? StopReason::HostDown : StopReason::LinkDown;
          a.stop_host = c.lost_at;
        } else if (e.path.empty()) {
          a.reason = StopReason::Nowhere;
        }
        open[{e.host, e.client_port}] = attempts_.size();
        attempts_.push_back(std::move(a));
        break;
      }
      case Kind::Accepted:
        if (Attempt* a = finish(e.peer, e.client_port, i, AttemptEnd::Accepted)) a->conn = e.conn;
        break;
      case Kind::Refused:
        finish(e.peer, e.client_port, i, AttemptEnd::Refused);
        break;
      case Kind::TimedOut:
        if (Attempt* a = finish(e.host, e.client_port, i, AttemptEnd::TimedOut); a && a->reason == StopReason::None) {
          // It arrived, and nobody answered after all (the server went down while it travelled).
          a->reason = StopReason::NoAnswer;
          a->stop_host = a->server;
        }
        break;
      case Kind::Queue: {
        const auto& q = e.as<trace::data::Queue>();
        if (!q.recipient.empty()) break;  // a recipient's result: the message stays where it is
        auto& ids = deferred[e.host];
        if (q.to == trace::QueueName::Deferred) ids[e.queue_id] = q.next_attempt;
        else ids.erase(e.queue_id);
        Time next = -1;
        for (const auto& [id, at] : ids) next = next < 0 ? at : std::min(next, at);
        change_at(retry_[e.host], e.time, next);
        break;
      }
      case Kind::HostState:
      case Kind::LinkState:
      case Kind::ServiceState:
      case Kind::Segment:
      case Kind::Close:
      case Kind::Reset:
      case Kind::Datagram:
      case Kind::DnsTimeout:
      case Kind::Delivery:
      case Kind::Bounce:
      case Kind::Submit:
      case Kind::Fetch:
      case Kind::Failure:
      case Kind::Caption:
      case Kind::Note:
      case Kind::Step:
      case Kind::Auth:
      case Kind::Captured:
      case Kind::TlsRecord:  // records travel on a connection already open: no attempt waits on them
      case Kind::Tls:
      case Kind::Tampered:
        break;
    }
  }
  // Still waiting when the run ends: waiting to the end.
  for (const auto& [key, k] : open) attempts_[k].ended = std::max(m.last_time(), attempts_[k].stopped);
}

std::vector<const Attempt*> Waiting::waiting_at(Time t) const {
  std::vector<const Attempt*> out;
  for (const Attempt& a : attempts_) {
    if (a.sent > t) break;  // in send order
    const bool open_at_end = a.end == AttemptEnd::Open;
    if (a.stopped <= t && (t < a.ended || open_at_end) && a.end != AttemptEnd::Accepted) out.push_back(&a);
  }
  return out;
}

std::vector<const Attempt*> Waiting::marks_at(Time t, Duration linger) const {
  std::vector<const Attempt*> out;
  for (const Attempt& a : attempts_) {
    if (a.sent > t) break;
    if (a.reason == StopReason::None || a.reason == StopReason::Nowhere) continue;
    if (a.stopped <= t && (a.end == AttemptEnd::Open || t < a.ended + linger)) out.push_back(&a);
  }
  return out;
}

const Attempt* Waiting::latest_unanswered(Time t, Time since) const {
  const Attempt* best = nullptr;
  for (const Attempt& a : attempts_) {
    if (a.sent > t) break;
    if (a.end == AttemptEnd::Accepted) continue;
    // Failed after the dialog's last line, or waiting while the dialogs have been quiet for a
    // second (a waiting attempt does not take the panel from a conversation that is going on).
    const bool failed_since = a.end != AttemptEnd::Open && a.ended <= t && a.ended > since;
    const bool waiting = a.stopped <= t && (a.end == AttemptEnd::Open || t < a.ended) && t - since >= kSecond;
    if (failed_since || waiting) best = &a;
  }
  return best;
}

std::vector<const Attempt*> Waiting::listed_until(Time t) const {
  std::vector<const Attempt*> out;
  for (const Attempt& a : attempts_) {
    if (a.sent > t) break;
    if (a.end != AttemptEnd::Accepted) out.push_back(&a);
  }
  return out;
}

const Attempt* Waiting::by_connect(std::uint32_t connect_event) const {
  const auto it = std::lower_bound(attempts_.begin(), attempts_.end(), connect_event,
                                   [](const Attempt& a, std::uint32_t v) { return a.connect < v; });
  return it != attempts_.end() && it->connect == connect_event ? &*it : nullptr;
}

RetryState Waiting::retry_at(const std::string& host, Time t) const {
  RetryState r;
  const auto it = retry_.find(host);
  if (it == retry_.end()) return r;
  const Time next = value_at(it->second, t, Time{-1});
  if (next < 0) return r;
  r.deferred = true;
  r.next = next;
  if (m_)
    if (const auto h = m_->host_index(host)) r.paused = !m_->host_up(*h, t);
  return r;
}

}  // namespace mailsim::viz
