#pragma once
// SMTP server protocol machine (RFC 5321), sans-I/O: bytes in, bytes out, decisions delegated to
// hooks. No sockets, no clock. The same machine serves virtual sockets in the simulation and real
// TCP sockets when a scenario is served on loopback.
//
// Theory of operation: every state change goes through the transition table of server_states.hpp
// (state x command or event -> next state, or a 503); the commands, with their verbs and handlers,
// are listed once in server_commands.hpp; this file applies both and words the replies. SMTP AUTH
// (RFC 4954, server_auth.cpp) runs sim/proto/sasl's mechanisms inside the same table.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sasl/credentials.hpp"
#include "sim/proto/sasl/mechanism.hpp"
#include "sim/proto/sasl/server.hpp"
#include "sim/proto/smtp/bare_newline.hpp"
#include "sim/proto/smtp/envelope.hpp"
#include "sim/proto/smtp/reply.hpp"
#include "sim/proto/smtp/server_commands.hpp"
#include "sim/proto/smtp/server_states.hpp"

namespace mailsim::smtp {

// Postfix's smtpd_tls_security_level: no STARTTLS; STARTTLS offered (opportunistic); STARTTLS
// required before mail ("530 5.7.0 Must issue a STARTTLS command first").
enum class TlsLevel { None, May, Encrypt };

struct ServerConfig {
  std::string hostname = "localhost";          // in the 220 greeting, EHLO reply, Received
  std::string greeting_text = "ESMTP mailsim";
  std::size_t max_command_line = 512;          // RFC 5321 §4.5.3.1.4, counting CRLF
  std::size_t max_text_line = 1000;            // §4.5.3.1.6, counting CRLF
  std::size_t max_message_size = 10 * 1024 * 1024;  // SIZE (RFC 1870) and the DATA limit
  std::size_t max_recipients = 100;            // §4.5.3.1.8; more get 452 4.5.3
  std::size_t max_errors = 10;                 // bad commands before "421 4.7.0" and close
  bool enhanced_status_codes = true;           // RFC 2034
  bool pipelining = true;                      // RFC 2920
  bool eightbitmime = true;                    // RFC 6152
  // Lines ending in a bare LF (Postfix's smtpd_forbid_bare_newline; see bare_newline.hpp).
  BareNewline forbid_bare_newline = BareNewline::Normal;
  // STARTTLS (RFC 3207): offered in EHLO at May and Encrypt, until TLS is active.
  TlsLevel smtpd_tls_security_level = TlsLevel::None;
  // AUTH only inside TLS (Postfix's smtpd_tls_auth_only; implied by Encrypt): outside TLS, EHLO does
  // not offer it and AUTH gets "538 5.7.11" (RFC 4954 §6). See auth_offered().
  bool smtpd_tls_auth_only = false;
  // The node can start TLS (it has a certificate and key). When not, STARTTLS is answered
  // "454 4.7.0 TLS not available due to local problem", as Postfix does when its TLS setup failed.
  bool tls_ready = true;
  // Implicit TLS (RFC 8314 §3.3, the submissions service on port 465; Postfix's
  // smtpd_tls_wrappermode): the session starts inside TLS. start() says nothing and enters
  // TlsHandshake; the greeting comes from tls_established(), inside TLS, where STARTTLS is not
  // offered and smtpd_tls_auth_only lets AUTH be offered at once.
  bool smtpd_tls_wrappermode = false;
  // Failure injection: reply to this verb ("MAIL", "RCPT", "DATA" = the reply after end of data,
  // "DATA-CMD" = the 354 step, "EHLO", "STARTTLS", "CONNECT" = the greeting) with this reply instead.
  std::map<std::string, Reply> forced_replies;
  // SMTP AUTH (RFC 4954), with Postfix's parameter names. Off by default, as in Postfix: a plain MX
  // takes mail without it, a submission server turns it on.
  bool smtpd_sasl_auth_enable = false;
  // The mechanisms offered, in the order EHLO lists them (Dovecot's auth_mechanisms).
  std::vector<sasl::Mechanism> sasl_mechanisms = sasl::all_mechanisms();
  // A SASL response line, counting CRLF (RFC 4954 §4 asks servers for 12288 octets): longer ends
  // the exchange with "500 5.5.6".
  std::size_t max_auth_line = 12288;
  // PBKDF2 rounds for SCRAM-SHA-256 when the lookup gives a password but no verifier.
  unsigned scram_iterations = 4096;
  // smtpd_sasl_path names an authentication server: it runs the mechanisms, and the credential
  // lookup carries each client message to it (sasl::ServerOptions::delegated).
  bool sasl_delegated = false;
};

// A policy hook's answer: the reply now, or later. A hook that must first ask someone over the
// network (DNS for SPF or a blocklist, an authentication server) returns pending(); the machine then
// reads no further commands, which stay buffered in order, until the node hands it the reply with
// Server::resume(), as OpenSMTPD's smtp_session waits for its lookup process before it answers.
class Verdict {
 public:
  Verdict(Reply reply) : reply_(std::move(reply)) {}  // NOLINT: a hook may just return a Reply
  static Verdict pending() { return Verdict(); }
  bool is_pending() const { return !reply_.has_value(); }
  const Reply& reply() const { return *reply_; }

