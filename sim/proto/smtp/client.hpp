#pragma once
// SMTP client protocol machine (RFC 5321), sans-I/O: the server's bytes in, the client's bytes out.
// One machine delivers one message (one envelope, any number of recipients) over one connection.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sasl/client.hpp"
#include "sim/proto/smtp/client_states.hpp"
#include "sim/proto/smtp/envelope.hpp"
#include "sim/proto/smtp/reply.hpp"

namespace mailsim::smtp {

// Postfix's smtp_tls_security_level: no TLS; STARTTLS when offered, else plain text (opportunistic);
// TLS or defer, the certificate not checked; TLS with a certificate that verifies for the server's
// name, or defer ("Server certificate not verified").
enum class ClientTlsLevel { None, May, Encrypt, Verify };

struct ClientJob {
  std::string helo_name;               // our name for EHLO/HELO
  std::string mail_from;               // "" for the null reverse-path (bounces)
  std::vector<std::string> rcpt_to;
  std::string data;                    // RFC 5322 message, CRLF line endings, not yet dot-stuffed
  // SMTP AUTH (RFC 4954): when set, authenticate with this mechanism, user and password after EHLO
  // and before MAIL. A server that does not offer the mechanism, a refusal (535, 454, ...) or a
  // server that cannot prove itself (SCRAM) fails the session; the message is the caller's to keep.
  std::optional<sasl::ClientOptions> auth = std::nullopt;
  // MAIL FROM's AUTH= parameter (RFC 4954 §5), sent when the server offers AUTH: the mailbox the
  // message was submitted by, "" for AUTH=<>. A relay passes on what its server side kept.
  std::optional<std::string> mail_auth = std::nullopt;
  ClientTlsLevel tls_level = ClientTlsLevel::None;
  std::string server_name = {};        // the server's host name: named in TLS failures; the glue
                                       // checks the certificate against it at Verify
  std::string server_address = {};     // its address, when known: failures name "host[address]"
  // Implicit TLS (RFC 8314, Postfix's smtp_tls_wrappermode; port 465): TLS from the first byte,
  // then the greeting inside it. tls_level still decides about the certificate (Verify) and is
  // never None here (a handshake that fails defers at any level).
  bool tls_wrappermode = false;
};

enum class RecipientStatus { Pending, Accepted, Delivered, TempFailed, PermFailed };

struct RecipientResult {
  std::string address;
  RecipientStatus status = RecipientStatus::Pending;
  Reply reply;                         // the reply that decided the status
};

class Client {
 public:
  explicit Client(ClientJob job);

  // Bytes from the server; returns the bytes to send. Falls back from EHLO to HELO on 5xx (§4.1.4
  // says servers that do not know EHLO answer 500/502); uses SIZE, 8BITMIME and PIPELINING when the
  // EHLO reply offers them (with PIPELINING: MAIL and all RCPTs and DATA in one write, RFC 2920).
  std::string feed(std::string_view bytes);
  // The connection opened. SMTP's server speaks first, so this says nothing; with
  // tls_wrappermode it enters AwaitTls (starting_tls()), so that the layer sends the ClientHello.
  std::string start();
  // The glue's timeout: nothing came from the server in time (AwaitGreeting, or AwaitTls before
  // the handshake ended). Every undecided recipient TempFailed "421 4.4.2 conversation with <host>
  // timed out while receiving the initial server greeting" (Postfix's words), Done, no QUIT.
  void timed_out();
  // The connection closed (or reset) before the dialog ended: every recipient not yet decided
  // becomes TempFailed with a synthetic "421 4.4.2 connection lost" reply.
  void connection_lost();

  // STARTTLS (RFC 3207). After the server's 220 the machine is in ClientState::AwaitTls and reads
  // nothing (bytes after the 220 in the same chunk are dropped: plaintext a man in the middle could
  // have put there). The glue runs the handshake (tls::Engine) and reports its end:
  // tls_established() returns the EHLO that restarts the session inside TLS, or nothing when, at
  // Verify, the certificate did not verify (every undecided recipient TempFailed "454 4.7.5 Server
  // certificate not verified", Done, no QUIT, as Postfix); with tls_wrappermode it returns nothing
  // and the greeting is awaited inside TLS; tls_failed() ends with "Cannot start
  // TLS: handshake failure". From then on the glue feeds the decrypted replies and encrypts what the
  // machine returns.
  bool starting_tls() const { return state_ == ClientState::AwaitTls; }
  std::string tls_established(bool certificate_verified);
  void tls_failed();
  bool tls_active() const { return tls_active_; }

