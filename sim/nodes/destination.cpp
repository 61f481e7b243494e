#include "sim/nodes/destination.hpp"

#include <algorithm>

#include "sim/nodes/address.hpp"
#include "sim/nodes/auth_server.hpp"
#include "sim/nodes/forced_replies.hpp"
#include "sim/nodes/session_glue.hpp"
#include "sim/nodes/smtp_glue.hpp"
#include "sim/proto/pop3/server.hpp"
#include "sim/nodes/stamp.hpp"
#include "sim/nodes/tls_session.hpp"
#include "sim/proto/common/line_reader.hpp"

namespace mailsim::nodes {

Destination::Destination(Context& ctx, scenario::Host config, std::shared_ptr<ForcedReplies> forced,
                         std::string dns_address)
    : ctx_(ctx), config_(std::move(config)), forced_(std::move(forced)),
      checks_(ctx_, config_, dns_address),
      dnsbl_(ctx_, config_, std::move(dns_address)) {
  serve_smtp(ctx_, config_.name, 25, "smtp", [this](const net::Endpoint& ep) {
    smtp::ServerConfig sc = server_config(config_, forced_->for_port(25));
    auto server = std::make_shared<smtp::Server>(sc, smtp::ServerHooks{});
    smtp::ServerHooks hooks;
    hooks.check_rcpt = [this](const smtp::Envelope&, const std::string& rcpt) { return check_rcpt(rcpt); };
    checks_.install(hooks, server, ep, [this, ep](const smtp::Envelope& env, const std::string& data, const AuthOutcome& auth) {
      const std::string qid = ctx_.new_queue_id();
      Stamped s = stamp_message(ctx_, auth.fields + data, env, ep, config_.name, qid, false);
      // DMARC's quarantine files the message into the folder the account uses as \Junk.
      const auto folder_of = [&](const std::string& user) {
        return auth.folder == "INBOX" ? auth.folder : store_.special_folder(user, "\\Junk").value_or("INBOX");
      };
      for (const auto& rcpt : env.rcpt_to) {
        // Local delivery adds where the message came from and for whom (like Postfix's local(8)).
        const std::string copy = "Return-Path: <" + env.mail_from + ">\r\nDelivered-To: " + rcpt + "\r\n" + s.data;
        const std::string user = user_for(rcpt);
        const std::string folder = folder_of(user);
        store_.deliver(user, copy, ctx_.now(), folder);
        trace::Event e;
        e.time = ctx_.now();
        e.host = config_.name;
        e.peer = rcpt;
        e.queue_id = qid;
        e.message_id = s.message_id;
        e.data = trace::data::Delivery{user, folder};
        ctx_.trace.add(std::move(e));
      }
      notify_sessions();
      return smtp::make_reply(250, "2.0.0", "Ok: queued as " + qid);
    });
    dnsbl_.install(hooks, server, ep);
    server->set_hooks(hooks);
    return server;
  });
  serve_pop3();
  serve_imap();
}

namespace {
// A POP3 session with the connection it answers on: its login may be checked later (sasl_path)
// and is told to the login watchers with the client's address. Under the STLS layer it is the
// layer's machine: `stepped` tells the destination after each exchange.
struct Pop3Session {
  std::shared_ptr<pop3::Server> server;
  net::Endpoint ep;
  std::function<void()> stepped = {};
  std::string start() { return server->start(); }
  std::string feed(std::string_view bytes) {
    std::string out = server->feed(bytes);
    if (stepped) stepped();
    return out;
  }
  bool closed() const { return server->closed(); }
  void connection_lost() { server->connection_lost(); }
  void set_observer(proto::StepObserver observer) { server->set_observer(std::move(observer)); }
  bool starting_tls() const { return server->starting_tls(); }
  std::string tls_established() { return server->tls_established(); }
  std::string tls_failed() { return server->tls_failed(); }
};
}  // namespace

void Destination::serve_pop3() {
  // `write`: the STLS layer's way to send what the server says later; null in plain text.
  auto make = [this](const net::Endpoint& ep, LaterWrite write) {
    pop3::ServerConfig c{config_.name, 512, 10};
    c.wrappermode = ep.server_port() == scenario::kPop3sPort;
    c.apop = config_.apop;
    c.sasl_mechanisms = config_.sasl_mechanisms;
    c.ssl = config_.ssl;
    c.disable_plaintext_auth = config_.disable_plaintext_auth;
    // The logins are the store's own accounts (the hook's default); APOP's msg-id and the SASL
    // nonces come from the world's RNG, and only when offered, so other lessons draw nothing.
    pop3::ServerHooks hooks;
    if (c.apop || !c.sasl_mechanisms.empty()) hooks.nonce = [this] { return ctx_.new_nonce(); };
    // With a sasl_path the auth server checks the logins; its answer arrives later.
    auto weak = std::make_shared<std::weak_ptr<pop3::Server>>();
    c.sasl_delegated = !config_.sasl_path.empty();
    hooks.lookup_credentials = sasl_path_lookup(ctx_, config_.name, config_.sasl_path, "pop3", ep.peer_address(),
                                                [this, weak, ep, write](const sasl::Lookup& l) {
                                                  const auto s = weak->lock();
                                                  if (!s || !ep.open()) return;
                                                  if (write) {
                                                    write(s->resume(l));
                                                  } else {
                                                    ep.send(s->resume(l), trace::Payload::Reply);
                                                    if (s->closed()) ep.close();
                                                  }
                                                  pop3_step(*s, ep);
                                                });
    auto server = std::make_shared<pop3::Server>(c, store_, std::move(hooks));
    *weak = server;
    return std::make_shared<Pop3Session>(Pop3Session{server, ep});
  };
  if (std::shared_ptr<const tls::Context> context = ctx_.tls ? ctx_.tls->reader_server(config_.name) : nullptr) {
    auto make_tls = [this, make](const net::Endpoint& ep, LaterWrite write) {
      auto s = make(ep, std::move(write));
      s->stepped = [this, server = s->server.get(), ep] { pop3_step(*server, ep); };
      return s;
    };
    serve_tls_machine<Pop3Session>(ctx_, config_.name, scenario::kPop3Port, "pop3", context, make_tls,
                                   [this] { notify_sessions(); }, split_pop3_reply);
    // POP3S (RFC 8314 §3.3): Dovecot's `pop3s` listener, on by default with ssl yes or required; the
    // same server inside implicit TLS. Its connections are "pop3" too (as 465's are "submission"):
    // the same service for every viewer of the trace, only the port and the encryption differ.
    if (config_.ssl != proto::Ssl::No)
      serve_tls_machine<Pop3Session>(ctx_, config_.name, scenario::kPop3sPort, "pop3", context, make_tls,
                                     [this] { notify_sessions(); }, split_pop3_reply);
    return;
  }
  serve_machine<Pop3Session>(
      ctx_, config_.name, scenario::kPop3Port, "pop3", [make](const net::Endpoint& ep) { return make(ep, nullptr); },
      [this](Pop3Session& s, std::string_view bytes) {
        std::string out = s.server->feed(bytes);
        pop3_step(*s.server, s.ep);
        return out;
      },
      [this] { notify_sessions(); },
      split_pop3_reply);
}

void Destination::pop3_step(const pop3::Server& s, const net::Endpoint& ep) {
  if (login_watchers_.empty()) return;
  if (s.state() != pop3::State::Transaction) {
    pop3_logins_.erase(ep.id());
    return;
  }
  if (pop3_logins_.insert(ep.id()).second) logged_in(ep.peer_address(), s.user());
}

void Destination::logged_in(const std::string& address, const std::string& user) {
  for (const auto& fn : login_watchers_) fn(address, user);
}

void Destination::add_account(const std::string& address, const std::string& user, const std::string& password) {
  // UIDVALIDITY from the seeded RNG: stable for a seed, different between worlds like real servers.
  store_.add_account(user, password, static_cast<std::uint32_t>(1 + ctx_.rng.below(1u << 30)));
  // The folders IMAP clients look for (RFC 6154): Sent, Drafts, Trash, and Junk, where a
  // quarantined message is delivered.
  store_.add_special_use_folders(user);
  users_[proto::to_lower(address)] = user;
}

void Destination::apply(const scenario::Failure& f) { forced_->apply(f, config_.name); }

std::string Destination::user_for(const std::string& address) const {
  auto it = users_.find(proto::to_lower(address));
  return it == users_.end() ? std::string{} : it->second;
}

smtp::Reply Destination::check_rcpt(const std::string& rcpt) const {
  const std::string domain = domain_of(rcpt);
  if (std::find(config_.domains.begin(), config_.domains.end(), domain) == config_.domains.end())
    return smtp::make_reply(554, "5.7.1", "<" + rcpt + ">: Relay access denied");
  if (user_for(rcpt).empty())
    return smtp::make_reply(550, "5.1.1", "<" + rcpt + ">: Recipient address rejected: User unknown in local recipient table");
  return smtp::make_reply(250, "2.1.5", "Ok");
}

}  // namespace mailsim::nodes