 private:
  Verdict() = default;
  std::optional<Reply> reply_;
};

// Policy is the node's; the machine asks. Each hook decides (no I/O of its own) or answers later;
// unset hooks accept.
struct ServerHooks {
  // MAIL FROM: return a 250 to accept, anything else is sent as is.
  std::function<Verdict(const Envelope& so_far, const std::string& reverse_path)> check_mail_from;
  // RCPT TO: 250 2.1.5 to accept; 550 5.1.1 unknown user; 554 5.7.1 relay denied; ...
  std::function<Verdict(const Envelope& so_far, const std::string& forward_path)> check_rcpt;
  // After end of data: the message (dot-unstuffed, CRLF line endings, ending in CRLF). Returns the
  // final reply, e.g. "250 2.0.0 Ok: queued as 4F1A2". Unset: 250 2.0.0 Ok.
  std::function<Verdict(const Envelope& envelope, const std::string& data)> accept_message;
  // AUTH: the credentials of a user (request.user), from a local account list at once, or from an
  // authentication server over the network: then Lookup::pending(), and the node hands the answer
  // to resume(sasl::Lookup) later. Unset: nobody is known, every AUTH fails with 535.
  std::function<sasl::Lookup(const sasl::LookupRequest& request)> lookup_credentials;
  // A fresh nonce for each SASL exchange (CRAM-MD5's msg-id, SCRAM's server nonce): printable
  // ASCII without ',', '<', '>' and '@'; the node draws it from the world's seeded RNG so runs
  // repeat. Unset: "1", "2", ... counted by the session.
  std::function<std::string()> sasl_nonce;
};

class Server {
 public:
  Server(ServerConfig config, ServerHooks hooks);

  // The greeting (220, or a forced CONNECT reply; a 554 greeting makes the server wait for QUIT).
  std::string start();
  // Bytes from the client; returns the bytes to send back (possibly several replies, as when the
  // client pipelines).
  std::string feed(std::string_view bytes);
  // Every row the machine takes is reported here (for the trace, and the app's state diagram).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }
  // Hooks that need the machine itself (to resume() it later) are set once it exists.
  void set_hooks(ServerHooks hooks) { hooks_ = std::move(hooks); }
  // A hook's answer is pending: nothing more is read until resume().
  bool waiting() const { return waiting_; }
  // The pending hook's reply, at last. Returns the bytes to send: that reply, and the replies to the
  // commands that arrived meanwhile. Nothing when no answer is pending (or the session is closed).
  // While a credential lookup is pending, a reply ends the AUTH exchange with it (a positive one is
  // taken as "454 4.7.0": only the lookup's answer can authenticate).
  std::string resume(Reply reply);
  // The pending credential lookup's answer (ServerHooks::lookup_credentials): the exchange goes on
  // with it, as resume(Reply) does with a reply. Nothing when no lookup is pending.
  std::string resume(const sasl::Lookup& answer);
  // True once the server has sent 221, 421 or 521: the node closes the connection after sending.
  bool closed() const { return closed_; }
  ServerState state() const { return state_; }
  const ServerConfig& config() const { return config_; }

  // STARTTLS (RFC 3207). After a 220 to STARTTLS the machine is in ServerState::TlsHandshake: it
  // has discarded everything the client sent after the STARTTLS line and reads nothing more (feed()
  // drops its bytes), because from here the bytes are the TLS layer's. The glue runs the handshake
  // (tls::Engine) and reports its end: tls_established() restarts the session inside TLS, with
  // everything learnt before forgotten (the client must send EHLO again, RFC 3207 §4.2), and from
  // then on feeds the machine the plaintext the engine decrypts and encrypts what it returns;
  // tls_failed() closes. Both return what to send (nothing, unless the table has no row).
  // With smtpd_tls_wrappermode the machine is in TlsHandshake from start() on, and
  // tls_established() returns the greeting, which the layer encrypts.
  bool starting_tls() const { return state_ == ServerState::TlsHandshake; }
  std::string tls_established();
  std::string tls_failed();
  bool tls_active() const { return tls_active_; }
  // Whether EHLO may offer AUTH now: always, unless smtpd_tls_auth_only (or Encrypt) keeps it for
  // sessions inside TLS, as real submission servers do.
  bool auth_offered() const;
  const Envelope& envelope() const { return envelope_; }
  // Something happened for which the transition table has no row (a defect of the table): the
  // machine closed with "421 4.3.0 ... internal error". Tests and fuzz targets check it stays false.
  bool table_miss() const { return table_miss_; }
  // Bytes received that are not yet a complete line: at most one line limit while open,
  // more (up to 256 KB) only while a hook's answer is pending.
  std::size_t buffered() const { return reader_.buffered(); }

