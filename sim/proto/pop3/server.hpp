#pragma once
// POP3 server protocol machine (RFC 1939, CAPA and response codes from RFC 2449), sans-I/O: the
// client's bytes in, the server's bytes out. It reads and changes a MailStore; no sockets, no clock.
//
// Theory of operation: every state change goes through the transition table of states.hpp; the
// commands, with their keywords, handlers and CAPA tags, are listed once in commands.hpp; this file
// applies both, checks arguments and words the replies. The session works on a Maildrop, a snapshot of
// the INBOX taken when it enters TRANSACTION; the store changes only in UPDATE, after QUIT.
//
// Logins: USER/PASS (§7), APOP (§7: MD5 of the greeting's msg-id and the secret) and AUTH (RFC 5034,
// sim/proto/sasl's mechanisms) all ask the same credential lookup (ServerHooks), which may answer
// later: then the server reads nothing more until resume(), as the SMTP server does.
//
// Replies, as this server words them (hostname "pop.example"):
//   greeting   +OK pop.example POP3 server ready    (with APOP: ... ready <nonce@pop.example>)
//   USER       +OK send PASS
//   PASS       +OK maildrop has 2 messages (320 octets)
//              -ERR [AUTH] Authentication failed.          (wrong password and unknown user alike)
//              -ERR [IN-USE] Mailbox is locked by another POP3 session
//   STAT       +OK 2 320
//   LIST       +OK 2 messages (320 octets) / "1 120" ... "."      LIST 1   +OK 1 120
//   UIDL       +OK unique-id listing follows / "1 7.1" ... "."     UIDL 1   +OK 1 7.1
//   RETR 1     +OK 120 octets / the byte-stuffed message / "."
//   TOP 1 0    +OK top of message follows / headers, blank line, k body lines / "."
//   DELE 1     +OK message 1 deleted        again: -ERR message 1 already deleted
//   RSET       +OK maildrop has 2 messages (320 octets)
//   NOOP       +OK
//   CAPA       +OK Capability list follows / USER TOP UIDL [SASL mechs] [STLS] RESP-CODES PIPELINING / "."
//   STLS       +OK Begin TLS negotiation now.     (RFC 2595 §4; then the TLS layer has the bytes)
//              -ERR TLS support isn't enabled. | -ERR TLS is already active. | -ERR TLS initialization failed.
//   before TLS with disable_plaintext_auth (USER, PASS, AUTH PLAIN/LOGIN; with ssl = required any login):
//              -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
//   APOP, AUTH as PASS; AUTH's challenges "+ <base64>"; "*" -ERR authentication aborted;
//              -ERR cannot decode response; -ERR Unrecognized authentication type;
//              -ERR [SYS/TEMP] Temporary authentication failure (the lookup could not be done)
//   QUIT       +OK pop.example POP3 server signing off (1 message left | maildrop empty)
//   errors     -ERR no such message, -ERR invalid argument, -ERR missing argument,
//              -ERR too many arguments, -ERR send USER first, -ERR Unknown command,
//              -ERR command not valid in AUTHORIZATION state (or TRANSACTION),
//              -ERR line too long, -ERR too many errors (then closes)
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/common/tls_policy.hpp"
#include "sim/proto/pop3/commands.hpp"
#include "sim/proto/sasl/credentials.hpp"
#include "sim/proto/sasl/mechanism.hpp"
#include "sim/proto/sasl/server.hpp"
#include "sim/proto/pop3/maildrop.hpp"
#include "sim/proto/pop3/response.hpp"
#include "sim/proto/pop3/states.hpp"

