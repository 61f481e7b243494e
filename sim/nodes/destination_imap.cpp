#include <memory>
#include <utility>

#include "sim/nodes/auth_server.hpp"
#include "sim/nodes/destination.hpp"
#include "sim/nodes/session_glue.hpp"
#include "sim/nodes/tls_session.hpp"
#include "sim/proto/imap/client_literals.hpp"
#include "sim/proto/imap/server.hpp"

namespace mailsim::nodes {

// An IMAP session and the connection it answers on: unlike POP3, IMAP pushes news to a client that
// did not ask (IDLE), so the node must be able to write to the connection at any time.
struct Destination::ImapSession {
  imap::Server server;
  net::Endpoint ep;
  Context* ctx;
  std::string start() { return server.start(); }
  std::string feed(std::string_view bytes) { return server.feed(bytes, ctx->now()); }
  bool closed() const { return server.closed(); }
  void connection_lost() { server.connection_lost(); }
  void set_observer(proto::StepObserver observer) { server.set_observer(std::move(observer)); }
  // Under the STARTTLS layer: the machine's TLS line mode, and the layer's way to send news later.
  bool starting_tls() const { return server.starting_tls(); }
  std::string tls_established() { return server.tls_established(); }
  std::string tls_failed() { return server.tls_failed(); }
  LaterWrite write = {};
  // What the server says on its own (IDLE news, a checked login): through the layer when there is one.
  void send_later(const std::string& out) {
    if (write) return write(out);
    for (const auto& [piece, payload] : split_imap_reply(out)) ep.send(piece, payload);
    if (server.closed()) ep.close();
  }
};

void Destination::serve_imap() {
  imap::ServerConfig cfg;
  cfg.hostname = config_.name;
  cfg.epoch_seconds = ctx_.epoch;
  cfg.ssl = config_.ssl;
  cfg.disable_plaintext_auth = config_.disable_plaintext_auth;
  auto make = [this, cfg](const net::Endpoint& ep, LaterWrite write) {
        imap::ServerConfig c = cfg;
        c.wrappermode = ep.server_port() == scenario::kImapsPort;
        auto s = std::make_shared<ImapSession>(ImapSession{imap::Server(c, store_), ep, &ctx_, std::move(write)});
        imap_sessions_.push_back(s);
        // With a sasl_path the auth server checks LOGIN and AUTHENTICATE; its answer arrives later.
        if (!config_.sasl_path.empty()) {
          std::weak_ptr<ImapSession> weak = s;
          s->server.set_login_check(sasl_path_lookup(ctx_, config_.name, config_.sasl_path, "imap", ep.peer_address(),
                                                     [weak, ep](const sasl::Lookup& l) {
                                                       const auto session = weak.lock();
                                                       if (!session || !ep.open()) return;
                                                       session->send_later(session->server.resume(l));
                                                     }));
        }
        return s;
  };
  // A real client's APPEND inside TLS is the message it saves (in plain text the bridge reads it).
  auto reader = [] {
    auto literals = std::make_shared<imap::ClientLiterals>();
    return RealClientReader([literals](std::string_view in, std::string_view out) {
      Pieces pieces;
      for (const auto& [part, content] : literals->from_client(in))
        pieces.push_back({std::string(part), content ? trace::Payload::Content : trace::Payload::Command});
      literals->from_server(out);
      return pieces;
    });
  };
  if (std::shared_ptr<const tls::Context> context = ctx_.tls ? ctx_.tls->reader_server(config_.name) : nullptr) {
    serve_tls_machine<ImapSession>(
        ctx_, config_.name, scenario::kImapPort, "imap", context, make, [this] { notify_sessions(); },
        [](std::string_view, const std::string& reply) { return split_imap_reply(reply); }, reader);
    // IMAPS (RFC 8314 §3.3): Dovecot's `imaps` listener, on by default with ssl yes or required; the
    // same server inside implicit TLS. Its connections are "imap" too (as 465's are "submission"):
    // the same service for every viewer of the trace, only the port and the encryption differ.
    if (config_.ssl != proto::Ssl::No)
      serve_tls_machine<ImapSession>(
          ctx_, config_.name, scenario::kImapsPort, "imap", context, make, [this] { notify_sessions(); },
          [](std::string_view, const std::string& reply) { return split_imap_reply(reply); }, reader);
    return;
  }
  serve_machine<ImapSession>(
      ctx_, config_.name, scenario::kImapPort, "imap", [make](const net::Endpoint& ep) { return make(ep, nullptr); },
      [](ImapSession& s, std::string_view bytes) { return s.feed(bytes); }, [this] { notify_sessions(); },
      [](std::string_view, const std::string& reply) { return split_imap_reply(reply); });
}

void Destination::notify_sessions() {
  std::erase_if(imap_sessions_, [](const std::weak_ptr<ImapSession>& w) { return w.expired(); });
  for (const auto& w : imap_sessions_) {
    auto s = w.lock();
    if (!s || s->closed() || !s->ep.open()) continue;
    // The news may be a BYE (its selected mailbox was deleted): then the connection closes.
    s->send_later(s->server.poll());
  }
}

}  // namespace mailsim::nodes
