#include "sim/nodes/mta.hpp"

#include <algorithm>

#include "sim/nodes/address.hpp"
#include "sim/nodes/auth_server.hpp"
#include "sim/nodes/bounce.hpp"
#include "sim/nodes/forced_replies.hpp"
#include "sim/nodes/forwarding.hpp"
#include "sim/nodes/mx_lookup.hpp"
#include "sim/nodes/smtp_glue.hpp"
#include "sim/nodes/stamp.hpp"

namespace mailsim::nodes {

namespace {
// Postfix's status text: what the server said, "host mx.example[192.0.2.25] said: 550 5.1.1 ...", or
// what this MTA decided itself (TLS required but not offered, a certificate not verified), the
// bare text. And the DSN's Diagnostic-Code type for it: "smtp" for the server's, "X-Postfix" for ours.
std::string status_text(const smtp::Reply& r, const dns::MxTarget& t) {
  return r.local ? r.lines.front() : "host " + t.host + "[" + t.address + "] said: " + r.summary();
}
std::string diagnostic(const smtp::Reply& r) { return (r.local ? "X-Postfix; " : "smtp; ") + (r.local ? r.lines.front() : r.summary()); }
}  // namespace

struct AcceptArgs {
  const smtp::Envelope& env;
  const std::string& data;
  const net::Endpoint& from;
};

Mta::Mta(Context& ctx, scenario::Host config, std::string dns_address, std::uint16_t port,
         std::shared_ptr<ForcedReplies> forced, CredentialStore logins)
    : ctx_(ctx),
      config_(std::move(config)),
      dns_address_(std::move(dns_address)),
      port_(port),
      forced_(std::move(forced)),
      logins_(std::move(logins)),
      checks_(ctx_, config_, dns_address_),
      dnsbl_(ctx_, config_, dns_address_),
      signer_(config_) {
  const bool submission = port_ == 587;
  serve_smtp(ctx_, config_.name, port_, submission ? "submission" : "smtp",
             [this](const net::Endpoint& ep) { return new_session(ep); });
  // SMTPS (RFC 8314 §3.3): master.cf's `submissions` service, the same server inside implicit TLS.
  // Its connections are "submission" too: the same service, for every viewer of the trace.
  if (submission && config_.smtpd_tls_wrappermode)
    serve_smtp(ctx_, config_.name, scenario::kSubmissionsPort, "submission",
               [this](const net::Endpoint& ep) { return new_session(ep); });
  ctx_.net.on_host_state([this](const std::string& host, bool up) {
    if (host == config_.name) on_host_state(up);
  });
}

std::shared_ptr<smtp::Server> Mta::new_session(const net::Endpoint& ep) {
  smtp::ServerConfig sc = server_config(config_, forced_->for_port(ep.server_port()));
  sc.smtpd_tls_wrappermode = ep.server_port() == scenario::kSubmissionsPort && config_.smtpd_tls_wrappermode;
  // The loader allows `auth` only where SMTP is served to clients: submission (587) and relay (25).
  const bool auth = config_.auth != scenario::SmtpAuth::None;
  if (auth) {
    sc.smtpd_sasl_auth_enable = true;
    sc.sasl_mechanisms = config_.sasl_mechanisms;
    sc.sasl_delegated = !config_.sasl_path.empty();
  }
  auto server = std::make_shared<smtp::Server>(sc, smtp::ServerHooks{});
  smtp::ServerHooks hooks;
  const std::string client = ep.peer_address();
  hooks.check_rcpt = [this, client](const smtp::Envelope& env, const std::string& rcpt) {
    return check_rcpt(client, env, rcpt);
  };
  // SPF after MAIL FROM, DKIM and DMARC after the data, when the host checks them (sender_auth);
  // a relay has no Junk folder: what DMARC would quarantine it passes on, with the results on top.
  checks_.install(hooks, server, ep, [this, ep](const smtp::Envelope& env, const std::string& data, const AuthOutcome& a) {
    return accept(AcceptArgs{env, a.fields + data, ep});
  });
  if (config_.auth == scenario::SmtpAuth::Required) {
    // Who may send comes before whether the sender's domain allows this host: no SPF query for a
    // client that is refused anyway.
    auto spf = std::move(hooks.check_mail_from);
    hooks.check_mail_from = [this, client, spf](const smtp::Envelope& env, const std::string& reverse_path) -> smtp::Verdict {
      smtp::Reply r = check_mail_from(client, env);
      if (!r.positive() || !spf) return r;
      return spf(env, reverse_path);
    };
  }
  if (auth && !config_.sasl_path.empty()) {
    const std::weak_ptr<smtp::Server> weak = server;
    hooks.lookup_credentials = sasl_path_lookup(ctx_, config_.name, config_.sasl_path, "smtp", client,
                                                [this, weak, ep](const sasl::Lookup& l) { resume_smtp(ctx_, weak, ep, l); });
    hooks.sasl_nonce = [this] { return ctx_.new_nonce(); };
  } else if (auth) {
    // The answer always comes later, though the store could give it now: the server must not
    // care whether the accounts are here or behind an authentication server on the network.
    const std::weak_ptr<smtp::Server> weak = server;
    hooks.lookup_credentials = [this, weak, ep](const sasl::LookupRequest& r) {
      ctx_.scheduler.schedule(0, [this, weak, ep, r] { resume_smtp(ctx_, weak, ep, logins_.lookup(r)); });
      return sasl::Lookup::pending();
    };
    hooks.sasl_nonce = [this] { return ctx_.new_nonce(); };
  }
  dnsbl_.install(hooks, server, ep);  // smtpd_client_restrictions come before the recipient's
  server->set_hooks(std::move(hooks));
  return server;
}

bool Mta::in_relay_from(const std::string& client_address) const {
  return std::any_of(config_.relay_from.begin(), config_.relay_from.end(),
                     [&](const std::string& net) { return cidr_contains(net, client_address); });
}

bool Mta::pop_window_open(const std::string& client_address) const {
  if (!config_.pop_before_smtp || !pop_logins_) return false;
  const auto& rule = *config_.pop_before_smtp;
  const std::optional<std::string> user = pop_logins_->open_for(rule.server, client_address, ctx_.now(), rule.window);
  // Postfix logs which rule let the client through; the note says whose login it was, and that
  // the address is all the server checked.
  if (user)
    ctx_.note(config_.name, "pop-before-smtp: " + client_address + " logged in to " + rule.server + " as " + *user +
                                " within the last " + std::to_string(rule.window / kMinute) + " min: relay permitted for that address");
  return user.has_value();
}

smtp::Reply Mta::check_mail_from(const std::string& client_address, const smtp::Envelope& env) const {
  // auth = required: nobody sends through us without logging in, except the networks we trust
  // (permit_mynetworks, permit_sasl_authenticated, then RFC 4954 §6's 530).
  if (env.sasl_username.empty() && !in_relay_from(client_address) && !pop_window_open(client_address))
    return smtp::make_reply(530, "5.7.0", "Authentication required");
  return smtp::make_reply(250, "2.1.0", "Ok");
}

smtp::Reply Mta::check_rcpt(const std::string& client_address, const smtp::Envelope& env, const std::string& rcpt) const {
  // Postfix's permit_mynetworks, permit_sasl_authenticated, then relay only for our own domains
  // (reject_unauth_destination).
  const bool trusted = in_relay_from(client_address) || !env.sasl_username.empty() || pop_window_open(client_address);
  const std::string domain = domain_of(rcpt);
  const bool ours = std::find(config_.domains.begin(), config_.domains.end(), domain) != config_.domains.end();
  if (trusted || ours) return smtp::make_reply(250, "2.1.5", "Ok");
  return smtp::make_reply(554, "5.7.1", "<" + rcpt + ">: Relay access denied");
}

smtp::Reply Mta::accept(const AcceptArgs& a) {
  QueuedMessage m;
  m.queue_id = ctx_.new_queue_id();
  // Date: and Message-ID: are completed for submitted mail, and, as Postfix does with
  // local_header_rewrite_clients = permit_mynetworks, for a program that hands mail straight to a
  // relay that relays for it (a spammer's, to an open relay).
  const bool complete = port_ == 587 || in_relay_from(a.from.peer_address()) || !a.env.sasl_username.empty();
  Stamped s = stamp_message(ctx_, a.data, a.env, a.from, config_.name, m.queue_id, complete);
  m.message_id = std::move(s.message_id);
  // Signed as it leaves, with the Date: and Message-ID: just completed among the signed fields;
  // a list footer goes on before, so a list that signs signs its own footer.
  m.data = signer_.sign(ctx_, append_footer(s.data, config_.append_footer));
  if (!config_.append_footer.empty()) note(m, "append_footer: a footer added at the end of the body (" +
                                                  std::to_string(config_.append_footer.size()) + " octets added)");
  m.mail_from = a.env.mail_from;
  m.mail_auth = a.env.mail_auth;
  m.sasl_method = a.env.sasl_method;
  m.sasl_username = a.env.sasl_username;
  const Forwarded fwd = forward_recipients(config_, a.env.rcpt_to);
  // Postfix logs the address a recipient was rewritten from as orig_to=.
  for (const std::string& change : fwd.changes)
    note(m, "forward: " + change + " (envelope sender kept: <" + a.env.mail_from + ">)");
  for (const auto& r : fwd.recipients) m.recipients.emplace_back(r);
  m.arrival = ctx_.now();
  const std::string qid = m.queue_id;
  enqueue(std::move(m));
  return smtp::make_reply(250, "2.0.0", "Ok: queued as " + qid);
}

void Mta::note(const QueuedMessage& m, const std::string& text) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.name;
  e.queue_id = m.queue_id;
  e.message_id = m.message_id;
  e.data = trace::data::Note{text};
  ctx_.trace.add(std::move(e));
}

