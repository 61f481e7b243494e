#pragma once
// A TLS endpoint (RFC 8446 TLS 1.3, RFC 5246 TLS 1.2) on OpenSSL 3, sans-I/O: ciphertext in,
// plaintext out, and the other way; no sockets, no clock. OpenSSL does all of TLS through memory
// BIOs; this class moves bytes, remembers what happened and words failures as values.
//
// Theory of operation. A Context holds what all connections of one side share (an SSL_CTX: the
// versions, a server's certificate and key, a client's trusted CAs) and the library context its
// randomness comes from (sim/proto/crypto/library.hpp: a world's seeded one, or the system's for
// real clients). An Engine is one connection: start() gives a client's ClientHello,
// feed_ciphertext() takes the peer's bytes and returns the plaintext they carried and the records to
// send back (the handshake's next flight, an alert), write_plaintext() encrypts. Nothing in the
// bytes depends on a clock: the certificate check uses the time it is given, session tickets and
// the session cache are off, and every random number comes from the library context.
//
// Verification (client): the server's chain is always checked against the trusted CAs, at the
// given time, for the given host name; session().verify says how it went. With
// require_verified the handshake stops at a failure with the alert OpenSSL sends (what curl, Python
// and `openssl s_client -verify_return_error` do); without it the handshake completes and the
// caller decides, as Postfix does at smtp_tls_security_level = verify.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/crypto/library.hpp"
#include "sim/proto/tls/certificate.hpp"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct bio_st BIO;

namespace mailsim::tls {

enum class Role { Client, Server };
enum class Version { Tls12, Tls13 };
std::string_view to_string(Version v);  // "TLSv1.2", "TLSv1.3": OpenSSL's names, as Postfix logs them
std::optional<Version> version_from_string(std::string_view name);

struct ContextConfig {
  Role role = Role::Server;
  Version min_version = Version::Tls12;
  Version max_version = Version::Tls13;
  std::optional<Credentials> credentials;  // a server's: required
  std::vector<Certificate> trusted;        // a client's trust anchors (may be empty: nothing verifies)
};

class Context {
 public:
  // Refused (with the reason) for a server without credentials or min > max.
  static Parsed<std::shared_ptr<const Context>> make(std::shared_ptr<const crypto::Library> library,
                                                     ContextConfig config);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  Role role() const { return config_.role; }
  const ContextConfig& config() const { return config_; }
  const crypto::Library& library() const { return *library_; }
  SSL_CTX* get() const { return ctx_; }

 private:
  Context(std::shared_ptr<const crypto::Library> library, ContextConfig config, SSL_CTX* ctx)
      : library_(std::move(library)), config_(std::move(config)), ctx_(ctx) {}
  std::shared_ptr<const crypto::Library> library_;  // outlives ctx_ (declared first, freed last)
  ContextConfig config_;
  SSL_CTX* ctx_;
};

struct EngineOptions {
  // Client: the name sent as SNI (RFC 6066) and checked against the certificate (RFC 6125); empty:
  // neither. Server: unused.
  std::string server_name;
  std::int64_t now = 0;  // Unix seconds: the virtual time the certificate's validity is checked at
  bool require_verified = false;
  // One NSS key log line (without its newline) for each secret, as SSLKEYLOGFILE has them.
  std::function<void(std::string_view line)> keylog;
};

struct VerifyResult {
  bool checked = false;   // a chain came and was checked (a client's view)
  bool ok = false;
  int code = 0;           // X509_V_ERR_*, 0 = X509_V_OK
  std::string error;      // OpenSSL's text: "certificate has expired", "hostname mismatch", ...
};

struct SessionInfo {
  Version version = Version::Tls13;
  std::string cipher;       // OpenSSL's name: "TLS_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"
  std::string cipher_iana;  // RFC name, as Wireshark shows it: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"
  std::string group;        // key exchange: "x25519", "secp256r1", ...
  std::string server_name;  // SNI: sent (client) or received (server); empty if none
  std::vector<CertificateInfo> peer_chain;  // the server's chain as sent, leaf first (client only)
  VerifyResult verify;
};

// A failure, as values. `alert` is the alert this side sent or received (RFC names), `reason`
// OpenSSL's reason ("certificate verify failed", "wrong version number", "tlsv1 alert unknown ca"),
// `verify_error` the certificate check's when that was the cause.
struct Failure {
  enum class Kind { None, AlertSent, AlertReceived };
  Kind kind = Kind::None;
  std::string alert;
  std::string reason;
  std::string verify_error;
  // One line as a client prints it: "certificate verify failed: certificate has expired".
  std::string text() const;
};

// A protocol message that passed, for the trace: "ClientHello", "ServerHello", "Certificate",
// "Finished", "ChangeCipherSpec", "Alert close_notify".
struct Message {
  bool sent = false;  // by this side
  int content_type = 0;
  int handshake_type = -1;  // -1 unless a handshake message
  std::string name;
};

struct Received {
  std::string plaintext;  // application data the bytes carried
  std::string to_peer;    // records to send back now (handshake flight, alert, pending writes)
};

class Engine {
 public:
  enum class State { Handshake, Established, Closed, Failed };

  Engine(std::shared_ptr<const Context> context, EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A client's first flight (ClientHello); nothing for a server.
  std::string start();
  // The peer's bytes, any amount, cut anywhere. Bytes after a failure or the peer's close_notify
  // are ignored.
  Received feed_ciphertext(std::string_view bytes);
  // Encrypts; before the handshake is done, the plaintext waits and goes out with the flight that
  // completes it (in the to_peer of feed_ciphertext). Nothing once closed or failed.
  std::string write_plaintext(std::string_view bytes);
  // Our close_notify (RFC 8446 §6.1); nothing if not established or already closed.
  std::string close();

  State state() const { return state_; }
  bool established() const { return state_ == State::Established; }
  bool handshake_done() const { return handshake_done_; }  // stays true after close
  bool peer_closed() const { return peer_closed_; }        // its close_notify came
  const SessionInfo& session() const { return session_; }
  const Failure& failure() const { return failure_; }
  const std::vector<Message>& messages() const { return messages_; }
  // Ciphertext received that OpenSSL has not read yet: less than one feed slice (16 KB), since each
  // slice is read before the next goes in. OpenSSL itself holds at most one partial record besides.
  std::size_t buffered() const;

  // OpenSSL's callbacks (the Context installs the key log one on its SSL_CTX).
  static void on_message(int write_p, int version, int content_type, const void* buf, size_t len, SSL* ssl,
                         void* arg);
  static void on_keylog(const SSL* ssl, const char* line);

 private:
  void drive(std::string& plaintext);
  void fail(int ssl_error);
  void handshake_complete();
  void read_peer_chain();  // a client: the server's chain as sent, into session_.peer_chain
  std::string take_output();

  std::shared_ptr<const Context> context_;
  EngineOptions options_;
  SSL* ssl_ = nullptr;
  BIO* in_ = nullptr;   // the peer's ciphertext, for OpenSSL to read (owned by ssl_)
  BIO* out_ = nullptr;  // OpenSSL's records, for us to send (owned by ssl_)
  State state_ = State::Handshake;
  bool handshake_done_ = false;
  bool peer_closed_ = false;
  bool started_ = false;
  std::string pending_;  // plaintext written before the handshake completed
  SessionInfo session_;
  Failure failure_;
  std::vector<Message> messages_;
  int alert_sent_ = -1;
  int alert_received_ = -1;
};

std::string_view to_string(Engine::State s);  // "handshake", "established", "closed", "failed"

}  // namespace mailsim::tls
