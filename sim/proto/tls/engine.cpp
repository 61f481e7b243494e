// How the Engine drives OpenSSL: two memory BIOs stand in for the socket. The peer's bytes are
// written into `in_` in slices and OpenSSL is run until it wants more (SSL_do_handshake until the
// handshake is done, then SSL_read until nothing is left); whatever OpenSSL wrote meanwhile into
// `out_` is what goes back to the peer. OpenSSL's message callback tells which handshake messages
// and alerts passed, its key log callback hands out the secrets.
#include "sim/proto/tls/engine.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>

#include "sim/proto/tls/records.hpp"

namespace mailsim::tls {

namespace {

// The peer's bytes go to OpenSSL this many at a time, so `in_` never holds more than one slice
// beside the record OpenSSL is reading.
constexpr std::size_t kFeedSlice = 16 * 1024;
// Handshake messages and alerts remembered for the trace. An honest handshake has about a dozen;
// a peer sending KeyUpdate after KeyUpdate must not grow the list without end.
constexpr std::size_t kMaxMessages = 64;

int protocol(Version v) { return v == Version::Tls13 ? TLS1_3_VERSION : TLS1_2_VERSION; }

std::string openssl_reason() {
  const unsigned long e = ERR_peek_last_error();
  const char* r = e ? ERR_reason_error_string(e) : nullptr;
  return r ? r : "";
}

// A copy of `cert` that lives in `lib` (see certificate.hpp: one context per object).
X509* copy_into(OSSL_LIB_CTX* lib, const Certificate& cert) {
  const std::string der = cert.der();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* x = X509_new_ex(lib, nullptr);
  if (x && !d2i_X509(&x, &p, static_cast<long>(der.size()))) x = nullptr;  // d2i frees it on failure
  return x;
}

EVP_PKEY* copy_into(OSSL_LIB_CTX* lib, const Key& key) {
  const std::string der = key.der();
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return d2i_AutoPrivateKey_ex(nullptr, &p, static_cast<long>(der.size()), lib, nullptr);
}

VerifyResult verify_result(SSL* ssl) {
  VerifyResult v;
  v.code = static_cast<int>(SSL_get_verify_result(ssl));
  // A handshake stopped by a failed check has no peer certificate yet, only the check's result.
  v.checked = SSL_get0_peer_certificate(ssl) != nullptr || v.code != X509_V_OK;
  v.ok = v.checked && v.code == X509_V_OK;
  v.error = v.checked ? X509_verify_cert_error_string(v.code) : "no certificate";
  return v;
}

}  // namespace

std::string_view to_string(Version v) { return v == Version::Tls13 ? "TLSv1.3" : "TLSv1.2"; }

std::optional<Version> version_from_string(std::string_view name) {
  if (name == "TLSv1.3") return Version::Tls13;
  if (name == "TLSv1.2") return Version::Tls12;
  return std::nullopt;
}

std::string_view to_string(Engine::State s) {
  switch (s) {
    case Engine::State::Handshake: return "handshake";
    case Engine::State::Established: return "established";
    case Engine::State::Closed: return "closed";
    case Engine::State::Failed: return "failed";
  }
  return "?";
}

std::string Failure::text() const {
  if (!verify_error.empty()) return reason + ": " + verify_error;
  if (!reason.empty()) return reason;
  return alert.empty() ? std::string("TLS failure") : "alert " + alert;
}

Parsed<std::shared_ptr<const Context>> Context::make(std::shared_ptr<const crypto::Library> library,
                                                     ContextConfig config) {
  using Result = Parsed<std::shared_ptr<const Context>>;
  if (config.role == Role::Server && !config.credentials) {
    return Result::fail("a TLS server needs a certificate and key");
  }
  if (protocol(config.min_version) > protocol(config.max_version)) {
    return Result::fail("TLS min_version is above max_version");
  }
  OSSL_LIB_CTX* lib = library->ctx();
  SSL_CTX* ctx = SSL_CTX_new_ex(lib, nullptr, config.role == Role::Server ? TLS_server_method() : TLS_client_method());
  if (!ctx) return Result::fail("OpenSSL cannot make a TLS context");
  auto made = std::shared_ptr<const Context>(new Context(std::move(library), std::move(config), ctx));
  const ContextConfig& c = made->config_;
  SSL_CTX_set_min_proto_version(ctx, protocol(c.min_version));
  SSL_CTX_set_max_proto_version(ctx, protocol(c.max_version));
  // No tickets and no session cache: a ticket carries a timestamp, a cache expires by the clock,
  // and resumption would make the second connection of a lesson unlike the first. No
  // renegotiation: a TLS 1.2 peer could otherwise ask for handshakes without end.
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_num_tickets(ctx, 0);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_keylog_callback(ctx, &Engine::on_keylog);

  if (c.role == Role::Server) {
    const Credentials& cr = *c.credentials;
    X509* leaf = copy_into(lib, cr.leaf());
    EVP_PKEY* key = copy_into(lib, cr.key);
    const bool ok = leaf && key && SSL_CTX_use_certificate(ctx, leaf) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1 &&
                    SSL_CTX_check_private_key(ctx) == 1;
    X509_free(leaf);
    EVP_PKEY_free(key);
    if (!ok) {
      ERR_clear_error();
      return Result::fail("OpenSSL refused the server's certificate or key");
    }
    for (std::size_t i = 1; i < cr.chain.size(); ++i) {
      X509* extra = copy_into(lib, cr.chain[i]);
      if (!extra || SSL_CTX_add0_chain_cert(ctx, extra) != 1) {
        X509_free(extra);
        ERR_clear_error();
        return Result::fail("OpenSSL refused certificate " + std::to_string(i + 1) + " of the server's chain");
      }
    }
  } else {
    X509_STORE* store = SSL_CTX_get_cert_store(ctx);
    for (const Certificate& ca : c.trusted) {
      X509* x = copy_into(lib, ca);
      const bool ok = x && X509_STORE_add_cert(store, x) == 1;
      X509_free(x);
      if (!ok) {
        ERR_clear_error();
        return Result::fail("OpenSSL refused a trusted certificate");
      }
    }
  }
  return Result::ok(std::move(made));
}

Context::~Context() { SSL_CTX_free(ctx_); }

Engine::Engine(std::shared_ptr<const Context> context, EngineOptions options)
    : context_(std::move(context)), options_(std::move(options)) {
  ssl_ = SSL_new(context_->get());
  in_ = BIO_new(BIO_s_mem());
  out_ = BIO_new(BIO_s_mem());
  if (!ssl_ || !in_ || !out_) throw std::runtime_error("OpenSSL: cannot make a TLS connection");
  // An empty memory BIO means "nothing yet", not the end of the stream.
  BIO_set_mem_eof_return(in_, -1);
  BIO_set_mem_eof_return(out_, -1);
  SSL_set_bio(ssl_, in_, out_);
  SSL_set_app_data(ssl_, this);
  SSL_set_msg_callback(ssl_, &Engine::on_message);
  SSL_set_msg_callback_arg(ssl_, this);
  if (context_->role() == Role::Server) {
    SSL_set_accept_state(ssl_);
    return;
  }
  SSL_set_connect_state(ssl_);
  X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl_), static_cast<time_t>(options_.now));
  if (!options_.server_name.empty()) {
    SSL_set_tlsext_host_name(ssl_, options_.server_name.c_str());
    SSL_set1_host(ssl_, options_.server_name.c_str());
  }
  SSL_set_verify(ssl_, options_.require_verified ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
}

