#include "sim/nodes/smtp_glue.hpp"

#include <memory>

#include "sim/nodes/session_glue.hpp"
#include "sim/nodes/tls_hosts.hpp"
#include "sim/nodes/tls_wire.hpp"

namespace mailsim::nodes {

namespace {
smtp::TlsLevel server_level(scenario::TlsLevel l) {
  switch (l) {
    case scenario::TlsLevel::None: return smtp::TlsLevel::None;
    case scenario::TlsLevel::May: return smtp::TlsLevel::May;
    case scenario::TlsLevel::Encrypt:
    case scenario::TlsLevel::Verify: return smtp::TlsLevel::Encrypt;  // the loader keeps verify off servers
  }
  return smtp::TlsLevel::None;
}

// A virtual second for the certificate check: the epoch plus the clock.
std::int64_t unix_now(const Context& ctx) { return ctx.epoch + ctx.now() / kSecond; }

// After the 354 the client sends the message itself: mark it as content for the viewers. With
// PIPELINING the 354 comes in the same chunk as the MAIL and RCPT replies, so only the state
// reached tells.
trace::Payload client_payload(int before, int after) {
  constexpr int data_end = static_cast<int>(smtp::ClientState::AwaitDataEnd);
  return before != data_end && after == data_end ? trace::Payload::Content : trace::Payload::Command;
}

// A handshake on the implicit TLS port that ended without TLS, as Postfix's smtpd logs it
// ("SSL_accept error from laptop[10.0.0.10]: lost connection"): the server's side of the story,
// since only the client writes the `tls` event.
void note_accept_error(Context& ctx, const net::Endpoint& ep, const std::string& why) {
  ctx.note(ep.local_host(), "SSL_accept error from " + ep.peer_host() + "[" + ep.peer_address() + "]: " + why);
}

// Serves one connection with the machine under a STARTTLS layer (the host has a certificate); the
// layer runs TLS from the first byte when the machine starts inside it (smtpd_tls_wrappermode).
void serve_tls_session(Context& ctx, net::Endpoint ep, std::shared_ptr<smtp::Server> m,
                       std::shared_ptr<const tls::Context> context) {
  observe(ctx, *m, ep);
  auto layer = std::make_shared<SmtpLayer>(
      m, [context] { return std::make_unique<tls::Engine>(context, tls::EngineOptions{}); });
  auto wire = std::make_shared<TlsWire>();
  ctx.tls->add_session(ep.id(), layer, wire);
  ep.send(layer->start(), trace::Payload::Reply);
  if (layer->closed()) {
    ep.close();
    return;
  }
  // Implicit TLS only, so that what STARTTLS sessions trace stays as it was.
  auto unfinished = [layer] {
    return layer->implicit() && layer->engine() && layer->engine()->state() == tls::Engine::State::Handshake;
  };
  ep.set_handlers({
      [&ctx, ep, layer, wire](std::string_view bytes) {
        if (layer->closed()) return;
        const tls::Step s = layer->step(bytes);
        // A real client's lines inside TLS: only this side can read them (TlsHosts::real_peer).
        if (s.encrypted && !s.plaintext_in.empty() && ctx.tls->real_peer(ep.peer_host()))
          ep.trace_received_inside(s.plaintext_in, trace::Payload::Command);
        send_step(ep, s, layer->engine(), *wire, trace::Payload::Reply);
        if (s.handshake_failed && layer->implicit()) note_accept_error(ctx, ep, layer->engine()->failure().text());
        if (layer->closed()) ep.close();
      },
      [&ctx, ep, layer, unfinished] {
        if (unfinished()) note_accept_error(ctx, ep, "lost connection");
        layer->connection_lost();
        ep.close();
      },
      [layer] { layer->connection_lost(); },
  });
}

// Sends a pending policy answer the machine gave: through the TLS layer when the session has one.
void send_resumed(Context& ctx, smtp::Server& s, const net::Endpoint& ep, std::string out) {
  if (ctx.tls)
    if (const TlsHosts::Session session = ctx.tls->session(ep.id()); session.layer) {
      const auto& layer = session.layer;
      send_step(ep, layer->write(std::move(out)), layer->engine(), *session.wire, trace::Payload::Reply);
      if (layer->closed()) ep.close();
      return;
    }
  ep.send(out, trace::Payload::Reply);
  if (s.closed()) ep.close();
}

// One delivery with the client machine under a STARTTLS layer: as MachineRun (session_glue.hpp),
// but what goes out is a layer's step, and the handshake's end is traced.
class TlsClientRun : public std::enable_shared_from_this<TlsClientRun> {
 public:
  using Layer = tls::ClientLayer<smtp::Client>;
  // `tls_failure` gets the engine's words when the handshake fails.
  TlsClientRun(std::shared_ptr<smtp::Client> m, std::function<void(ClientOutcome)> done, bool require_verified,
               std::shared_ptr<std::string> tls_failure)
      : m_(std::move(m)), done_(std::move(done)), require_verified_(require_verified),
        tls_failure_(std::move(tls_failure)) {}

