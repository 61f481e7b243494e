#include "sim/nodes/smtp_glue.hpp"

#include <memory>

#include "sim/nodes/session_glue.hpp"
#include "sim/nodes/tls_hosts.hpp"
#include "sim/nodes/tls_session.hpp"
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

// A real client's lines inside TLS: only this side can read them (TlsHosts::real_peer), and the
// dialog tells which are a message's content. What the server answers is fed too, resumed
// answers included (send_resumed), so a 354 that a pending RCPT check held back counts.
void trace_real_client(const net::Endpoint& ep, smtp::ClientContent& content, const tls::Step& s) {
  for (const auto& [part, is_content] : content.from_client(s.plaintext_in))
    ep.trace_received_inside(part, is_content ? trace::Payload::Content : trace::Payload::Command);
  content.from_server(s.plaintext_out);
}

// Serves one connection with the machine under a STARTTLS layer (the host has a certificate); the
// layer runs TLS from the first byte when the machine starts inside it (smtpd_tls_wrappermode).
void serve_tls_session(Context& ctx, net::Endpoint ep, std::shared_ptr<smtp::Server> m,
                       std::shared_ptr<const tls::Context> context) {
  observe(ctx, *m, ep);
  auto layer = std::make_shared<SmtpLayer>(
      m, [context] { return std::make_unique<tls::Engine>(context, tls::EngineOptions{}); });
  auto wire = std::make_shared<TlsWire>();
  // Inside TLS a server greets only on the implicit TLS port (after STARTTLS the dialog goes on).
  auto content = ctx.tls->real_peer(ep.peer_host())
                     ? std::make_shared<smtp::ClientContent>(
                           smtp::ClientContent::Options::of(m->config(), m->config().smtpd_tls_wrappermode))
                     : nullptr;
  ctx.tls->add_session(ep.id(), layer, wire, content);
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
      [&ctx, ep, layer, wire, content](std::string_view bytes) {
        if (layer->closed()) return;
        const tls::Step s = layer->step(bytes);
        if (content && s.encrypted) trace_real_client(ep, *content, s);
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
      if (session.content && layer->engine() && layer->engine()->handshake_done()) session.content->from_server(out);
      send_step(ep, layer->write(std::move(out)), layer->engine(), *session.wire, trace::Payload::Reply);
      if (layer->closed()) ep.close();
      return;
    }
  ep.send(out, trace::Payload::Reply);
  if (s.closed()) ep.close();
}

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
    run_tls_client<smtp::Client>(ctx, from_host, address, port, connect_timeout,
                                 {server_name, require_verified, tls_failure}, client, std::move(finished), {},
                                 client_payload, reply_timeout);
    return;
  }
  run_client<smtp::Client>(ctx, from_host, address, port, connect_timeout, client, std::move(finished), {},
                           client_payload, reply_timeout);
}

}  // namespace mailsim::nodes
