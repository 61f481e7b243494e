#include "viz/model/waiting.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include "viz/model/format.hpp"
#include "viz/model/strings.hpp"

namespace mailsim::viz {

using trace::Kind;

Waiting::Waiting(const TraceModel& m) : m_(&m) {
  const auto& ev = m.events();
  // SYNs not yet answered, by the client's host and port: what TCP matches an answer with.
  std::map<std::pair<std::string, std::uint16_t>, std::size_t> open;
  std::map<std::string, std::map<std::string, Time>> deferred;  // host -> queue id -> next attempt
  std::map<std::uint64_t, std::size_t> silent;  // accepted connections the server has not spoken on
  // The server's first bytes (a line or a TLS record from it) or the connection's end.
  auto spoke = [&](const trace::Event& e, bool ends) {
    const auto it = silent.find(e.conn);
    if (it == silent.end()) return;
    Attempt& a = attempts_[it->second];
    if (!ends && e.host != a.server) return;  // the client's own bytes: it may speak first (a ClientHello)
    a.silence_ended = !ends && e.arrive > e.time ? e.arrive : e.time;  // the client waits until they arrive
    a.silent_to_end = false;
    silent.erase(it);
  };
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
        a.reply_timeout = c.reply_timeout;
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
        if (Attempt* a = finish(e.peer, e.client_port, i, AttemptEnd::Accepted)) {
          a->conn = e.conn;
          a->opened = e.arrive > e.time ? e.arrive : e.time;  // the client's wait starts with its SYN-ACK
          a->silent_to_end = true;
          silent[e.conn] = static_cast<std::size_t>(a - attempts_.data());
          by_conn_[e.conn] = silent[e.conn];
        }
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
      case Kind::Segment:
      case Kind::TlsRecord:
        if (e.conn) spoke(e, false);
        break;
      case Kind::Close:
      case Kind::Reset:
        if (e.conn) spoke(e, true);
        break;
      case Kind::HostState:
      case Kind::LinkState:
      case Kind::ServiceState:
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
    if (a.end == AttemptEnd::Accepted ? a.silent_at(t) : a.stopped <= t && (t < a.ended || open_at_end)) out.push_back(&a);
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
    if (a.end == AttemptEnd::Accepted) {
      if (a.silent_at(t) && t - since >= kSecond) best = &a;
      continue;
    }
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

std::string wait_label(const Wait& w, Time now, Lang lang, bool brief) {
  const std::string waited = format_span(now - w.since, lang);
  if (brief && w.limit <= 0) return waited;
  const Str with_limit = brief ? Str::WaitArcShort : w.greeting ? Str::WaitGreeting : Str::WaitArc;
  char buf[200];
  if (w.limit > 0)
    std::snprintf(buf, sizeof buf, tr(with_limit, lang), waited.c_str(), format_span(w.limit, lang).c_str());
  else
    std::snprintf(buf, sizeof buf, tr(w.greeting ? Str::WaitGreetingNoLimit : Str::WaitArcNoLimit, lang), waited.c_str());
  return buf;
}

const Attempt* Waiting::by_conn(std::uint64_t conn) const {
  const auto it = by_conn_.find(conn);
  return it != by_conn_.end() ? &attempts_[it->second] : nullptr;
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
