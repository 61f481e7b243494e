#include "sim/nodes/smtp_glue.hpp"

#include <memory>

#include "sim/nodes/session_glue.hpp"

namespace mailsim::nodes {

smtp::ServerConfig server_config(const scenario::Host& host, std::map<std::string, smtp::Reply> forced) {
  smtp::ServerConfig sc;
  sc.hostname = host.name;
  sc.max_message_size = host.limits.max_message_size;
  sc.max_recipients = host.limits.max_recipients;
  sc.max_errors = host.limits.max_errors;
  sc.forbid_bare_newline = host.smtpd_forbid_bare_newline;
  sc.forced_replies = std::move(forced);
  return sc;
}

void serve_smtp(Context& ctx, const std::string& host, std::uint16_t port, const std::string& protocol,
                SmtpServerFactory factory) {
  serve_machine<smtp::Server>(
      ctx, host, port, protocol,
      std::move(factory),
      [](smtp::Server& s, std::string_view bytes) { return s.feed(bytes); });
}

void resume_smtp(const std::weak_ptr<smtp::Server>& server, const net::Endpoint& ep, smtp::Reply reply) {
  const std::shared_ptr<smtp::Server> s = server.lock();
  if (!s || !ep.open()) return;
  ep.send(s->resume(std::move(reply)), trace::Payload::Reply);
  if (s->closed()) ep.close();
}

void resume_smtp(const std::weak_ptr<smtp::Server>& server, const net::Endpoint& ep, const sasl::Lookup& answer) {
  const std::shared_ptr<smtp::Server> s = server.lock();
  if (!s || !ep.open()) return;
  ep.send(s->resume(answer), trace::Payload::Reply);
  if (s->closed()) ep.close();
}

void deliver_smtp(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
                  Duration connect_timeout, smtp::ClientJob job, std::function<void(SmtpOutcome)> done) {
  auto client = std::make_shared<smtp::Client>(std::move(job));
  run_client<smtp::Client>(
      ctx, from_host, address, port, connect_timeout, client,
      [client, done = std::move(done)](ClientOutcome o) {
        SmtpOutcome out;
        out.connected = o.connected;
        out.connect_error = o.connect_error;
        if (o.connected) {
          out.recipients = client->recipients();
          out.session_error = client->session_error();
        }
        done(std::move(out));
      },
      {},
      // After the 354 the client sends the message itself: mark it as content for the viewers. With
      // PIPELINING the 354 comes in the same chunk as the MAIL and RCPT replies, so only the state
      // reached tells.
      [](int before, int after) {
        constexpr int data_end = static_cast<int>(smtp::ClientState::AwaitDataEnd);
        return before != data_end && after == data_end
                   ? trace::Payload::Content
                   : trace::Payload::Command;
      });
}

}  // namespace mailsim::nodes
