#include "sim/nodes/smtp_glue.hpp"

#include <memory>

namespace mailsim::nodes {

void serve_smtp(Context& ctx, const std::string& host, std::uint16_t port, const std::string& protocol,
                SmtpServerFactory factory) {
  ctx.net.listen(host, port, protocol, [factory = std::move(factory)](net::Endpoint ep) {
    auto server = std::make_shared<smtp::Server>(factory(ep));
    ep.send(server->start(), trace::Payload::Reply);
    if (server->closed()) {
      ep.close();
      return;
    }
    ep.set_handlers({
        [ep, server](std::string_view bytes) {
          if (server->closed()) return;
          const std::string out = server->feed(bytes);
          ep.send(out, trace::Payload::Reply);
          if (server->closed()) ep.close();
        },
        [ep] { ep.close(); },  // the client closed: close our side too
        nullptr,
    });
  });
}

namespace {
struct Delivery {
  smtp::Client client;
  std::function<void(SmtpOutcome)> done;
  bool finished = false;

  void finish(const net::Endpoint& ep) {
    if (finished) return;
    finished = true;
    if (ep.open()) ep.close();
    SmtpOutcome out;
    out.connected = true;
    out.recipients = client.recipients();
    out.session_error = client.session_error();
    auto cb = std::move(done);
    cb(std::move(out));
  }
};
}  // namespace

void deliver_smtp(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
                  Duration connect_timeout, smtp::ClientJob job, std::function<void(SmtpOutcome)> done) {
  auto d = std::make_shared<Delivery>(Delivery{smtp::Client(std::move(job)), std::move(done)});
  ctx.net.connect(from_host, address, port, connect_timeout,
                  {[d](net::Endpoint ep) {
                     ep.set_handlers({
                         [d, ep](std::string_view bytes) {
                           if (d->finished) return;
                           const auto before = d->client.state();
                           const std::string out = d->client.feed(bytes);
                           // After the 354 the client sends the message itself: mark it as content.
                           const bool content = before == smtp::ClientState::AwaitData &&
                                                d->client.state() == smtp::ClientState::AwaitDataEnd;
                           ep.send(out, content ? trace::Payload::Content : trace::Payload::Command);
                           if (d->client.done()) d->finish(ep);
                         },
                         [d, ep] {
                           d->client.connection_lost();
                           d->finish(ep);
                         },
                         [d, ep] {
                           d->client.connection_lost();
                           d->finish(ep);
                         },
                     });
                   },
                   [d](net::ConnectError, const std::string& why) {
                     if (d->finished) return;
                     d->finished = true;
                     SmtpOutcome out;
                     out.connect_error = why;
                     auto cb = std::move(d->done);
                     cb(std::move(out));
                   }});
}

}  // namespace mailsim::nodes