 private:
  friend const std::vector<ServerCommand>& server_commands();

  // Answers every complete line buffered, in order, until a hook's answer is pending.
  void drain(std::string& out);
  void on_line(const proto::Line& line, std::string& out);
  void on_command(const proto::Line& line, std::string& out);
  void on_data_line(const proto::Line& line, std::string& out);
  bool is_end_of_data(const proto::Line& line) const;
  // Handlers, one per command of server_commands(); each returns the reply to send.
  Verdict on_ehlo(std::string_view arg);
  Verdict on_helo(std::string_view arg);
  Verdict on_auth(std::string_view arg);
  Verdict on_auth_response(std::string_view line);
  Verdict on_mail(std::string_view arg);
  Verdict on_rcpt(std::string_view arg);
  Verdict on_data(std::string_view arg);
  Verdict on_end_of_data(std::string_view);
  Verdict on_rset(std::string_view arg);
  Verdict on_noop(std::string_view arg);
  Verdict on_vrfy(std::string_view arg);
  Verdict on_expn(std::string_view arg);
  Verdict on_help(std::string_view arg);
  Verdict on_quit(std::string_view arg);
  Verdict on_starttls(std::string_view arg);
  Verdict on_other(std::string_view arg);
  Verdict on_greeting(std::string_view);
  // The greeting row and its reply (220, a forced CONNECT reply, 554, 421) into `out`.
  void greet(std::string& out);
  Reply on_hello(std::string_view arg, bool extended);
  Reply ehlo_reply() const;
  // SMTP AUTH (server_auth.cpp). AUTH's EHLO parameters: " PLAIN LOGIN ...", nullopt when not offered.
  std::optional<std::string> auth_mechanisms() const;
  // "" while STARTTLS is offered in EHLO (RFC 3207 §4.2: not again inside TLS), else nullopt.
  std::optional<std::string> starttls_offered() const;
  void on_auth_line(const proto::Line& line, std::string& out);
  // The reply to a step of the exchange; asks the lookup when the step needs credentials.
  Verdict auth_verdict(sasl::Step step);
  // auth_verdict, with finish_auth as its commit.
  Verdict auth_step(sasl::Step step);
  Verdict auth_reply(Reply reply);
  // Applies a reply that ends or continues the exchange: 235 authenticates, anything but 334 ends it.
  void finish_auth(const Reply& reply);
  // A policy decision: applies `commit` to its reply now, or keeps both for resume() when pending.
  Verdict decide(Verdict verdict, std::function<void(const Reply&)> commit);
  // The reply forced for `point` by the scenario (failure injection): nullptr when none.
  const Reply* forced(std::string_view point) const;
  Reply forced_or(std::string_view point, Reply normal) const;
  // Looks `command` up for the current state; a missing row closes the session (table_miss()).
  const Transition* row_for(Command command, std::string& out);
  // Answers along `row` now, or waits for resume() when the verdict is pending.
  void act(const Transition& row, const Verdict& verdict, std::string& out);
  // Moves along `row` (success or failure decided by the reply's class), then sends the reply.
  void answer(const Transition& row, Reply reply, std::string& out, bool counts_as_error = true);
  // Serializes a reply; a 421 or 521 takes the Closing row, an error that reaches the limit the
  // TooManyErrors row.
  void send(Reply reply, std::string& out, bool counts_as_error = true);
  // Takes the row of one of the session's own events (Closing, TooManyErrors, DataLine).
  void take(Command event, std::string& out);
  void enter(ServerState next);
  // Takes `row` to `next` (one of its outcomes) and reports it.
  void move(const Transition& row, ServerState next, bool success);

  ServerConfig config_;
  proto::StepObserver observer_;
  ServerHooks hooks_;
  proto::LineReader reader_;
  ServerState state_ = ServerState::Connected;
  Envelope envelope_;
  std::string data_;               // mail data so far, while it is still acceptable
  std::size_t data_bytes_ = 0;     // size of the mail data, counted even when no longer stored
  bool data_too_big_ = false;      // passed max_message_size: 552 at end of data
  bool data_line_too_long_ = false;  // a line passed max_text_line: 500 at end of data
  bool started_ = false;
  bool closed_ = false;
  bool table_miss_ = false;
  bool tls_active_ = false;
  std::size_t errors_ = 0;
  // While a hook's answer is pending: the row its command took, and what to do with the reply.
  bool waiting_ = false;
  const Transition* waiting_row_ = nullptr;
  std::function<void(const Reply&)> commit_;
  // The SASL exchange under way, from AUTH to its last reply; the pending answer is a lookup's.
  std::optional<sasl::ServerSession> sasl_;
  bool lookup_pending_ = false;
  unsigned nonces_ = 0;
};

}  // namespace mailsim::smtp