  bool done() const { return state_ == ClientState::Done; }
  ClientState state() const { return state_; }
  const std::vector<RecipientResult>& recipients() const { return results_; }
  // The reply that ended the transaction early (greeting, EHLO/HELO, MAIL or DATA failure), if any.
  const Reply& session_error() const { return session_error_; }

  // Bytes received that are not yet a complete reply line. Stays bounded (about two line limits)
  // whatever the server sends, so a test can check a hostile peer cannot grow our memory.
  std::size_t buffered() const { return reader_.buffered(); }
  // An event came for which the transition table has no row (a defect of the table); the machine
  // stopped. Tests and fuzz targets check it stays false.
  bool table_miss() const { return table_miss_; }
  // Every row the machine takes is reported here (for the trace, and the app's state diagram).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }

 private:
  // implementation detail, free for the implementer to change
  std::string on_line(const proto::Line& line);
  std::string on_reply(const Reply& reply);
  std::string on_greeting(const Reply& reply);
  std::string on_ehlo(const Reply& reply);
  std::string on_helo(const Reply& reply);
  std::string start_auth();
  std::string on_auth(const Reply& reply);
  std::string cancel_auth(std::string reason);
  std::string on_starttls(const Reply& reply);
  // The reply that defers a job whose policy wants TLS the server does not give.
  Reply tls_required(const std::string& why) const;
  std::string server_named() const;  // "mx.example[192.0.2.25]", as Postfix names a peer
  static Reply local_reply(int code, std::string enhanced, std::string text);
  void end_tls(const Reply& reply);
  std::string on_mail(const Reply& reply);
  std::string on_rcpt(const Reply& reply);
  std::string on_data(const Reply& reply);
  std::string on_data_end(const Reply& reply);
  // Starts MAIL (pipelined: MAIL, RCPTs, DATA) after EHLO/HELO (HelloAccepted), AUTH (AuthAccepted)
  // or a refused STARTTLS (StarttlsRefused).
  std::string begin_transaction(ClientEvent how);
  std::string mail_command() const;
  std::string rcpt_command(std::size_t index) const;
  std::string give_up(const Reply& reply);
  std::string quit(ClientEvent why);
  // Moves along the table; the only place the state changes.
  void go(ClientEvent event);
  std::string protocol_error(const Reply& reply);
  void record_ehlo_keywords(const Reply& reply);
  void fail_undecided(const Reply& reply);
  void set_session_error(const Reply& reply);
  bool any_accepted() const;

  ClientJob job_;
  proto::LineReader reader_;
  ReplyParser parser_;
  ClientState state_ = ClientState::AwaitGreeting;
  std::vector<RecipientResult> results_;
  Reply session_error_;
  // What the EHLO reply offered; all stay false/0 after a HELO fallback.
  bool pipelining_ = false;
  bool eight_bit_mime_ = false;
  bool enhanced_codes_ = false;
  bool size_offered_ = false;
  bool starttls_offered_ = false;
  bool tls_active_ = false;
  std::size_t size_limit_ = 0;    // RFC 1870: 0 (or no number) means no fixed limit
  bool auth_offered_ = false;     // the EHLO reply named AUTH (RFC 4954 §3)
  std::vector<std::string> auth_mechanisms_;  // ... with these mechanisms, as named
  std::optional<sasl::ClientSession> sasl_;   // the exchange, from AUTH to its reply
  std::size_t next_rcpt_ = 0;     // the recipient whose RCPT reply comes next
  std::size_t reply_bytes_ = 0;   // text of the multi-line reply being read, to bound it
  bool table_miss_ = false;
  proto::StepObserver observer_;
};

}  // namespace mailsim::smtp
