#pragma once
// POP3 client protocol machine (RFC 1939), sans-I/O: the server's bytes in, the client's bytes out.
// One machine downloads one maildrop over one connection, as a mail client's "check mail" does:
//
//   S: +OK greeting          C: USER alice
//   S: +OK ...               C: PASS secret
//   S: +OK ...               C: UIDL
//   S: +OK / "1 7.1" / "."   C: RETR 1            (each message whose unique-id is not yet known)
//   S: +OK / message / "."   C: DELE 1            (only with delete_after)
//   S: +OK ...               C: QUIT
//   S: +OK ...               done
//
// Instead of USER/PASS the job may log in with APOP (RFC 1939 §7: the digest of the greeting's msg-id
// and the password) or AUTH (RFC 5034: a SASL mechanism, with the initial response where it fits the
// 255-octet command line of RFC 2449 §4; "*" cancels a challenge it cannot answer).
//
// A -ERR to USER, PASS, APOP, AUTH, UIDL, RETR or DELE fails the job (error() holds the command and the reply)
// and the client says QUIT. Messages downloaded before a failure stay in downloaded(); without a
// successful QUIT the server deletes none of them (§6).
//
// With a TLS level (ClientJob::tls) the client asks CAPA after the greeting, and when STLS is listed
// (RFC 2595 §4) sends it and, after the +OK, hands the connection to the TLS layer (starting_tls());
// inside TLS it asks CAPA again and logs in. Not offered, or refused: at may the login goes on in
// plain text; at encrypt and verify the client says QUIT without a password ("STLS: TLS is
// required, but was not offered by host pop.example"). Anything the server sent after the +OK to
// STLS in plain text is dropped, never read as if it had come inside TLS.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/common/diagram.hpp"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/common/tls_policy.hpp"
#include "sim/proto/pop3/client_states.hpp"
#include "sim/proto/sasl/client.hpp"

namespace mailsim::pop3 {

enum class Login { UserPass, Apop, Auth };

struct ClientJob {
  std::string user, password;
  bool delete_after = true;            // DELE each downloaded message ("leave mail on server" off)
  std::set<std::string> known_uidls;   // keep mode: messages with these unique-ids are skipped
  Login login = Login::UserPass;
  sasl::Mechanism mechanism = sasl::Mechanism::Plain;  // for Login::Auth
  // SCRAM's client nonce, fresh per session from the caller (printable ASCII without ","; a SCRAM
  // job without one is a programmer's error: std::invalid_argument).
  std::string sasl_nonce = {};
  // A server that asks for more SCRAM rounds than this is refused: it could make us spin.
  unsigned scram_max_iterations = 100000;
  // STLS: none, may, encrypt, verify (as SMTP's smtp_tls_security_level), and the name the server's
  // certificate must carry at verify (also in the error text).
  proto::ClientTls tls = proto::ClientTls::None;
  std::string server_name = {};
  // Implicit TLS (RFC 8314, port 995; a mail program's "SSL/TLS"): TLS from the first byte. start()
  // enters AwaitTls, tls_established() says nothing and the greeting is awaited inside TLS.
  bool wrappermode = false;
};

struct Downloaded {
  std::string uidl;
  std::string raw;                     // un-byte-stuffed, CRLF line endings
};

class Client {
 public:
  // Limits that keep memory bounded whatever the server sends.
  static constexpr std::size_t kMaxLine = 64 * 1024;                 // any one line, counting CRLF
  static constexpr std::size_t kMaxMultiline = 64 * 1024 * 1024;     // one multi-line response

  explicit Client(ClientJob job);

  // The connection opened: nothing to say (POP3's server speaks first); with wrappermode the TLS
  // layer takes the bytes from here (starting_tls()).
  std::string start();

  // Bytes from the server; returns the bytes to send.
  std::string feed(std::string_view bytes);
  // The connection closed or was reset. Before the reply to QUIT this is a failure.
  void connection_lost();

  bool done() const { return state_ == ClientState::Done; }
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  ClientState state() const { return state_; }
  const std::vector<Downloaded>& downloaded() const { return downloaded_; }
  // TLS line mode (sim/proto/tls/starttls.hpp): after the +OK to STLS the client reads nothing; the
  // glue runs the handshake. tls_established() returns the CAPA that starts the session inside TLS,
  // or "" when the level is verify and the certificate did not verify (Done, no QUIT: nothing more is
  // said to a server that may be an impostor); tls_failed() ends the session.
  bool starting_tls() const { return state_ == ClientState::AwaitTls; }
  std::string tls_established(bool certificate_verified);
  void tls_failed();
  bool tls_active() const { return tls_active_; }
  // Bytes received that are not yet a complete line: at most kMaxLine.
  std::size_t buffered() const { return reader_.buffered(); }
  // Something happened for which the transition table has no row (client_states.hpp): a defect.
  bool table_miss() const { return table_miss_; }
  // Told of every row the client takes (for the app's state diagram).
  void set_observer(proto::StepObserver observer) { observer_ = std::move(observer); }

 private:
  // implementation detail, free to change
  struct Listed {
    std::size_t number;
    std::string uidl;
  };
  void on_line(const proto::Line& line, std::string& out);
  void on_status(bool ok, std::string_view text, std::string& out);
  void log_in(std::string_view greeting, std::string& out);
  // After the capabilities (or a refused STLS): STLS, the login, or QUIT when TLS is required.
  void after_capa(bool stls_listed, std::string& out);
  void on_challenge(std::string_view challenge, std::string& out);
  void logged_in(std::string& out);
  void on_multiline_end(std::string& out);
  void next_message(std::string& out);
  void fail(std::string error, std::string& out);   // records the error, says QUIT
  void protocol_error(std::string error);           // the stream makes no sense: stop at once
  void go(ClientEvent event);                       // every state change, through the table

  ClientJob job_;
  proto::LineReader reader_;
  ClientState state_ = ClientState::AwaitGreeting;
  bool in_multiline_ = false;
  bool multiline_overflow_ = false;   // past a limit: read on to "." but keep nothing
  std::string multiline_;             // the data so far, unstuffed, CRLF line endings
  std::vector<Listed> todo_;          // from UIDL, messages still to download
  std::size_t next_ = 0;              // index in todo_ of the message being downloaded
  std::vector<Downloaded> downloaded_;
  std::string error_;
  std::optional<sasl::ClientSession> sasl_;  // Login::Auth, from AUTH to its +OK
  std::string greeting_;              // kept for APOP's timestamp while CAPA and STLS come first
  bool tls_active_ = false;
  bool table_miss_ = false;
  proto::StepObserver observer_;
};

}  // namespace mailsim::pop3
