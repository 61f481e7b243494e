#pragma once
// STARTTLS as a layer: a plaintext line machine with a TLS engine slid under it when the machine
// asks (RFC 3207 for SMTP; POP3's STLS and IMAP's STARTTLS follow the same shape). The pair looks
// like a machine to the session glue (start, feed(bytes) -> bytes, closed/done, connection_lost),
// so nodes/session_glue serves it as it serves a bare machine; the bytes it returns are ciphertext
// once TLS is on.
//
// Theory of operation. The machine stays a plaintext line machine and decides everything a
// protocol decides (whether STARTTLS is offered, the 220, what is forgotten, the policy on a
// certificate). It says it wants TLS by entering its TLS line mode (starting_tls()); from that
// moment the layer gives every byte from the wire to a new Engine and never to the machine, so
// plaintext that followed the STARTTLS line is gone with the machine's reader (the machine dropped
// it) and nothing the peer sends before the handshake ends can reach the machine. When the engine's
// handshake ends, the layer tells the machine (tls_established / tls_failed) and from then on feeds
// it the plaintext the engine decrypts and encrypts what it answers. When the machine is finished,
// the layer adds the engine's close_notify.
//
// Each feed() returns a Step: the wire bytes and, for the trace, the plaintext on both sides of
// the engine and whether the handshake ended in it. The engine (its session, failure and messages)
// stays readable for the summary.
//
// Implicit TLS (RFC 8314: SMTP submissions on 465, IMAP on 993, POP3 on 995) is the same layer
// with the engine there from the first byte. The machine, configured for it, is in its TLS line
// mode as soon as the connection opens: a server's start() says nothing (its greeting must not
// leave in plain text) and a client's start() enters the mode; the layer's start() sees
// starting_tls() and makes the engine at once (a client's ClientHello goes out). When the
// handshake ends the machine is told as after STARTTLS, and knows from its configuration that its
// session begins there: a server's tls_established() returns its greeting, which the layer
// encrypts; a client's returns nothing and the greeting is awaited inside TLS. Plain text sent to
// such a port goes to the engine, which fails the handshake as OpenSSL does ("wrong version
// number"); the machine never reads it.
//
// The machine types need: starting_tls(); start() (a server's greeting; a client's, optional, what
// it says when the connection opens); a server tls_established() -> bytes and tls_failed(); a
// client tls_established(bool certificate_verified) -> bytes, tls_failed() and done().
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "sim/proto/tls/engine.hpp"

namespace mailsim::tls {

struct Step {
  std::string to_peer;        // for the wire: plaintext before TLS, records after
  std::string plaintext_in;   // what the machine was fed (the peer's lines, decrypted inside TLS)
  std::string plaintext_out;  // what the machine answered (before encryption)
  bool handshake_done = false;    // the TLS handshake completed during this step
  bool handshake_failed = false;  // ... or failed
  bool encrypted = false;         // to_peer is TLS records (also when it carries the ClientHello)
};

// Makes the engine when the machine asks for TLS; the glue knows which library context (a world's
// seeded one, or the system's for a real client), which certificate and which virtual time.
using EngineFactory = std::function<std::unique_ptr<Engine>()>;

namespace detail {
inline void close_after(Engine& engine, bool finished, Step& s) {
  if (finished && engine.handshake_done()) s.to_peer += engine.close();
}

// What both layers do once the engine is under the machine: report the handshake's end once, then
// decrypt the peer's bytes for the machine and encrypt what it answers.
template <class M>
class LayerBase {
 public:
  M& machine() { return *m_; }
  const Engine* engine() const { return engine_.get(); }
  // The session began inside TLS (implicit TLS): the engine was made when the connection opened.
  bool implicit() const { return implicit_; }

 protected:
  LayerBase(std::shared_ptr<M> machine, EngineFactory make_engine)
      : m_(std::move(machine)), make_engine_(std::move(make_engine)) {}

  // `established()` tells the machine the handshake ended and returns its answer; `finished()` says
  // the machine wants no more input. False when the engine had failed or failed now: nothing more
  // goes out, not even a close_notify.
  template <class Established, class Finished>
  bool inside_tls(std::string_view wire, Step& s, Established established, Finished finished) {
    s.encrypted = true;
    if (engine_->state() == Engine::State::Failed) return false;
    Received r = engine_->feed_ciphertext(wire);
    s.to_peer = std::move(r.to_peer);
    if (!reported_ && engine_->handshake_done()) {
      reported_ = true;
      s.handshake_done = true;
      answer(established(), s);
    }
    if (!reported_ && engine_->state() == Engine::State::Failed) {
      reported_ = true;
      s.handshake_failed = true;
      m_->tls_failed();
      return false;
    }
    if (!r.plaintext.empty() && !finished()) {
      s.plaintext_in = std::move(r.plaintext);
      answer(m_->feed(s.plaintext_in), s);
    }
    return true;
  }

