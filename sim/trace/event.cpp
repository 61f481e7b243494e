#include "sim/trace/event.hpp"

#include <algorithm>
#include <type_traits>

namespace mailsim::trace {

const char* to_string(Kind k) {
  switch (k) {
    case Kind::HostState: return "host";
    case Kind::LinkState: return "link";
    case Kind::ServiceState: return "service";
    case Kind::Connect: return "connect";
    case Kind::Accepted: return "accepted";
    case Kind::Refused: return "refused";
    case Kind::TimedOut: return "timeout";
    case Kind::Segment: return "segment";
    case Kind::Close: return "close";
    case Kind::Reset: return "reset";
    case Kind::Datagram: return "datagram";
    case Kind::DnsTimeout: return "dns_timeout";
    case Kind::Queue: return "queue";
    case Kind::Delivery: return "delivery";
    case Kind::Bounce: return "bounce";
    case Kind::Submit: return "submit";
    case Kind::Fetch: return "fetch";
    case Kind::Failure: return "failure";
    case Kind::Caption: return "caption";
    case Kind::Note: return "note";
    case Kind::Step: return "step";
    case Kind::Auth: return "auth";
    case Kind::Captured: return "captured";
    case Kind::TlsRecord: return "tls_record";
    case Kind::Tls: return "tls";
    case Kind::Tampered: return "tampered";
  }
  return "?";
}

const char* to_string(QueueName q) {
  switch (q) {
    case QueueName::Incoming: return "incoming";
    case QueueName::Active: return "active";
    case QueueName::Deferred: return "deferred";
    case QueueName::Hold: return "hold";
    case QueueName::Removed: return "removed";
  }
  return "?";
}

const char* to_string(BounceAction a) {
  switch (a) {
    case BounceAction::Failed: return "failed";
    case BounceAction::Delayed: return "delayed";
  }
  return "?";
}

const char* to_string(SubmitStage s) {
  switch (s) {
    case SubmitStage::Started: return "started";
    case SubmitStage::Submitted: return "submitted";
    case SubmitStage::Failed: return "failed";
  }
  return "?";
}

const char* to_string(CaptureWhat w) {
  switch (w) {
    case CaptureWhat::Credential: return "credential";
    case CaptureWhat::ChallengeResponse: return "challenge_response";
    case CaptureWhat::MailText: return "mail_text";
    case CaptureWhat::Unreadable: return "unreadable";
  }
  return "?";
}

// The variant's alternatives are in the order of Kind: the index is the kind.
static_assert(std::variant_size_v<Data> == static_cast<std::size_t>(Kind::Tampered) + 1);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Kind::Tampered), Data>, Boxed<data::Tampered>>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Kind::Captured), Data>, Boxed<data::Captured>>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Kind::Segment), Data>, data::Segment>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Kind::Queue), Data>, Boxed<data::Queue>>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Kind::Note), Data>, data::Note>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(Kind::Tls), Data>, Boxed<data::Tls>>);

Path::Path(const std::vector<Hop>& hops) {
  auto r = std::make_shared<Route>();
  for (const Hop& h : hops) {
    r->hosts.push_back(h.host);
    r->at.push_back(h.at);
  }
  last_ = static_cast<std::uint32_t>(hops.size());
  route_ = std::move(r);
}

void Path::own() {
  if (route_ && route_.use_count() == 1 && start_ == 0 && first_ == 0 && last_ == route_->hosts.size()) return;
  std::vector<Hop> hops;
  for (const HopAt h : *this) hops.push_back({h.host, h.at});
  *this = Path(hops);
}

void Path::push_back(const Hop& h) {
  own();
  // Ours alone now (own()); no route is made const (the network's neither), so it may change.
  auto r = std::const_pointer_cast<Route>(route_);
  if (!r) r = std::make_shared<Route>();
  r->hosts.push_back(h.host);
  r->at.push_back(h.at);
  route_ = std::move(r);
  ++last_;
}

void Path::set_host(std::size_t i, const std::string& host) {
  own();
  std::const_pointer_cast<Route>(route_)->hosts[i] = host;
}

void Path::resize(std::size_t n) { last_ = first_ + static_cast<std::uint32_t>(std::min(n, size())); }

