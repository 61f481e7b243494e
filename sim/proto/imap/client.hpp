#pragma once
// IMAP client protocol machine (RFC 3501 subset, IDLE from RFC 2177), sans-I/O: the server's bytes
// in, the client's bytes out. One machine is one mail client session that fetches what is new in one
// mailbox and, if asked, stays in IDLE to be told about new mail:
//
//   S: * OK server ready
//   C: a1 LOGIN alice secret
//   S: a1 OK LOGIN completed
//   C: a2 SELECT INBOX
//   S: * 3 EXISTS / * OK [UIDVALIDITY 7] / * OK [UIDNEXT 5] / a2 OK [READ-WRITE] SELECT completed
//   C: a3 UID FETCH 3:* (UID FLAGS BODY.PEEK[])        (BODY[] when mark_seen: the server sets \Seen)
//   S: * 2 FETCH (UID 3 FLAGS () BODY[] {50} ...) / ... / a3 OK FETCH completed
//   C: a4 IDLE                                          (only with idle)
//   S: + idling
//   S: * 4 EXISTS                                       (new mail: the client leaves IDLE)
//   C: DONE
//   S: a4 OK IDLE terminated
//   C: a5 UID FETCH 5:* (...) ... then a6 IDLE again, until stop_idle()
//   C: a7 LOGOUT
//   S: * BYE ... / a7 OK LOGOUT completed
//
// Tags run a1, a2, ... in order; one command is in flight at a time. A tagged NO or BAD fails the job
// (error() says which command and what the server said) and the client logs out. Bytes that make no
// sense as IMAP, or a line or literal past the limits, stop the client at once (done(), failed()).
//
// With a TLS level (ClientJob::tls) the client looks for STARTTLS among the greeting's capabilities
// (asking CAPABILITY when the greeting has none), sends it and, after the OK, hands the connection
// to the TLS layer (starting_tls()); inside TLS it asks CAPABILITY again (RFC 9051 §6.2.1: what it
// learnt before is void) and logs in. Not offered, or refused: at may the login goes on in plain
// text; at encrypt and verify the client logs out without a password ("STARTTLS: TLS is required,
// but was not offered by host imap.example"). Whatever came after the OK in plain text is dropped.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/tls_policy.hpp"
#include "sim/proto/imap/client_states.hpp"
#include "sim/proto/imap/client_syntax.hpp"

namespace mailsim::imap {

struct ClientJob {
  std::string user, password;
  std::string mailbox = "INBOX";
  std::uint32_t known_uidvalidity = 0;   // from the last session; 0: none
  std::uint32_t last_seen_uid = 0;       // highest UID fetched before (valid under known_uidvalidity)
  bool idle = false;                     // stay connected in IDLE after fetching
  bool mark_seen = true;                 // BODY[] (sets \Seen) rather than BODY.PEEK[]
  // STARTTLS: none, may, encrypt, verify (as SMTP's smtp_tls_security_level), and the name the
  // server's certificate must carry at verify (also in the error text).
  proto::ClientTls tls = proto::ClientTls::None;
  std::string server_name = {};
  // Implicit TLS (RFC 8314, port 993; a mail program's "SSL/TLS"): TLS from the first byte. start()
  // enters AwaitTls, tls_established() says nothing and the greeting is awaited inside TLS.
  bool wrappermode = false;
};

struct Fetched {
  std::uint32_t uid;
  std::string raw;                       // the message as the server sent it (BODY[])
  std::set<std::string> flags;           // as last reported during the fetch, \Recent left out
};

class Client {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;              // one response line, counting CRLF
  static constexpr std::size_t kMaxLiteral = 64 * 1024 * 1024;    // one literal (one message)

  explicit Client(ClientJob job);

  // The connection opened: nothing to say (the server greets first); with wrappermode the TLS layer
  // takes the bytes from here (starting_tls()).
  std::string start();

  // Bytes from the server; returns the bytes to send.
  std::string feed(std::string_view bytes);
  // The connection closed or was reset. Unless LOGOUT was under way this is a failure.
  void connection_lost();

