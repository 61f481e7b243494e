#pragma once
// Hand-made trace events for the view-model tests, so they do not depend on the bundled scenarios.
#include <string>
#include <vector>

#include "sim/trace/event.hpp"
#include "sim/trace/line_facts.hpp"

namespace vizt {

using mailsim::Time;
using mailsim::trace::Direction;
using mailsim::trace::Event;
using mailsim::trace::Kind;
using mailsim::trace::Payload;

// A line's payload, with its facts read as the network reads them.
inline mailsim::trace::data::Segment segment(const std::string& protocol, Direction dir, Payload payload,
                                             const std::string& text) {
  mailsim::trace::data::Segment seg;
  seg.what = payload;
  seg.text = text;
  seg.facts = mailsim::trace::read_line(protocol, dir, payload, text);
  return seg;
}

// A dialog line from `host` to `peer` on `conn`, sent at `path[0].at`, arriving at `arrive`.
inline Event line(std::uint64_t conn, const std::string& protocol, Direction dir, Payload payload,
                  const std::string& text, std::vector<mailsim::trace::Hop> path, Time arrive = -1) {
  Event e;
  e.data = segment(protocol, dir, payload, text);
  e.kind = Kind::Segment;
  e.conn = conn;
  e.protocol = protocol;
  e.dir = dir;
  e.time = path.front().at;
  e.host = path.front().host;
  e.peer = path.back().host;
  e.arrive = arrive >= 0 ? arrive : path.back().at;
  e.path = mailsim::trace::Path(path);
  return e;
}

// An empty payload of `kind`.
inline mailsim::trace::Data payload_of(Kind kind) {
  namespace d = mailsim::trace::data;
  switch (kind) {
    case Kind::HostState: return d::HostState{};
    case Kind::LinkState: return d::LinkState{};
    case Kind::ServiceState: return d::ServiceState{};
    case Kind::Connect: return d::Connect{};
    case Kind::Accepted: return d::Accepted{};
    case Kind::Refused: return d::Refused{};
    case Kind::TimedOut: return d::TimedOut{};
    case Kind::Segment: return d::Segment{};
    case Kind::Close: return d::Close{};
    case Kind::Reset: return d::Reset{};
    case Kind::Datagram: return d::Datagram{};
    case Kind::DnsTimeout: return d::DnsTimeout{};
    case Kind::Queue: return d::Queue{};
    case Kind::Delivery: return d::Delivery{};
    case Kind::Bounce: return d::Bounce{};
    case Kind::Submit: return d::Submit{};
    case Kind::Fetch: return d::Fetch{};
    case Kind::Failure: return d::Failure{};
    case Kind::Caption: return d::Caption{};
    case Kind::Note: return d::Note{};
    case Kind::Step: return d::Step{};
    case Kind::Auth: return d::Auth{};
    case Kind::Captured: return d::Captured{};
    case Kind::TlsRecord: return d::TlsRecord{};
    case Kind::Tls: return d::Tls{};
    case Kind::Tampered: return d::Tampered{};
  }
  return d::Note{};
}

inline Event plain(Kind kind, Time t, const std::string& host = "a", const std::string& protocol = "") {
  Event e;
  e.data = payload_of(kind);
  e.kind = kind;
  e.time = t;
  e.host = host;
  e.protocol = protocol;
  return e;
}

}  // namespace vizt
