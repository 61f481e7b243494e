#pragma once
// `mailsim serve`: the world runs in real time (or faster) and every simulated server port is
// mapped to a TCP port on loopback, so real mail clients (curl, Python's smtplib, swaks, fetchmail,
// Thunderbird) join the lesson. A real client's connection becomes a virtual connection from a host
// of its own in the world, so the very same protocol machines answer it and its dialog is traced
// like any other.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "sim/world/world.hpp"

namespace mailsim::serve {

struct Options {
  std::string listen = "127.0.0.1";   // loopback unless the user names another address
  std::uint16_t base_port = 2000;     // mapping: base + service port (+1000 per repeat of a port)
  std::string ports_file;             // write the mapping as JSON here
  double speed = 1.0;                 // virtual seconds per real second
  double duration = 0;                // stop after this many real seconds; 0 = until SIGINT/SIGTERM
  std::size_t max_connections = 32;
  double idle_timeout = 300;          // real seconds without bytes before a real connection is closed
  std::size_t max_buffer = 1 << 20;   // bytes held for a connection not yet through to its server
  std::size_t max_unread = 64 << 20;  // server bytes a real client has not read yet (a big FETCH fits)
  // Every line a client sends becomes a trace event, so lines are what memory grows with: a
  // connection that sends more is cut off, and past the trace limit no client is read any more.
  std::size_t max_lines_per_connection = 50000;
  std::size_t max_trace_events = 1000000;
};

struct Mapping {
  std::string protocol;               // "smtp", "submission", "pop3", "imap"
  std::string host;                   // simulated server
  std::uint16_t port = 0;             // simulated port
  std::string listen;                 // real address
  std::uint16_t real_port = 0;        // real port
};

// The mappings `serve` would open for this world (no sockets touched).
std::vector<Mapping> plan(const world::World& w, const Options& o);

// "smtp        mx.home.example:25  ->  127.0.0.1:2025", as serve prints it.
std::string mapping_line(const Mapping& m);

// The mappings as a JSON array of {protocol, host, port, listen, real_port}; false when it cannot.
bool write_ports_file(const std::vector<Mapping>& maps, const std::string& path);

// `w` is built from with_real_client(scenario). Runs until SIGINT/SIGTERM or `duration`; prints the mappings, then a summary. Returns the exit
// status (0, or 2 when a port cannot be opened).
int serve(world::World& w, const Options& o, std::ostream& out, std::ostream& err);

}  // namespace mailsim::serve
