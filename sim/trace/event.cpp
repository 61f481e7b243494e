#include "sim/trace/event.hpp"

#include <algorithm>

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
  }
  return "?";
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

}  // namespace mailsim::trace