namespace mailsim::pop3 {

struct ServerConfig {
  std::string hostname = "localhost";  // in the greeting and the QUIT reply
  std::size_t max_line = 512;          // command line, counting CRLF (RFC 2449 §4 allows 255; we are lenient)
  std::size_t max_errors = 10;         // bad commands before "-ERR too many errors" and close
  // APOP (RFC 1939 §7): the greeting carries a msg-id "<nonce@hostname>" and APOP is accepted.
  bool apop = false;
  // AUTH (RFC 5034): the SASL mechanisms offered, in CAPA's order; empty: no AUTH.
  std::vector<sasl::Mechanism> sasl_mechanisms = {};
  // PBKDF2 rounds for SCRAM-SHA-256 when the lookup gives a password but no verifier.
  unsigned scram_iterations = 4096;
  // An authentication server checks the logins (sasl::ServerOptions::delegated): AUTH passes the
  // client's messages on, and USER/PASS is passed on as PLAIN, as Dovecot's pop3-login does. APOP
  // needs the plaintext here and is not offered with it.
  bool sasl_delegated = false;
  // STLS (RFC 2595), as Dovecot's `ssl`: no, yes (offered), required (no login of any kind before
  // TLS). `tls_ready`: the node has a certificate (else STLS is refused as a local problem).
  proto::Ssl ssl = proto::Ssl::No;
  bool tls_ready = true;
  // Dovecot's disable_plaintext_auth: USER/PASS and the plaintext SASL mechanisms (PLAIN, LOGIN)
  // only inside TLS; CAPA does not list them before. (Dovecot's default is yes; the node sets it so
  // when the host has TLS.)
  bool disable_plaintext_auth = false;
  // Implicit TLS (RFC 8314 §3.3, Dovecot's `pop3s` listener on 995): the session starts inside TLS.
  // start() says nothing and enters TLS line mode; tls_established() returns the greeting. Inside,
  // STLS is not offered and plaintext logins are allowed (the connection is "secured").
  bool wrappermode = false;
};

// What the node decides for the server. Unset hooks fall back to the store and a counter.
struct ServerHooks {
  // The credentials of a user, for PASS, APOP and AUTH: at once, or Lookup::pending() and later
  // resume(). Unset: the MailStore's account and its plaintext password, at once.
  std::function<sasl::Lookup(const sasl::LookupRequest& request)> lookup_credentials;
  // A fresh nonce per greeting (APOP's msg-id) and per SASL exchange: printable ASCII without ',',
  // '<', '>' and '@'; the node draws it from the world's seeded RNG. Unset: "1", "2", ...
  std::function<std::string()> nonce;
};

class Server {
 public:
  Server(ServerConfig config, mailstore::MailStore& store, ServerHooks hooks = {});
  // A session that ends without QUIT or connection_lost() (the node dropped it) still frees the lock.
  ~Server();
  Server(Server&& other) noexcept;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  Server& operator=(Server&&) = delete;

  // The greeting (nothing with wrappermode: it is sent inside TLS, by tls_established()).
  std::string start();
  // Bytes from the client; returns the replies to every complete command line in them (clients may
  // pipeline, RFC 2449 §6.6). Bytes after the session closed are ignored.
  std::string feed(std::string_view bytes);
  // The connection closed or was reset: releases the maildrop lock and deletes nothing (RFC 1939 §6:
  // without QUIT the server does not enter UPDATE).
  void connection_lost();
  // A credential lookup's answer is pending: nothing more is read until resume().
  bool waiting() const { return waiting_; }
  // The pending lookup's answer: returns the reply it decides and the replies to the commands that
  // arrived meanwhile. Nothing when no lookup is pending (or the answer is itself pending).
  std::string resume(const sasl::Lookup& answer);

  // Something happened for which the transition table has no row (a defect of the table): the
  // session closed. Tests and fuzz targets check it stays false.
  bool table_miss() const { return table_miss_; }
  // Every row the machine takes is reported here (for the trace, and the app's state diagram).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }
  // True once the server has answered QUIT or given up: the node closes the connection after sending.
  bool closed() const { return state_ == State::Closed; }
  State state() const { return state_; }
  // TLS line mode (sim/proto/tls/starttls.hpp): after the +OK to STLS the server reads nothing; the
  // glue runs the handshake and reports its end. tls_established() restarts AUTHORIZATION inside
  // TLS (nothing is sent: RFC 2595 has no new greeting), tls_failed() closes. Both return "".
  bool starting_tls() const { return state_ == State::TlsHandshake; }
  std::string tls_established();
  std::string tls_failed();
  bool tls_active() const { return tls_active_; }

