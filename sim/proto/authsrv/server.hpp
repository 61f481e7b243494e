#pragma once
// The authentication server's side of Dovecot's auth protocol, sans-I/O: a mail server (the
// client, e.g. Postfix's smtpd) sends its handshake and then AUTH requests carrying the user's SASL
// messages; this machine runs the mechanisms against its credential store and answers each request
// with CONT (a challenge for the user), OK (logged in) or FAIL.
//
//   C: VERSION 1 2            (fields are TAB-separated; lines end with LF)
//   C: CPID 4711
//   S: VERSION 1 2
//   S: MECH PLAIN plaintext   (one line per mechanism, with its security flags)
//   S: SPID 1  /  CUID 1  /  COOKIE <32 hex>
//   S: DONE
//   C: AUTH 1 PLAIN service=smtp rip=10.0.1.10 resp=AGFsaWNlAHNlY3JldA==
//   S: OK 1 user=alice        or  FAIL 1 user=alice   or  CONT 1 <base64 challenge>
//   C: CONT 1 <base64 response>
//
// Choices, after Dovecot's auth-client-connection.c and auth-request-handler.c: a protocol error
// (no VERSION first, major version other than 1, AUTH before CPID, an unknown command, a missing
// service, a line over 16384 octets, a duplicate request id) ends the connection without a reply;
// a failed request is a FAIL line and the connection stays. A FAIL names the user when known, and
// never says whether it was the user or the password that was wrong.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/authsrv/states.hpp"
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sasl/credentials.hpp"
#include "sim/proto/sasl/mechanism.hpp"
#include "sim/proto/sasl/server.hpp"

namespace mailsim::authsrv {

struct ServerConfig {
  std::string hostname = "localhost";  // CRAM-MD5's msg-id
  std::vector<sasl::Mechanism> mechanisms = sasl::all_mechanisms();
  unsigned scram_iterations = 4096;
  std::uint32_t spid = 1;              // the auth process's id (Dovecot's SPID)
  std::uint32_t cuid = 1;              // this connection's number (CUID)
  std::size_t max_requests = 16;       // requests under way at once on one connection
};

struct ServerHooks {
  // The credential store, answering at once (the auth server holds the accounts).
  std::function<sasl::Lookup(const sasl::LookupRequest&)> lookup;
  // A fresh nonce per exchange and for the handshake's COOKIE (from the world's seeded RNG).
  std::function<std::string()> nonce;
};

class Server {
 public:
  Server(ServerConfig config, ServerHooks hooks);

  // The handshake, sent on accept without waiting for the client's.
  std::string start();
  // The client's bytes; returns the answers to send.
  std::string feed(std::string_view bytes);
  bool closed() const { return closed_; }
  // Why the connection was ended, for traces and tests ("" while open).
  const std::string& error() const { return error_; }
  ServerState state() const { return state_; }
  // Told of every row of server_rows() the server takes ("auth-server" in the diagrams).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }
  // A line took the server somewhere its table has no row for: a defect of the table.
  bool table_miss() const { return table_miss_; }

 private:
  std::string line(std::string_view text);
  std::string on_auth(const std::vector<std::string>& f);
  std::string on_cont(const std::vector<std::string>& f);
  // Carries request `id` through its next step (asking the store when the mechanism needs it).
  std::string answer(const std::string& id, sasl::Step step);
  std::string protocol_error(std::string why);
  std::string nonce();
  // Where the line just read left the server, by the table: input `input`, the answer `out`.
  void step(ServerState from, const std::string& input, const std::string& out);
  ServerState derived_state() const;

  ServerConfig config_;
  ServerHooks hooks_;
  proto::LineReader reader_{kMaxLineWithLf};
  bool have_version_ = false;
  bool have_cpid_ = false;
  bool closed_ = false;
  std::string error_;
  std::map<std::string, sasl::ServerSession> requests_;  // id -> the exchange under way
  unsigned nonces_ = 0;
  ServerState state_ = ServerState::AwaitVersion;
  proto::StepObserver observer_;
  bool table_miss_ = false;
  static constexpr std::size_t kMaxLineWithLf = 16385;
};

}  // namespace mailsim::authsrv
