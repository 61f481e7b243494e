#pragma once
// Any line machine under the STARTTLS layer on a virtual connection (docs/tls.md, "Wiring"): the
// servers and clients of POP3's STLS (RFC 2595) and IMAP's STARTTLS (RFC 9051 §6.2.1). They are
// what session_glue.hpp's serve_machine and run_client are for a bare machine, with every step's
// bytes sent by send_step (records and the lines inside them once TLS is on) and the client's
// handshake summary traced. The SMTP server has its own (smtp_glue.cpp), for its pending policy
// answers; the SMTP client runs here too.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sim/nodes/content_split.hpp"
#include "sim/nodes/session_glue.hpp"
#include "sim/nodes/tls_hosts.hpp"
#include "sim/nodes/tls_wire.hpp"
#include "sim/proto/tls/starttls.hpp"

namespace mailsim::nodes {

// A virtual second for the certificate check: the epoch plus the clock.
inline std::int64_t tls_unix_now(const Context& ctx) { return ctx.epoch + ctx.now() / kSecond; }

// What a server machine says on its own later (IMAP's IDLE news, a login an auth server checked):
// through the layer, so it is encrypted once TLS is on.
using LaterWrite = std::function<void(std::string)>;

// Which parts of a real client's lines inside TLS are a message's content, for one connection: it
// is given what the client sent and what the server answered to it, in order (IMAP: an APPEND's
// literal, imap::ClientLiterals).
using RealClientReader = std::function<Pieces(std::string_view from_client, std::string_view from_server)>;

// Serves host:port with a fresh machine per connection under tls::ServerLayer, the engine made
// from `context` when the machine asks. `make` gets the connection and the LaterWrite for it;
// `after` runs after every exchange; `split` says which parts of a reply are message content, in
// clear and inside TLS; `reader` makes a connection's RealClientReader (without one, a real
// client's lines inside TLS are commands).
template <class M>
void serve_tls_machine(Context& ctx, const std::string& host, std::uint16_t port, const std::string& protocol,
                       std::shared_ptr<const tls::Context> context,
                       std::function<std::shared_ptr<M>(const net::Endpoint&, LaterWrite)> make,
                       std::function<void()> after = {},
                       std::function<Pieces(std::string_view request, const std::string& reply)> split = {},
                       std::function<RealClientReader()> reader = {}) {
  ctx.net.listen(host, port, protocol, [&ctx, context, make = std::move(make), after, split, reader](net::Endpoint ep) {
    using Layer = tls::ServerLayer<M>;
    auto holder = std::make_shared<std::weak_ptr<Layer>>();  // weak: the machine must not own its layer
    auto wire = std::make_shared<TlsWire>();
    LaterWrite write = [ep, holder, wire](std::string out) {
      const std::shared_ptr<Layer> layer = holder->lock();
      if (!layer || !ep.open() || out.empty()) return;
      send_step(ep, layer->write(std::move(out)), layer->engine(), *wire, trace::Payload::Reply);
      if (layer->closed()) ep.close();
    };
    std::shared_ptr<M> m = make(ep, write);
    observe(ctx, *m, ep);
    // Chosen per connection: a real client's handshake gets the real-entropy twin (TlsHosts::for_peer).
    auto layer = std::make_shared<Layer>(m, [engine_context = ctx.tls->for_peer(context, ep.peer_host())] {
      return std::make_unique<tls::Engine>(engine_context, tls::EngineOptions{});
    });
    *holder = layer;
    ep.send(layer->start(), trace::Payload::Reply);
    if (layer->closed()) {
      ep.close();
      return;
    }
    const bool real = ctx.tls->real_peer(ep.peer_host());
    ep.set_handlers({
        [ep, layer, wire, after, split, real, read = real && reader ? reader() : RealClientReader{}](std::string_view bytes) {
          if (layer->closed()) return;
          const tls::Step s = layer->step(bytes);
          // A real client's lines inside TLS: only this side can read them (TlsHosts::real_peer).
          if (real && s.encrypted && read) {
            for (const auto& [piece, payload] : read(s.plaintext_in, s.plaintext_out))
              ep.trace_received_inside(piece, payload);
          } else if (real && s.encrypted && !s.plaintext_in.empty()) {
            ep.trace_received_inside(s.plaintext_in, trace::Payload::Command);
          }
          // The message inside a reply (RETR, FETCH BODY[]) is content in clear and inside TLS alike.
          if (!s.encrypted && split)
            for (const auto& [piece, payload] : split(bytes, s.to_peer)) ep.send(piece, payload);
          else if (split)
            send_step(ep, s, layer->engine(), *wire, trace::Payload::Reply, split(s.plaintext_in, s.plaintext_out));
          else
            send_step(ep, s, layer->engine(), *wire, trace::Payload::Reply);
          if (layer->closed()) ep.close();
          if (after) after();
        },
        [ep, layer, after] {
          layer->connection_lost();
          ep.close();
          if (after) after();
        },
        [layer, after] {
          layer->connection_lost();
          if (after) after();
        },
    });
  });
}

// How a client checks the server it talks TLS to.
struct TlsClientCheck {
  std::string server_name;        // SNI, and the name the certificate must carry
  // The handshake fails unless the chain verifies (Postfix's smtp_tls_security_level = verify).
  // Off, the machine's own level decides and words the refusal.
  bool require_verified = false;
  // Gets the engine's words when the handshake fails (the MTA logs them); may be null.
  std::shared_ptr<std::string> failure;
};

// One client session under tls::ClientLayer, for SMTP, POP3 and IMAP alike: as MachineRun
// (session_glue.hpp), but what goes out is a layer's step, and the handshake's end is traced from
// the client's side.
template <class M>
class TlsMachineRun : public std::enable_shared_from_this<TlsMachineRun<M>> {
 public:
  using Layer = tls::ClientLayer<M>;
  using Classify = typename MachineRun<M>::Classify;
  TlsMachineRun(std::shared_ptr<M> m, std::function<void(ClientOutcome)> done, std::function<void()> progress,
                Classify classify, TlsClientCheck check)
      : m_(std::move(m)), done_(std::move(done)), progress_(std::move(progress)), classify_(std::move(classify)),
        check_(std::move(check)) {}