QueuedMessage* Mta::find(const std::string& queue_id) {
  const auto it = by_queue_id_.find(queue_id);
  return it == by_queue_id_.end() ? nullptr : &*it->second;
}

void Mta::queue_event(const QueuedMessage& m, QueueName from, QueueName to, const std::string& log) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.name;
  e.queue_id = m.queue_id;
  e.message_id = m.message_id;
  trace::data::Queue q{from, to, m.attempts, {}, 0, {}, {}, {}, {}, {}, log, 0};
  if (to == QueueName::Deferred) q.next_attempt = m.next_retry;
  if (from == QueueName::Incoming && to == QueueName::Incoming) {  // it just arrived
    q.sender = m.mail_from;
    q.nrcpt = m.recipients.size();
    q.sasl_method = m.sasl_method;
    q.sasl_username = m.sasl_username;
  }
  e.data = std::move(q);
  ctx_.trace.add(std::move(e));
}

void Mta::enqueue(QueuedMessage m) {
  m.queue = QueueName::Incoming;
  // Postfix logs the login with the client on smtpd's line; here it joins the arrival line.
  const std::string login =
      m.sasl_username.empty() ? "" : ", sasl_method=" + m.sasl_method + ", sasl_username=" + m.sasl_username;
  queue_event(m, QueueName::Incoming, QueueName::Incoming, "from=<" + m.mail_from + ">, size=" + std::to_string(m.data.size()) +
                     ", nrcpt=" + std::to_string(m.recipients.size()) + login + " (queue incoming)");
  const std::string qid = m.queue_id;
  queue_.push_back(std::move(m));
  by_queue_id_[qid] = std::prev(queue_.end());
  schedule_attempt(qid, ctx_.now());
}

