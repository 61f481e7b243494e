#include "sim/trace/event.hpp"

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
  e.seq = events_.size();
  events_.push_back(std::move(e));
  return events_.back();
}

}  // namespace mailsim::trace
