#include <memory>
#include <utility>

#include "sim/nodes/auth_server.hpp"
#include "sim/nodes/destination.hpp"
#include "sim/nodes/session_glue.hpp"
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
};

void Destination::serve_imap() {
  imap::ServerConfig cfg;
  cfg.hostname = config_.name;
  cfg.epoch_seconds = ctx_.epoch;
  serve_machine<ImapSession>(
      ctx_, config_.name, 143, "imap",
      [this, cfg](const net::Endpoint& ep) {
        auto s = std::make_shared<ImapSession>(ImapSession{imap::Server(cfg, store_), ep, &ctx_});
        imap_sessions_.push_back(s);
        // With a sasl_path the auth server checks LOGIN and AUTHENTICATE; its answer arrives later.
        if (!config_.sasl_path.empty()) {
          std::weak_ptr<ImapSession> weak = s;
          s->server.set_login_check(sasl_path_lookup(ctx_, config_.name, config_.sasl_path, "imap", ep.peer_address(),
                                                     [weak, ep](const sasl::Lookup& l) {
                                                       const auto session = weak.lock();
                                                       if (!session || !ep.open()) return;
                                                       for (const auto& [piece, payload] : split_imap_reply(session->server.resume(l)))
                                                         ep.send(piece, payload);
                                                       if (session->server.closed()) ep.close();
                                                     }));
        }
        return s;
      },
      [](ImapSession& s, std::string_view bytes) { return s.feed(bytes); }, [this] { notify_sessions(); },
      [](std::string_view, const std::string& reply) { return split_imap_reply(reply); });
}

void Destination::notify_sessions() {
  std::erase_if(imap_sessions_, [](const std::weak_ptr<ImapSession>& w) { return w.expired(); });
  for (const auto& w : imap_sessions_) {
    auto s = w.lock();
    if (!s || s->closed() || !s->ep.open()) continue;
    const std::string news = s->server.poll();
    for (const auto& [piece, payload] : split_imap_reply(news)) s->ep.send(piece, payload);
    if (s->server.closed()) s->ep.close();  // the news was a BYE (its selected mailbox was deleted)
  }
}

}  // namespace mailsim::nodes