void Mta::recipient_event(const QueuedMessage& m, const std::string& rcpt, const std::string& relay,
                          const std::string& status, const std::string& detail) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.name;
  e.queue_id = m.queue_id;
  e.message_id = m.message_id;
  // Postfix's smtp(8) log line: "to=<bob@home.example>, relay=mx..., status=sent (250 2.0.0 Ok)".
  e.data = trace::data::Queue{m.queue, m.queue, m.attempts, {}, 0, {}, {}, rcpt, relay, status,
                              "to=<" + rcpt + ">, relay=" + relay + ", status=" + status + " (" + detail + ")", 0};
  ctx_.trace.add(std::move(e));
}

void Mta::move(QueuedMessage& m, QueueName to, const std::string& why) {
  const QueueName from = m.queue;
  m.queue = to;
  queue_event(m, from, to, why);
}

void Mta::schedule_attempt(const std::string& queue_id, Time at) {
  const std::uint64_t gen = generation_;
  ctx_.scheduler.schedule_at(std::max(at, ctx_.now()), [this, queue_id, gen] {
    if (gen != generation_) return;  // the host went down since; it reschedules when it comes back
    QueuedMessage* m = find(queue_id);
    if (!m || m->queue == QueueName::Active || m->queue == QueueName::Hold) return;
    attempt(queue_id);
  });
}

