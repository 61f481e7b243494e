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

#include "sim/serve/trace_budget.hpp"
#include "sim/world/world.hpp"

namespace mailsim::serve {

struct Options {
  std::string listen = "127.0.0.1";   // loopback unless the user names another address
  std::uint16_t base_port = 2000;     // mapping: base + service port (+1000 per repeat of a port)
  std::string ports_file;             // write the mapping as JSON here
  double speed = 1.0;                 // virtual seconds per real second
  double duration = 0;                // stop after this many real seconds; 0 = until SIGINT/SIGTERM
  // Limits, so that whatever real clients send, memory stays bounded and later clients are served
  // (docs/real-clients.md). A client past one is told so in its protocol's words (farewell.hpp).
  std::size_t max_connections = 32;   // at once; the next are answered "too many connections"
  double idle_timeout = 300;          // real seconds without a byte either way
  std::size_t max_line = 64 << 10;    // bytes without LF: above every simulated server's own line
                                      // limit, so the server answers with its error first
  std::size_t max_connection_bytes = 12 << 20;  // one connection may send (a 10 MiB message fits)
  std::size_t max_unread = 12 << 20;  // server bytes one client has not read yet (a big FETCH fits)
  std::size_t max_total_bytes = 24 << 20;  // both, over every open connection: past it, the
                                           // connection holding most is dropped
  // Mail (mailboxes, queues, devices' copies) the world may hold beyond what it held when serving
  // began: past it the world is "full", as a real server whose disk is: SMTP clients are refused
  // and dropped, IMAP clients may still read and delete but not append. POP3 is untouched.
  std::size_t max_mail_bytes = 32 << 20;
  TraceLimits trace;                  // the served run's trace (trace_budget.hpp)
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