Engine::~Engine() { SSL_free(ssl_); }  // frees both BIOs

std::string Engine::start() {
  if (started_) return {};
  started_ = true;
  if (context_->role() == Role::Server) return {};
  std::string plaintext;
  drive(plaintext);
  return take_output();
}

Received Engine::feed_ciphertext(std::string_view bytes) {
  Received r;
  if (!started_) r.to_peer = start();
  while (!bytes.empty() && (state_ == State::Handshake || state_ == State::Established)) {
    const std::size_t n = std::min(bytes.size(), kFeedSlice);
    BIO_write(in_, bytes.data(), static_cast<int>(n));
    bytes.remove_prefix(n);
    drive(r.plaintext);
  }
  r.to_peer += take_output();
  return r;
}

void Engine::drive(std::string& plaintext) {
  if (!handshake_done_) {
    ERR_clear_error();
    const int rc = SSL_do_handshake(ssl_);
    if (rc != 1) {
      const int e = SSL_get_error(ssl_, rc);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) fail(e);
      return;
    }
    handshake_complete();
  }
  char buf[16 * 1024];
  while (state_ == State::Established) {
    ERR_clear_error();
    std::size_t got = 0;
    if (SSL_read_ex(ssl_, buf, sizeof buf, &got) == 1) {
      plaintext.append(buf, got);
      continue;
    }
    const int e = SSL_get_error(ssl_, 0);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) break;
    if (e == SSL_ERROR_ZERO_RETURN) {  // close_notify
      peer_closed_ = true;
      state_ = State::Closed;
      break;
    }
    fail(e);
  }
}