void Mta::remove(const std::string& queue_id, const std::string& why) {
  const auto ix = by_queue_id_.find(queue_id);
  if (ix == by_queue_id_.end()) return;
  const auto it = ix->second;
  queue_event(*it, it->queue, QueueName::Removed, why);
  by_queue_id_.erase(ix);
  queue_.erase(it);
}

void Mta::apply(const scenario::Failure& f) { forced_->apply(f, config_.name); }

int Mta::attempts_for(const std::string& message_id) const {
  auto it = attempts_by_message_id_.find(message_id);
  return it == attempts_by_message_id_.end() ? 0 : it->second;
}

// One delivery attempt of one message: recipients grouped by next hop, each group resolved and
// tried against its MX hosts in order, one group after the other.
struct DeliveryRun : std::enable_shared_from_this<DeliveryRun> {
  Mta& mta;
  std::string queue_id;
  std::uint64_t generation;
  std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;  // next hop -> recipient indexes
  std::size_t group = 0;
  std::vector<dns::MxTarget> targets;
  std::size_t target = 0;
  std::string last_error, last_status;

  DeliveryRun(Mta& m, std::string q, std::uint64_t g) : mta(m), queue_id(std::move(q)), generation(g) {}

  QueuedMessage* msg() { return generation == mta.generation_ ? mta.find(queue_id) : nullptr; }
  // With a relayhost every group is that one next hop, at its own port.
  bool via_relayhost() const { return !mta.config_.relayhost.empty(); }
  std::uint16_t port() const { return via_relayhost() ? mta.config_.relayhost_port : std::uint16_t{25}; }

  // Postfix (smtp_connect.c): a relayhost that does not resolve, or that is this host itself, is a
  // configuration problem of the sender's side, not the recipient's: the mail waits with 4.3.5
  // instead of bouncing, until someone fixes the configuration (or the message expires).
  void defer_for_relayhost(QueuedMessage& m, const std::string& why) {
    mta.ctx_.note(mta.config_.name, "warning: relayhost configuration problem");
    for (std::size_t i : groups[group].second) {
      auto& rc = m.recipients[i];
      rc.status = "4.3.5";
      rc.diagnostic = why;
      mta.recipient_event(m, rc.address, "none", "deferred", why);
    }
  }

  void next_group() {
    QueuedMessage* m = msg();
    if (!m) return;
    if (group >= groups.size()) {
      mta.finish_attempt(queue_id);
      return;
    }
    auto self = shared_from_this();
    lookup_mx(mta.ctx_, mta.config_.name, mta.dns_address_, groups[group].first, mta.config_.retry.dns_timeout,
              [self](MxLookupResult r) { self->on_targets(std::move(r)); },
              via_relayhost() && !mta.config_.relayhost_mx);
  }

  void on_targets(MxLookupResult r) {
    QueuedMessage* m = msg();
    if (!m) return;
    if (r.status == dns::ResolveStatus::PermFail && via_relayhost()) {
      defer_for_relayhost(*m, r.error);
      ++group;
      next_group();
      return;
    }
    if (r.status != dns::ResolveStatus::Done) {
      const bool perm = r.status == dns::ResolveStatus::PermFail;
      for (std::size_t i : groups[group].second) {
        auto& rc = m->recipients[i];
        rc.status = perm ? "5.4.4" : "4.4.3";
        rc.diagnostic = r.error;
        if (perm) rc.state = RcptState::Failed;
        mta.recipient_event(*m, rc.address, "none", perm ? "bounced" : "deferred", r.error);
      }
      ++group;
      next_group();
      return;
    }
    // RFC 5321 §5.1: if we are one of the MX hosts, only more preferred ones may be used.
    targets.clear();
    std::optional<std::uint16_t> own;
    for (const auto& t : r.targets)
      if (t.address == mta.ctx_.net.host(mta.config_.name)->address) own = own ? std::min(*own, t.preference) : t.preference;
    for (const auto& t : r.targets)
      if (!own || t.preference < *own) targets.push_back(t);
    if (targets.empty() && via_relayhost()) {
      defer_for_relayhost(*m, "mail for " + groups[group].first + " loops back to myself");
      ++group;
      next_group();
      return;
    }
    if (targets.empty()) {
      last_error = "mail for " + groups[group].first + " loops back to myself";
      last_status = "5.4.6";
      for (std::size_t i : groups[group].second) {
        m->recipients[i].state = RcptState::Failed;
        m->recipients[i].status = last_status;
        m->recipients[i].diagnostic = last_error;
        mta.recipient_event(*m, m->recipients[i].address, "none", "bounced", last_error);
      }
      ++group;
      next_group();
      return;
    }
    target = 0;
    last_error.clear();
    try_target();
  }