void Path::erase_front(std::size_t n) { first_ += static_cast<std::uint32_t>(std::min(n, size())); }

std::size_t Path::own_heap() const {
  if (!route_ || route_.use_count() > 1) return 0;
  std::size_t n = sizeof(Route) + route_->hosts.capacity() * sizeof(std::string) + route_->at.capacity() * sizeof(Duration);
  for (const std::string& h : route_->hosts) n += h.capacity() > 15 ? h.capacity() + 1 : 0;
  return n;
}

Kind kind_of(const Data& d) { return static_cast<Kind>(d.index()); }

const std::string& shown_text(const Event& e) {
  static const std::string kNone;
  switch (e.kind) {
    case Kind::Segment: return e.as<data::Segment>().text;
    case Kind::Datagram: return e.as<data::Datagram>().summary;
    case Kind::Queue: return e.as<data::Queue>().log;
    case Kind::Submit: return e.as<data::Submit>().summary;
    case Kind::Failure: return e.as<data::Failure>().summary;
    case Kind::Caption: return e.as<data::Caption>().text;
    case Kind::Note: return e.as<data::Note>().text;
    case Kind::Reset: return e.as<data::Reset>().reason;
    case Kind::Auth: return e.as<data::Auth>().text;
    case Kind::Captured: return e.as<data::Captured>().text;
    case Kind::Tls: return e.as<data::Tls>().text;
    case Kind::Tampered: return e.as<data::Tampered>().text;
    case Kind::TlsRecord:  // bytes, not words: a viewer says what it carried from its fields
    case Kind::HostState:
    case Kind::LinkState:
    case Kind::ServiceState:
    case Kind::Connect:
    case Kind::Accepted:
    case Kind::Refused:
    case Kind::TimedOut:
    case Kind::Close:
    case Kind::DnsTimeout:
    case Kind::Delivery:
    case Kind::Bounce:
    case Kind::Fetch:
    case Kind::Step:
      return kNone;
  }
  return kNone;
}

std::string spaced_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

const char* to_string(Payload p) {
  switch (p) {
    case Payload::None: return "";
    case Payload::Command: return "command";
    case Payload::Reply: return "reply";
    case Payload::Content: return "content";
    case Payload::Omitted: return "omitted";
  }
  return "";
}

const char* to_string(LineEnd e) {
  switch (e) {
    case LineEnd::Crlf: return "crlf";
    case LineEnd::Lf: return "lf";
    case LineEnd::None: return "none";
  }
  return "crlf";
}

const char* bytes_of(LineEnd e) {
  switch (e) {
    case LineEnd::Crlf: return "\r\n";
    case LineEnd::Lf: return "\n";
    case LineEnd::None: return "";
  }
  return "\r\n";
}

const Event& Trace::add(Event e) {
  e.seq = next_seq_++;
  e.kind = kind_of(e.data);
  if (watch_) watch_(e);
  if (admit_ && !admit_(e)) {
    refused_ = std::move(e);
    return refused_;
  }
  events_.push_back(std::move(e));
  return events_.back();
}

void Trace::thin(std::uint64_t from_seq, const std::function<bool(Event&)>& keep) {
  auto first = std::lower_bound(events_.begin(), events_.end(), from_seq,
                                [](const Event& e, std::uint64_t s) { return e.seq < s; });
  // By hand rather than remove_if, whose predicate may not change the events.
  auto out = first;
  for (auto it = first; it != events_.end(); ++it)
    if (keep(*it)) {
      if (out != it) *out = std::move(*it);
      ++out;
    }
  events_.erase(out, events_.end());
}

Event* Trace::find(std::uint64_t seq) {
  auto it = std::lower_bound(events_.begin(), events_.end(), seq, [](const Event& e, std::uint64_t s) { return e.seq < s; });
  return it != events_.end() && it->seq == seq ? &*it : nullptr;
}

bool takes_in_message(const Event& e) {
  if (e.kind == Kind::Delivery) return true;
  const auto* q = e.get<data::Queue>();
  return q && q->to == QueueName::Incoming;
}

}  // namespace mailsim::trace
