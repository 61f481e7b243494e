#include "sim/trace/jsonl.hpp"

#include <nlohmann/json.hpp>

namespace mailsim::trace {

std::string to_json_line(const Event& e) {
  // ordered_json keeps insertion order, so the key order is part of the format.
  nlohmann::ordered_json j;
  j["seq"] = e.seq;
  j["t"] = e.time;
  j["kind"] = to_string(e.kind);
  if (!e.host.empty()) j["host"] = e.host;
  if (!e.peer.empty()) j["peer"] = e.peer;
  if (e.port) j["port"] = e.port;
  if (e.client_port) j["client_port"] = e.client_port;
  if (e.conn) j["conn"] = e.conn;
  if (!e.protocol.empty()) j["proto"] = e.protocol;
  if (e.dir != Direction::None) j["dir"] = e.dir == Direction::ClientToServer ? "c2s" : "s2c";
  if (e.payload != Payload::None) j["payload"] = to_string(e.payload);
  if (!e.text.empty()) j["text"] = e.text;
  // Only the unusual endings are written, so ordinary traces read as before.
  if (e.kind == Kind::Segment && e.eol != LineEnd::Crlf) j["eol"] = to_string(e.eol);
  if (e.arrive) j["arrive"] = e.arrive;
  if (!e.path.empty()) {
    auto& p = j["path"] = nlohmann::ordered_json::array();
    for (const Hop& h : e.path) p.push_back({h.host, h.at});
  }
  if (!e.queue_id.empty()) j["queue_id"] = e.queue_id;
  if (!e.queue.empty()) j["queue"] = e.queue;
  if (!e.message_id.empty()) j["message_id"] = e.message_id;
  if (!e.message.empty()) j["message"] = e.message;
  if (e.code) j["code"] = e.code;
  if (!e.action.empty()) j["action"] = e.action;
  // Replace invalid UTF-8 rather than throw: a hostile peer's bytes must not stop the trace.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void write_jsonl(const Trace& trace, std::ostream& out) {
  for (const Event& e : trace.events()) out << to_json_line(e) << '\n';
}

}  // namespace mailsim::trace