  void try_target() {
    QueuedMessage* m = msg();
    if (!m) return;
    if (target >= targets.size()) {
      // Every MX failed at the connection or session level: these recipients wait for a retry.
      for (std::size_t i : groups[group].second) {
        auto& rc = m->recipients[i];
        if (rc.state != RcptState::Pending) continue;
        rc.status = last_status.empty() ? "4.4.1" : last_status;
        rc.diagnostic = last_error;
        mta.recipient_event(*m, rc.address, "none", "deferred", last_error);
      }
      m->last_error = last_error;  // what the queue shows (mailq's reason in brackets)
      ++group;
      next_group();
      return;
    }
    smtp::ClientJob job;
    job.helo_name = mta.config_.name;
    job.mail_from = m->mail_from;
    job.mail_auth = m->mail_auth;  // sent only to a next hop that offers AUTH
    job.data = m->data;
    job.tls_level = client_level(mta.config_.smtp_tls_security_level);
    std::vector<std::size_t> idx;
    for (std::size_t i : groups[group].second)
      if (m->recipients[i].state == RcptState::Pending) {
        job.rcpt_to.push_back(m->recipients[i].address);
        idx.push_back(i);
      }
    const dns::MxTarget t = targets[target];
    job.server_name = t.host;  // what its certificate must name, at smtp_tls_security_level = verify
    job.server_address = t.address;
    auto self = shared_from_this();
    deliver_smtp(mta.ctx_, mta.config_.name, t.address, port(), mta.config_.retry.connect_timeout, std::move(job),
                 [self, t, idx](SmtpOutcome o) { self->on_outcome(t, idx, std::move(o)); });
  }

  void on_outcome(const dns::MxTarget& t, const std::vector<std::size_t>& idx, SmtpOutcome o) {
    QueuedMessage* m = msg();
    if (!m) return;
    const std::string relay = t.host + "[" + t.address + "]:" + std::to_string(port());
    if (!o.connected) {
      last_error = o.connect_error;
      last_status = "4.4.1";
      ++target;
      try_target();
      return;
    }
    // A session-level temporary failure (421 greeting, 4xx to EHLO or MAIL): try the next MX.
    const bool session_temp = o.session_error.code != 0 && !o.session_error.permanent();
    if (session_temp && target + 1 < targets.size()) {
      last_error = status_text(o.session_error, t);
      last_status = o.session_error.enhanced.empty() ? "4.0.0" : o.session_error.enhanced;
      ++target;
      try_target();
      return;
    }
    for (std::size_t k = 0; k < idx.size() && k < o.recipients.size(); ++k) {
      auto& rc = m->recipients[idx[k]];
      const auto& res = o.recipients[k];
      const std::string said = res.reply.summary();
      rc.remote_mta = t.host;
      switch (res.status) {
        case smtp::RecipientStatus::Delivered:
          rc.state = RcptState::Delivered;
          rc.status = res.reply.enhanced.empty() ? "2.0.0" : res.reply.enhanced;
          mta.recipient_event(*m, rc.address, relay, "sent", said);
          break;
        case smtp::RecipientStatus::PermFailed:
          rc.state = RcptState::Failed;
          rc.status = res.reply.enhanced.empty() ? "5.0.0" : res.reply.enhanced;
          rc.diagnostic = diagnostic(res.reply);
          mta.recipient_event(*m, rc.address, relay, "bounced", status_text(res.reply, t));
          break;
        default:
          rc.status = res.reply.enhanced.empty() ? "4.0.0" : res.reply.enhanced;
          rc.diagnostic = diagnostic(res.reply);
          m->last_error = status_text(res.reply, t);
          mta.recipient_event(*m, rc.address, relay, "deferred", m->last_error);
          break;
      }
    }
    ++group;
    next_group();
  }
};