  void answer(const std::string& plaintext, Step& s) {
    if (plaintext.empty()) return;
    s.plaintext_out += plaintext;
    s.to_peer += engine_->write_plaintext(plaintext);
  }

  std::shared_ptr<M> m_;
  EngineFactory make_engine_;
  std::unique_ptr<Engine> engine_;
  bool reported_ = false;
  bool implicit_ = false;
};
}  // namespace detail

template <class M>
class ServerLayer : public detail::LayerBase<M> {
  using Base = detail::LayerBase<M>;
  using Base::engine_;
  using Base::m_;
  using Base::make_engine_;

 public:
  ServerLayer(std::shared_ptr<M> machine, EngineFactory make_engine) : Base(std::move(machine), std::move(make_engine)) {}

  // The machine's greeting; nothing when it starts inside TLS (implicit TLS), whose engine waits
  // from now on for the client's ClientHello.
  std::string start() {
    std::string out = m_->start();
    if (!engine_ && m_->starting_tls()) {
      engine_ = make_engine_();
      this->implicit_ = true;
    }
    return out;
  }

  Step step(std::string_view wire) {
    Step s;
    if (!engine_) {
      s.plaintext_in = std::string(wire);
      s.plaintext_out = m_->feed(wire);
      s.to_peer = s.plaintext_out;  // the 220 to STARTTLS goes in plain text
      // The machine took STARTTLS: whatever followed it in `wire` it has dropped; what comes next
      // is the engine's.
      if (m_->starting_tls()) engine_ = make_engine_();
      return s;
    }
    if (!this->inside_tls(wire, s, [this] { return m_->tls_established(); }, [this] { return m_->closed(); })) return s;
    // The client's close_notify: answer it with ours (RFC 8446 §6.1), the TCP close follows.
    detail::close_after(*engine_, m_->closed() || engine_->peer_closed(), s);
    return s;
  }
  std::string feed(std::string_view wire) { return step(wire).to_peer; }

  // What the machine says on its own, later: the reply a pending policy hook gave at last
  // (Server::resume), sent through the engine once TLS is on.
  Step write(std::string plaintext) {
    Step s;
    s.plaintext_out = plaintext;
    if (!engine_) {
      s.to_peer = std::move(plaintext);
      return s;
    }
    s.encrypted = true;
    if (!engine_->handshake_done()) return s;  // nothing of the machine's is due before
    s.to_peer = engine_->write_plaintext(plaintext);
    detail::close_after(*engine_, m_->closed(), s);
    return s;
  }

  // The machine said its last word (221, 421), or TLS ended under it.
  bool closed() const {
    return m_->closed() || (engine_ && (engine_->state() == Engine::State::Failed || engine_->peer_closed()));
  }
  void connection_lost() {
    if constexpr (requires { m_->connection_lost(); }) m_->connection_lost();
  }
};

template <class M>
class ClientLayer : public detail::LayerBase<M> {
  using Base = detail::LayerBase<M>;
  using Base::engine_;
  using Base::m_;
  using Base::make_engine_;

 public:
  ClientLayer(std::shared_ptr<M> machine, EngineFactory make_engine) : Base(std::move(machine), std::move(make_engine)) {}

  // The connection opened: what the machine says first (SMTP's client: nothing) and, for a machine
  // that starts inside TLS (implicit TLS), the ClientHello.
  Step start() {
    Step s;
    if constexpr (requires { m_->start(); }) s.plaintext_out = m_->start();
    s.to_peer = s.plaintext_out;
    if (!engine_ && m_->starting_tls()) {
      engine_ = make_engine_();
      this->implicit_ = true;
      s.to_peer += engine_->start();
      s.encrypted = true;
    }
    return s;
  }

  Step step(std::string_view wire) {
    Step s;
    if (!engine_) {
      s.plaintext_in = std::string(wire);
      s.plaintext_out = m_->feed(wire);
      s.to_peer = s.plaintext_out;
      if (m_->starting_tls()) {
        // The 220 came: our ClientHello goes out at once (the machine had nothing more to say).
        engine_ = make_engine_();
        s.to_peer += engine_->start();
        s.encrypted = true;
      }
      return s;
    }
    if (!this->inside_tls(wire, s, [this] { return m_->tls_established(engine_->session().verify.ok); },
                          [this] { return m_->done(); }))
      return s;
    detail::close_after(*engine_, m_->done(), s);
    return s;
  }
  std::string feed(std::string_view wire) { return step(wire).to_peer; }

  bool done() const { return m_->done(); }
  auto state() const { return m_->state(); }
  void connection_lost() { m_->connection_lost(); }
};

}  // namespace mailsim::tls
