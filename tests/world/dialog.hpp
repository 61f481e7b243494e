#pragma once
// Reading a finished world the way a student does: the C:/S: lines of one connection, the
// connections between two hosts, an MTA's queue lines for one message, a mailbox's first message,
// a connection's TLS handshake; and the whole trace as JSON lines, for same-seed comparisons.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "sim/trace/jsonl.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

namespace lesson {

// The C:/S: lines of connection `conn`, as a transcript.
inline std::vector<std::string> dialog(const mailsim::world::World& w, std::uint64_t conn) {
  using namespace mailsim;
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Segment && e.conn == conn)
      out.push_back((e.dir == trace::Direction::ClientToServer ? "C: " : "S: ") + mailsim::trace::shown_text(e));
  return out;
}

// Ids of the connections `client` opened to `server` that were accepted, in order.
inline std::vector<std::uint64_t> connections(const mailsim::world::World& w, const std::string& client,
                                              const std::string& server) {
  std::vector<std::uint64_t> out;
  for (const auto& e : w.trace().events())
    if (e.kind == mailsim::trace::Kind::Accepted && e.host == server && e.peer == client) out.push_back(e.conn);
  return out;
}

// The text of every Queue event `host` traced, in order ("attempt 1 (queue active)", "to=<...>, ...").
inline std::vector<std::string> queue_lines(const mailsim::world::World& w, const std::string& host) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (e.kind == mailsim::trace::Kind::Queue && e.host == host) out.push_back(mailsim::trace::shown_text(e));
  return out;
}

// Events of `kind` at `host`, as their texts.
inline std::vector<std::string> texts(const mailsim::world::World& w, mailsim::trace::Kind kind, const std::string& host) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (e.kind == kind && e.host == host) out.push_back(mailsim::trace::shown_text(e));
  return out;
}

inline std::string inbox_text(const mailsim::world::World& w, const std::string& address) {
  const auto* f = mailsim::world::inbox_of(w, address);
  return f && !f->messages.empty() ? f->messages.front().raw : std::string{};
}

// The handshake summary (`tls` event) of connection `conn`, or nullptr.
inline const mailsim::trace::data::Tls* handshake(const mailsim::world::World& w, std::uint64_t conn) {
  for (const auto& e : w.trace().events())
    if (e.conn == conn)
      if (const auto* t = e.get<mailsim::trace::data::Tls>()) return t;
  return nullptr;
}

// The trace as `mailsim run --trace` writes it.
inline std::string jsonl_of(const mailsim::world::World& w) {
  std::ostringstream out;
  mailsim::trace::write_jsonl(w.trace(), out);
  return out.str();
}

}  // namespace lesson