void Mta::attempt(const std::string& queue_id) {
  QueuedMessage* m = find(queue_id);
  if (!m) return;
  ++m->attempts;
  ++attempts_by_message_id_[m->message_id];
  move(*m, QueueName::Active, "attempt " + std::to_string(m->attempts) + " (queue active)");
  auto run = std::make_shared<DeliveryRun>(*this, queue_id, generation_);
  // Next hop per recipient: the relayhost for everything, or the recipient's domain (MX lookup).
  for (std::size_t i = 0; i < m->recipients.size(); ++i) {
    if (m->recipients[i].state != RcptState::Pending) continue;
    const std::string hop = config_.relayhost.empty() ? domain_of(m->recipients[i].address) : config_.relayhost;
    auto g = std::find_if(run->groups.begin(), run->groups.end(), [&](const auto& p) { return p.first == hop; });
    if (g == run->groups.end()) run->groups.push_back({hop, {i}});
    else g->second.push_back(i);
  }
  run->next_group();
}

void Mta::finish_attempt(const std::string& queue_id) {
  QueuedMessage* m = find(queue_id);
  if (!m) return;
  const bool any_failed = std::any_of(m->recipients.begin(), m->recipients.end(), [](const QueuedRecipient& r) {
    return r.state == RcptState::Failed && !r.reported;
  });
  if (!m->pending()) {
    if (any_failed) bounce(*m, false);
    remove(queue_id, "removed (" + std::string(any_failed ? "bounced" : "delivered") + ")");
    return;
  }
  if (expired(config_.retry, m->arrival, ctx_.now())) {
    // Out of time: every recipient still waiting fails with its last temporary error.
    for (auto& r : m->recipients) {
      if (r.state != RcptState::Pending) continue;
      r.state = RcptState::Failed;
      if (r.diagnostic.empty()) r.diagnostic = m->last_error;
      r.diagnostic = "delivery temporarily suspended: message expired after " +
                     std::to_string(config_.retry.give_up / kSecond) + "s in the queue; last error: " + r.diagnostic;
    }
    bounce(*m, false);
    remove(queue_id, "removed (expired)");
    return;
  }
  if (any_failed) bounce(*m, false);  // bounce the hard failures now; the rest keep waiting
  if (config_.retry.warn_after > 0 && !m->warned && ctx_.now() - m->arrival >= config_.retry.warn_after) {
    m->warned = true;
    bounce(*m, true);  // queues a message: the list keeps *m where it is
  }
  m->next_retry = ctx_.now() + retry_delay(config_.retry, m->attempts);
  move(*m, QueueName::Deferred, "deferred; next attempt at " + format_time(m->next_retry) + " (queue deferred)");
  schedule_attempt(queue_id, m->next_retry);
}

void Mta::bounce(QueuedMessage& m, bool delayed) {
  if (m.mail_from.empty()) {
    // Never bounce a bounce (RFC 5321 §6.1): that is how mail loops start. Nor warn that one is late
    // (Postfix sends no delay warning for a null sender): it is still being retried, not discarded.
    if (delayed) return;
    ctx_.note(config_.name, m.queue_id + ": undeliverable bounce discarded");
    for (auto& r : m.recipients)
      if (r.state == RcptState::Failed) r.reported = true;
    return;
  }
  QueuedMessage dsn = make_bounce(ctx_, config_.name, m, delayed);
  if (!delayed)
    for (auto& r : m.recipients)
      if (r.state == RcptState::Failed) r.reported = true;
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.name;
  e.queue_id = m.queue_id;
  e.message_id = m.message_id;
  e.peer = m.mail_from;
  e.data = trace::data::Bounce{delayed ? trace::BounceAction::Delayed : trace::BounceAction::Failed, dsn.queue_id};
  ctx_.trace.add(std::move(e));
  enqueue(std::move(dsn));
}

void Mta::on_host_state(bool up) {
  if (!up) {
    ++generation_;  // abandon lookups and sessions in flight
    for (auto& m : queue_)
      if (m.queue == QueueName::Active || m.queue == QueueName::Incoming) {
        // Like a Postfix restart: what was being delivered waits in deferred until the host is back.
        m.next_retry = ctx_.now();
        move(m, QueueName::Deferred, "host went down; attempt again when it is back (queue deferred)");
      }
    return;
  }
  // Back up: like a Postfix restart, everything due is tried now, the rest at its time.
  for (auto& m : queue_)
    if (m.queue == QueueName::Deferred) schedule_attempt(m.queue_id, m.next_retry);
}

}  // namespace mailsim::nodes