  // `reply_timeout` (0: none): how long the client waits for the server's first bytes.
  void start(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
             Duration timeout, Duration reply_timeout) {
    auto self = this->shared_from_this();
    ctx.net.connect(from_host, address, port, timeout,
                    {[self, &ctx, reply_timeout](net::Endpoint ep) {
                       self->connected(ctx, ep);
                       self->timer_.arm(ctx.scheduler, reply_timeout, [self, &ctx, ep, reply_timeout] {
                         if (self->finished_) return;
                         give_up_waiting(ctx, *self->m_, ep, reply_timeout);
                         self->finish({true, {}});
                       });
                     },
                     [self](net::ConnectError, const std::string& why) { self->finish({false, why}); }},
                    reply_timeout);
  }

 private:
  void connected(Context& ctx, net::Endpoint ep) {
    observe(ctx, *m_, ep);
    TlsHosts* hosts = ctx.tls;
    layer_ = std::make_shared<Layer>(m_, [&ctx, hosts, server_name = check_.server_name,
                                          require = check_.require_verified] {
      tls::EngineOptions o;
      o.server_name = server_name;
      o.now = tls_unix_now(ctx);
      o.require_verified = require;
      o.keylog = [hosts](std::string_view line) { hosts->add_keylog(line); };
      return std::make_unique<tls::Engine>(hosts->client(), std::move(o));
    });
    auto self = this->shared_from_this();
    ep.set_handlers({
        [self, ep, &ctx](std::string_view bytes) {
          if (self->finished_) return;
          self->timer_.stop();
          const int before = static_cast<int>(self->layer_->state());
          const tls::Step s = self->layer_->step(bytes);
          const int after = static_cast<int>(self->layer_->state());
          const tls::Engine* engine = self->layer_->engine();
          // The summary first: the records that follow (our Finished, the EHLO or CAPA) are the session's.
          if ((s.handshake_done || s.handshake_failed) && engine) trace_handshake(ctx, ep, *engine);
          if (s.handshake_failed && engine && self->check_.failure) *self->check_.failure = engine->failure().text();
          send_step(ep, s, engine, self->wire_,
                    self->classify_ ? self->classify_(before, after) : trace::Payload::Command);
          if (self->progress_) self->progress_();
          if (self->layer_->done()) {
            if (ep.open()) ep.close();
            self->finish({true, {}});
          }
        },
        [self, ep] {
          self->layer_->connection_lost();
          if (ep.open()) ep.close();
          self->finish({true, {}});
        },
        [self] {
          self->layer_->connection_lost();
          self->finish({true, {}});
        },
    });
    // Implicit TLS (SMTPS 465, IMAPS 993, POP3S 995): the ClientHello goes out as the connection
    // opens. A STARTTLS client says nothing here (the server greets first): the step is empty.
    const tls::Step first = layer_->start();  // before engine(): start() makes it
    send_step(ep, first, layer_->engine(), wire_, trace::Payload::Command);
  }
  void finish(ClientOutcome o) {
    if (finished_) return;
    finished_ = true;
    timer_.stop();
    if (progress_) progress_();
    auto cb = std::move(done_);
    if (cb) cb(std::move(o));
  }

  std::shared_ptr<M> m_;
  std::shared_ptr<Layer> layer_;
  TlsWire wire_;
  FirstReplyTimer timer_;
  std::function<void(ClientOutcome)> done_;
  std::function<void()> progress_;
  Classify classify_;
  TlsClientCheck check_;
  bool finished_ = false;
};

// run_client (session_glue.hpp) under TLS: the same arguments, and how the server is checked.
template <class M>
void run_tls_client(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
                    Duration timeout, TlsClientCheck check, std::shared_ptr<M> m,
                    std::function<void(ClientOutcome)> done, std::function<void()> progress = {},
                    typename MachineRun<M>::Classify classify = {}, Duration reply_timeout = 0) {
  std::make_shared<TlsMachineRun<M>>(std::move(m), std::move(done), std::move(progress), std::move(classify),
                                     std::move(check))
      ->start(ctx, from_host, address, port, timeout, reply_timeout);
}

}  // namespace mailsim::nodes