  // The user name given with USER (the authenticated user once in TRANSACTION).
  const std::string& user() const { return user_; }
  const Maildrop& maildrop() const { return maildrop_; }
  // Bytes received that are not yet a complete line: at most max_line while open.
  std::size_t buffered() const { return reader_.buffered(); }

 private:
  friend const std::vector<ServerCommand>& server_commands();
  using Reply = Response;
  static Reply ok(std::string text, std::string body = {});
  static Reply err(std::string text, bool bad = false);

  std::string greeting();
  void on_line(const proto::Line& line, std::string& out);
  // Handlers, one per command of server_commands().
  Reply on_user(std::string_view args);
  Reply on_pass(std::string_view args);
  Reply on_quit(std::string_view args);
  Reply on_stat(std::string_view args);
  Reply on_list(std::string_view args);
  Reply on_uidl(std::string_view args);
  Reply on_retr(std::string_view args);
  Reply on_dele(std::string_view args);
  Reply on_noop(std::string_view args);
  Reply on_rset(std::string_view args);
  Reply on_top(std::string_view args);
  Reply on_capa(std::string_view args);
  Reply on_other(std::string_view args);
  Reply on_stls(std::string_view args);
  std::optional<std::string> stls_offered() const;
  std::optional<std::string> user_offered() const;
  // Whether a login that shows the password may be taken now, and any login at all (ssl = required).
  bool plaintext_auth_allowed() const;
  bool any_auth_allowed() const;
  // Logins other than USER/PASS (server_auth.cpp).
  Reply on_apop(std::string_view args);
  Reply on_auth(std::string_view args);
  Reply on_auth_response(std::string_view line);
  std::optional<std::string> sasl_mechanisms() const;
  // The reply to a step of the SASL exchange; asks the lookup when the step needs credentials.
  Reply auth_step(sasl::Step step);
  // Asks the lookup for `request`; `decide` turns its answer into the reply, now or in resume().
  using Decide = std::function<Reply(Server&, const sasl::Lookup&)>;
  Reply look_up(sasl::LookupRequest request, Decide decide);
  sasl::Lookup store_lookup(const sasl::LookupRequest& request) const;
  // The user has proved who they are: lock and open the maildrop (§8), or say why not.
  Reply open_maildrop(const std::string& user);
  std::string next_nonce();
  // Applies the reply to a command that took `row`: the state, the end of the session, the bytes;
  // or, while its lookup is pending, keeps the row for resume().
  void act(const Transition& row, const Reply& reply, std::string& out);
  void finish(const Transition& row, const Reply& reply, std::string& out);
  void drain(std::string& out);
  Reply listing(std::string_view args, bool uidl);
  Reply on_quit_now();
  // The visible message named by a single numeric argument, or the error reply for it.
  const Maildrop::Entry* message_arg(std::string_view arg, std::size_t& n, Reply& error) const;
  // Takes the row of `command` from the current state; a missing row closes (table_miss()).
  const Transition* row_for(Command command);
  void send(const Reply& reply, std::string& out);
  void release_lock();
  std::string maildrop_summary() const;

  ServerConfig config_;
  ServerHooks hooks_;
  mailstore::MailStore& store_;
  proto::LineReader reader_;
  State state_ = State::Authorization;
  std::string user_;
  bool have_user_ = false;   // USER accepted, PASS may follow
  bool holds_lock_ = false;
  Maildrop maildrop_;
  std::size_t errors_ = 0;
  bool table_miss_ = false;
  bool tls_active_ = false;
  // Takes `row` to `next` (one of its outcomes) and reports it.
  void move(const Transition& row, State next, bool success);
  std::string greeting_msg_id_;                // APOP's "<nonce@hostname>", when on
  std::optional<sasl::ServerSession> sasl_;    // the AUTH exchange under way
  unsigned nonces_ = 0;
  // While a lookup's answer is pending: the row its command took, and what turns the answer into
  // the reply.
  bool waiting_ = false;
  const Transition* waiting_row_ = nullptr;
  Decide decide_;
  proto::StepObserver observer_;
};

}  // namespace mailsim::pop3