void Engine::handshake_complete() {
  handshake_done_ = true;
  state_ = State::Established;
  session_.version = SSL_version(ssl_) == TLS1_3_VERSION ? Version::Tls13 : Version::Tls12;
  if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl_)) {
    session_.cipher = SSL_CIPHER_get_name(c);
    if (const char* iana = SSL_CIPHER_standard_name(c)) session_.cipher_iana = iana;
  }
  if (const char* g = SSL_group_to_name(ssl_, SSL_get_negotiated_group(ssl_))) session_.group = g;
  if (const char* sni = SSL_get_servername(ssl_, TLSEXT_NAMETYPE_host_name)) session_.server_name = sni;
  if (context_->role() == Role::Client) {
    read_peer_chain();
    session_.verify = verify_result(ssl_);
  }
  if (!pending_.empty()) {
    const std::string waiting = std::move(pending_);
    pending_.clear();
    std::size_t written = 0;
    SSL_write_ex(ssl_, waiting.data(), waiting.size(), &written);
  }
}

void Engine::read_peer_chain() {
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl_)) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      X509* x = sk_X509_value(chain, i);
      X509_up_ref(x);
      session_.peer_chain.push_back(Certificate::adopt(x).info());
    }
  }
}

void Engine::fail(int ssl_error) {
  state_ = State::Failed;
  failure_.reason = openssl_reason();
  if (failure_.reason.empty() && ssl_error == SSL_ERROR_SYSCALL) failure_.reason = "unexpected end of stream";
  if (alert_received_ >= 0) {
    failure_.kind = Failure::Kind::AlertReceived;
    failure_.alert = alert_name(alert_received_);
  } else {
    failure_.kind = Failure::Kind::AlertSent;
    if (alert_sent_ >= 0) failure_.alert = alert_name(alert_sent_);
  }
  if (context_->role() == Role::Client) {
    // A certificate refused in the handshake: the chain it came with is what the class looks at.
    if (!handshake_done_ && session_.peer_chain.empty()) read_peer_chain();
    session_.verify = verify_result(ssl_);
    if (session_.verify.checked && !session_.verify.ok && alert_received_ < 0) {
      failure_.verify_error = session_.verify.error;
    }
  }
  ERR_clear_error();
}

std::string Engine::write_plaintext(std::string_view bytes) {
  if (state_ == State::Handshake) {
    pending_ += bytes;
    return {};
  }
  if (state_ != State::Established || bytes.empty()) return {};
  ERR_clear_error();
  std::size_t written = 0;
  if (SSL_write_ex(ssl_, bytes.data(), bytes.size(), &written) != 1) fail(SSL_get_error(ssl_, 0));
  return take_output();
}

std::string Engine::close() {
  if (!handshake_done_ || state_ == State::Failed || (SSL_get_shutdown(ssl_) & SSL_SENT_SHUTDOWN)) return {};
  ERR_clear_error();
  SSL_shutdown(ssl_);
  ERR_clear_error();
  state_ = State::Closed;
  return take_output();
}

std::size_t Engine::buffered() const { return BIO_ctrl_pending(in_); }

std::string Engine::take_output() {
  std::string out;
  char* p = nullptr;
  const long n = BIO_get_mem_data(out_, &p);
  if (n > 0) out.assign(p, static_cast<std::size_t>(n));
  (void)BIO_reset(out_);
  return out;
}

void Engine::on_message(int write_p, int, int content_type, const void* buf, size_t len, SSL*, void* arg) {
  auto* e = static_cast<Engine*>(arg);
  const auto* b = static_cast<const unsigned char*>(buf);
  Message m;
  m.sent = write_p != 0;
  m.content_type = content_type;
  switch (content_type) {
    case SSL3_RT_HANDSHAKE:
      if (len < 1) return;
      m.handshake_type = b[0];
      m.name = handshake_type_name(b[0]);
      break;
    case SSL3_RT_CHANGE_CIPHER_SPEC: m.name = "ChangeCipherSpec"; break;
    case SSL3_RT_ALERT:
      if (len < 2) return;
      (m.sent ? e->alert_sent_ : e->alert_received_) = b[1];
      m.name = "Alert " + alert_name(b[1]);
      break;
    default: return;  // record headers and inner content types: not messages
  }
  if (e->messages_.size() < kMaxMessages) e->messages_.push_back(std::move(m));
}

void Engine::on_keylog(const SSL* ssl, const char* line) {
  auto* e = static_cast<Engine*>(SSL_get_app_data(ssl));
  if (e && e->options_.keylog) e->options_.keylog(line);
}

}  // namespace mailsim::tls
