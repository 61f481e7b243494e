#pragma once
// Hand-made trace events for the view-model tests, so they do not depend on the bundled scenarios.
#include <string>
#include <vector>

#include "sim/trace/event.hpp"

namespace vizt {

using mailsim::Time;
using mailsim::trace::Direction;
using mailsim::trace::Event;
using mailsim::trace::Kind;
using mailsim::trace::Payload;

// A dialog line from `host` to `peer` on `conn`, sent at `path[0].at`, arriving at `arrive`.
inline Event line(std::uint64_t conn, const std::string& protocol, Direction dir, Payload payload,
                  const std::string& text, std::vector<mailsim::trace::Hop> path, Time arrive = -1) {
  Event e;
  e.kind = Kind::Segment;
  e.conn = conn;
  e.protocol = protocol;
  e.dir = dir;
  e.payload = payload;
  e.text = text;
  e.time = path.front().at;
  e.host = path.front().host;
  e.peer = path.back().host;
  e.arrive = arrive >= 0 ? arrive : path.back().at;
  e.path = std::move(path);
  if (payload == Payload::Reply && text.size() >= 3 && text[0] >= '0' && text[0] <= '9') e.code = std::stoi(text.substr(0, 3));
  return e;
}

inline Event plain(Kind kind, Time t, const std::string& host = "a", const std::string& protocol = "") {
  Event e;
  e.kind = kind;
  e.time = t;
  e.host = host;
  e.protocol = protocol;
  return e;
}

}  // namespace vizt