  void start(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
             Duration timeout, std::string server_name, Duration reply_timeout) {
    auto self = shared_from_this();
    ctx.net.connect(from_host, address, port, timeout,
                    {[self, &ctx, server_name, reply_timeout](net::Endpoint ep) {
                       self->connected(ctx, ep, server_name);
                       self->timer_.arm(ctx.scheduler, reply_timeout, [self, &ctx, ep, reply_timeout] {
                         if (self->finished_) return;
                         give_up_waiting(ctx, *self->m_, ep, reply_timeout);
                         self->finish({true, {}});
                       });
                     },
                     [self](net::ConnectError, const std::string& why) { self->finish({false, why}); }});
  }

 private:
  void connected(Context& ctx, net::Endpoint ep, const std::string& server_name) {
    observe(ctx, *m_, ep);
    TlsHosts* hosts = ctx.tls;
    layer_ = std::make_shared<Layer>(m_, [&ctx, hosts, server_name, require = require_verified_] {
      tls::EngineOptions o;
      o.server_name = server_name;
      o.now = unix_now(ctx);
      o.require_verified = require;  // else the machine's smtp_tls_security_level decides, as Postfix's
      o.keylog = [hosts](std::string_view line) { hosts->add_keylog(line); };
      return std::make_unique<tls::Engine>(hosts->client(), std::move(o));
    });
    auto self = shared_from_this();
    ep.set_handlers({
        [self, ep, &ctx](std::string_view bytes) {
          if (self->finished_) return;
          self->timer_.stop();
          const int before = static_cast<int>(self->layer_->state());
          const tls::Step s = self->layer_->step(bytes);
          const int after = static_cast<int>(self->layer_->state());
          // The summary first: the records that follow (our Finished, the EHLO) are the session's.
          if ((s.handshake_done || s.handshake_failed) && self->layer_->engine())
            trace_handshake(ctx, ep, *self->layer_->engine());
          if (s.handshake_failed && self->layer_->engine()) *self->tls_failure_ = self->layer_->engine()->failure().text();
          send_step(ep, s, self->layer_->engine(), self->wire_, client_payload(before, after));
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
    // Implicit TLS (smtp_tls_wrappermode): the ClientHello goes out as the connection opens.
    const tls::Step first = layer_->start();  // before engine(): start() makes it
    send_step(ep, first, layer_->engine(), wire_, trace::Payload::Command);
  }
  void finish(ClientOutcome o) {
    if (finished_) return;
    finished_ = true;
    timer_.stop();
    auto cb = std::move(done_);
    if (cb) cb(std::move(o));
  }

  std::shared_ptr<smtp::Client> m_;
  std::shared_ptr<Layer> layer_;
  TlsWire wire_;
  FirstReplyTimer timer_;
  std::function<void(ClientOutcome)> done_;
  bool require_verified_ = false;
  std::shared_ptr<std::string> tls_failure_;
  bool finished_ = false;
};
}  // namespace

smtp::ServerConfig server_config(const scenario::Host& host, std::map<std::string, smtp::Reply> forced) {
  smtp::ServerConfig sc;
  sc.hostname = host.name;
  sc.max_message_size = host.limits.max_message_size;
  sc.max_recipients = host.limits.max_recipients;
  sc.max_errors = host.limits.max_errors;
  sc.forbid_bare_newline = host.smtpd_forbid_bare_newline;
  sc.smtpd_tls_security_level = server_level(host.smtpd_tls_security_level);
  sc.smtpd_tls_auth_only = host.smtpd_tls_auth_only;
  sc.forced_replies = std::move(forced);
  return sc;
}

smtp::ClientTlsLevel client_level(scenario::TlsLevel l) {
  switch (l) {
    case scenario::TlsLevel::None: return smtp::ClientTlsLevel::None;
    case scenario::TlsLevel::May: return smtp::ClientTlsLevel::May;
    case scenario::TlsLevel::Encrypt: return smtp::ClientTlsLevel::Encrypt;
    case scenario::TlsLevel::Verify: return smtp::ClientTlsLevel::Verify;
  }
  return smtp::ClientTlsLevel::None;
}

void serve_smtp(Context& ctx, const std::string& host, std::uint16_t port, const std::string& protocol,
                SmtpServerFactory factory) {
  if (std::shared_ptr<const tls::Context> context = ctx.tls ? ctx.tls->server(host) : nullptr) {
    ctx.net.listen(host, port, protocol, [&ctx, factory = std::move(factory), context](net::Endpoint ep) {
      // Per connection: a real client's handshake gets the real-entropy twin (TlsHosts::for_peer).
      serve_tls_session(ctx, ep, factory(ep), ctx.tls->for_peer(context, ep.peer_host()));
    });
    return;
  }
  serve_machine<smtp::Server>(
      ctx, host, port, protocol,
      std::move(factory),
      [](smtp::Server& s, std::string_view bytes) { return s.feed(bytes); });
}

void resume_smtp(Context& ctx, const std::weak_ptr<smtp::Server>& server, const net::Endpoint& ep, smtp::Reply reply) {
  const std::shared_ptr<smtp::Server> s = server.lock();
  if (!s || !ep.open()) return;
  send_resumed(ctx, *s, ep, s->resume(std::move(reply)));
}

void resume_smtp(Context& ctx, const std::weak_ptr<smtp::Server>& server, const net::Endpoint& ep,
                 const sasl::Lookup& answer) {
  const std::shared_ptr<smtp::Server> s = server.lock();
  if (!s || !ep.open()) return;
  send_resumed(ctx, *s, ep, s->resume(answer));
}

void deliver_smtp(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
                  Duration connect_timeout, smtp::ClientJob job, std::function<void(SmtpOutcome)> done,
                  Duration reply_timeout, bool require_verified) {
  const bool tls = ctx.tls && (job.tls_level != smtp::ClientTlsLevel::None || job.tls_wrappermode);
  const std::string server_name = job.server_name;
  auto client = std::make_shared<smtp::Client>(std::move(job));
  auto tls_failure = std::make_shared<std::string>();
  auto finished = [client, tls_failure, done = std::move(done)](ClientOutcome o) {
    SmtpOutcome out;
    out.connected = o.connected;
    out.connect_error = o.connect_error;
    out.tls_failure = *tls_failure;
    if (o.connected) {
      out.recipients = client->recipients();
      out.session_error = client->session_error();
    }
    done(std::move(out));
  };
  if (tls) {
    std::make_shared<TlsClientRun>(client, std::move(finished), require_verified, tls_failure)
        ->start(ctx, from_host, address, port, connect_timeout, server_name, reply_timeout);
    return;
  }
  run_client<smtp::Client>(ctx, from_host, address, port, connect_timeout, client, std::move(finished), {},
                           client_payload, reply_timeout);
}

}  // namespace mailsim::nodes
