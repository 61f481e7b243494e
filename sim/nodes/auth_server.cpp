#include "sim/nodes/auth_server.hpp"

#include "sim/nodes/session_glue.hpp"
#include "sim/proto/authsrv/line.hpp"
#include "sim/proto/authsrv/server.hpp"

namespace mailsim::nodes {

AuthServer::AuthServer(Context& ctx, scenario::Host config, CredentialStore accounts)
    : ctx_(ctx), config_(std::move(config)), accounts_(std::move(accounts)) {
  serve_machine<authsrv::Server>(
      ctx_, config_.name, authsrv::kPort, "auth",
      [this](const net::Endpoint&) {
        authsrv::ServerConfig c;
        c.hostname = config_.name;
        c.mechanisms = config_.sasl_mechanisms;
        c.cuid = ++connections_;
        authsrv::ServerHooks h;
        h.lookup = [this](const sasl::LookupRequest& r) { return accounts_.lookup(r); };
        h.nonce = [this] { return ctx_.new_nonce(); };
        return std::make_shared<authsrv::Server>(c, h);
      },
      [](authsrv::Server& s, std::string_view bytes) { return s.feed(bytes); });
}

SaslPathSession::SaslPathSession(Context& ctx, std::string host, std::string auth_host, std::string service,
                                 std::string remote_ip)
    : ctx_(ctx), host_(std::move(host)), auth_host_(std::move(auth_host)), service_(std::move(service)),
      remote_ip_(std::move(remote_ip)) {}

void SaslPathSession::ask(const sasl::LookupRequest& request, std::function<void(sasl::Lookup)> answer) {
  answer_ = std::move(answer);
  if (under_way_ && client_) {
    const std::string out = client_->respond(request.response.value_or(""));
    if (ep_ && ep_.open()) ep_.send(out, trace::Payload::Command);
    else out_ += out;
    return;
  }
  const net::Host* self = ctx_.net.host(host_);
  const net::Host* auth = ctx_.net.host(auth_host_);
  if (!auth) {
    // The hook must have returned pending before the answer comes.
    auto me = shared_from_this();
    ctx_.scheduler.schedule(0, [me] { me->reply(sasl::Lookup::unavailable()); });
    return;
  }
  client_.emplace(authsrv::ClientConfig{1, service_, remote_ip_, self ? self->address : std::string{}});
  under_way_ = true;
  out_ = client_->start() + client_->authenticate(request.method, request.response);
  connecting_ = true;
  auto me = shared_from_this();
  ctx_.net.connect(host_, auth->address, authsrv::kPort, kAuthConnectTimeout,
                   {[me](net::Endpoint ep) { me->connected(ep); },
                    [me](net::ConnectError, const std::string&) {
                      me->connecting_ = false;
                      me->ended();
                    }});
}

void SaslPathSession::connected(net::Endpoint ep) {
  connecting_ = false;
  ep_ = ep;
  // Its steps from here on are this connection's (the request it made before is in "send AUTH").
  if (client_) observe(ctx_, *client_, ep);
  auto me = shared_from_this();
  // A connection whose login is over may still see its FIN: only the current one counts.
  const auto current = [me, id = ep.id()] { return me->ep_ && me->ep_.id() == id; };
  ep.set_handlers({[me, current](std::string_view bytes) {
                     if (current()) me->received(bytes);
                   },
                   [me, current, ep] {
                     if (ep.open()) ep.close();
                     if (current()) me->ended();
                   },
                   [me, current] {
                     if (current()) me->ended();
                   }});
  ep.send(out_, trace::Payload::Command);
  out_.clear();
}

void SaslPathSession::received(std::string_view bytes) {
  if (!client_) return;
  const std::string out = client_->feed(bytes);
  if (!out.empty() && ep_.open()) ep_.send(out, trace::Payload::Command);
  const std::optional<authsrv::Answer> a = client_->take_answer();
  if (!a) return;
  if (a->kind != authsrv::Answer::Kind::Cont) {
    // One connection a login: the next one opens its own, so each check is its own packets.
    under_way_ = false;
    client_.reset();
    if (ep_.open()) ep_.close();
    ep_ = {};
  }
  reply(authsrv::to_lookup(*a));
}

void SaslPathSession::ended() {
  // The connection failed or went away before the verdict: the auth server could not be asked.
  under_way_ = false;
  client_.reset();
  ep_ = {};
  if (answer_) reply(sasl::Lookup::unavailable());
}

void SaslPathSession::reply(sasl::Lookup lookup) {
  auto cb = std::move(answer_);
  answer_ = nullptr;
  if (cb) cb(std::move(lookup));
}

std::function<sasl::Lookup(const sasl::LookupRequest&)> sasl_path_lookup(
    Context& ctx, const std::string& host, const std::string& auth_host, const std::string& service,
    const std::string& remote_ip, std::function<void(const sasl::Lookup&)> resume) {
  if (auth_host.empty()) return {};
  auto session = std::make_shared<SaslPathSession>(ctx, host, auth_host, service, remote_ip);
  return [session, resume = std::move(resume)](const sasl::LookupRequest& r) {
    session->ask(r, [resume](sasl::Lookup l) { resume(l); });
    return sasl::Lookup::pending();
  };
}

}  // namespace mailsim::nodes