  bool done() const { return state_ == ClientState::Done; }
  // Something happened for which the transition table has no row (client_states.hpp): a defect.
  bool table_miss() const { return table_miss_; }
  // Told of every row the client takes (for the app's state diagram).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  ClientState state() const { return state_; }
  // TLS line mode (sim/proto/tls/starttls.hpp): after the OK to STARTTLS the client reads nothing.
  // tls_established() returns the CAPABILITY that starts the session inside TLS, or "" when the
  // level is verify and the certificate did not verify (Done, no LOGOUT); tls_failed() ends it.
  bool starting_tls() const { return state_ == ClientState::AwaitTls; }
  std::string tls_established(bool certificate_verified);
  void tls_failed();
  bool tls_active() const { return tls_active_; }
  // In IDLE, waiting for the server to push.
  bool idling() const { return state_ == ClientState::Idling; }
  // Ends the session: "DONE\r\n" when idling (LOGOUT follows the server's OK); otherwise "" and the
  // client logs out instead of entering IDLE next.
  std::string stop_idle();

  // Messages with a UID above last_seen_uid (above 0 after a UIDVALIDITY change), in UID order.
  const std::vector<Fetched>& fetched() const { return fetched_; }
  std::uint32_t uidvalidity() const { return uidvalidity_; }
  std::uint32_t uidnext() const { return uidnext_; }
  // The highest UID seen so far, to keep with uidvalidity() for the next session's job.
  std::uint32_t last_seen_uid() const { return last_seen_; }

 private:
  // implementation detail, free to change
  struct Partial {                       // one message's FETCH data, gathered while a fetch runs
    std::uint32_t uid = 0;
    std::optional<std::string> body;
    std::set<std::string> flags;
    // Which FETCH response of this fetch (1, 2, ...) gave the body and the flags; 0: none yet. When
    // the server sends one UID in several responses, the latest of each wins.
    std::size_t body_from = 0, flags_from = 0;
  };
  void on_response(const std::string& raw, std::string& out);
  void on_untagged(const client_syntax::Response& r, std::string& out);
  void on_tagged(const client_syntax::Response& r, std::string& out);
  void on_fetch(std::uint32_t seq, std::string_view att);
  void send(std::string_view command_name, std::vector<std::string> parts, std::string& out);
  // The capabilities are known (the greeting's, or CAPABILITY's): STARTTLS, LOGIN, or LOGOUT when
  // TLS is required and not to be had.
  void after_capabilities(std::string_view capabilities, std::string& out);
  void login(std::string& out);
  void after_select(std::string& out);
  void start_fetch(std::string& out);
  void finish_fetch();
  void idle_or_logout(std::string& out);
  void logout(std::string& out);
  void fail(std::string error, std::string& out);   // records the error, logs out
  void protocol_error(std::string error);           // the stream makes no sense: stop at once
  void go(ClientEvent event);                       // every state change, through the table

  ClientJob job_;
  client_syntax::ResponseReader reader_;
  ClientState state_ = ClientState::AwaitGreeting;
  std::uint32_t next_tag_ = 1;
  std::string tag_;                      // of the command in flight
  std::string command_name_;             // "LOGIN", "SELECT", ... for error()
  std::deque<std::string> pending_parts_;  // command bytes held back until a "+" (literals)
  std::uint32_t exists_ = 0;
  std::uint32_t uidvalidity_ = 0;
  std::uint32_t uidnext_ = 0;
  std::uint32_t last_seen_ = 0;
  bool new_mail_ = false;                // EXISTS grew while idling
  bool stop_requested_ = false;
  std::map<std::uint32_t, Partial> partials_;  // by message sequence number
  std::size_t fetch_responses_ = 0;      // FETCH responses read during this fetch
  std::vector<Fetched> fetched_;
  std::string error_;
  std::string capabilities_;             // from "* CAPABILITY" while AwaitCapability
  bool tls_active_ = false;
  bool table_miss_ = false;
  proto::StepObserver observer_;
};

}  // namespace mailsim::imap
