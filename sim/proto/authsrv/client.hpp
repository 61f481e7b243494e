#pragma once
// The mail server's side of Dovecot's auth protocol (server.hpp shows a dialog), sans-I/O: what
// Postfix's smtpd does with smtpd_sasl_type = dovecot. It sends VERSION and CPID, reads the
// server's handshake up to DONE, then passes one login's SASL messages on: AUTH with the first,
// CONT with each later one, until the server's OK or FAIL.
//
// One request at a time (id 1, 2, ...). A request made before DONE waits and goes out with it. The
// server's lines are checked: a broken handshake, an answer for another id or a line over 16384
// octets makes the answer Error, and the connection is of no more use.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/authsrv/states.hpp"
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sasl/credentials.hpp"

namespace mailsim::authsrv {

struct ClientConfig {
  std::uint32_t cpid = 1;     // the mail server's process id (CPID)
  std::string service;        // "smtp", "pop3", "imap"
  std::string remote_ip;      // the user's address (rip=), for the server's log and policy
  std::string local_ip;       // the mail server's own (lip=)
};

struct Answer {
  enum class Kind { Ok, Fail, Cont, Error };
  Kind kind = Kind::Error;
  std::string data;    // Cont: the challenge (decoded); Ok: additional data with success (resp=)
  std::string user;    // Ok, Fail: user= when the server gave it
  bool temporary = false;  // Fail: "temp", the server could not check now
  std::string reason;  // Fail: reason=; Error: what was wrong
};

// The answer as a delegated SASL exchange takes it (sasl::ServerOptions::delegated): CONT a
// challenge, OK a success, FAIL a failure, FAIL with temp and Error a temporary failure.
sasl::Lookup to_lookup(const Answer& answer);

class Client {
 public:
  explicit Client(ClientConfig config) : config_(std::move(config)) {}

  // VERSION and CPID, sent on connect without waiting for the server.
  std::string start();
  // The server's bytes; returns what to send (a request that waited for DONE).
  std::string feed(std::string_view bytes);
  // A new request for `mechanism` with the user's first message (nullopt: none, the server
  // speaks first). Returns the AUTH line, or "" until the handshake is done.
  std::string authenticate(std::string_view mechanism, const std::optional<std::string>& response);
  // The user's answer to a Cont.
  std::string respond(std::string_view response);
  // The server's answer to the request under way, once (then the next Cont or the end).
  std::optional<Answer> take_answer();
  bool handshake_done() const { return done_; }
  // The mechanisms the server listed (MECH lines).
  const std::vector<std::string>& mechanisms() const { return mechanisms_; }
  // No use any more: the answer was Error.
  bool broken() const { return broken_; }
  ClientState state() const { return state_; }
  // Told of every row of client_rows() the client takes ("auth-client" in the diagrams).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }
  bool table_miss() const { return table_miss_; }

 private:
  std::string auth_line();
  // The request made: AUTH, or a Fail at once for a mechanism the server did not list.
  std::string issue();
  void line(std::string_view text);
  void error(std::string why);
  bool offered(const std::string& mechanism) const;
  void go(const char* input, ClientState to, Outcome outcome);

  ClientConfig config_;
  proto::LineReader reader_{16385};
  bool have_version_ = false;
  bool done_ = false;
  bool broken_ = false;
  std::vector<std::string> mechanisms_;
  std::uint32_t next_id_ = 0;
  std::string id_;  // the request under way, "" when none
  std::string mechanism_;
  std::optional<std::string> first_;  // the first message, while the handshake is not done
  bool waiting_ = false;              // a request made before DONE
  std::optional<Answer> answer_;
  ClientState state_ = ClientState::Handshake;
  proto::StepObserver observer_;
  bool table_miss_ = false;
};

}  // namespace mailsim::authsrv
