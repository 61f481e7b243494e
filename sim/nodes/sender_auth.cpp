#include "sim/nodes/sender_auth.hpp"

#include "sim/nodes/check_facts.hpp"
#include "sim/nodes/mx_lookup.hpp"
#include "sim/nodes/smtp_glue.hpp"
#include "sim/proto/dkim/verify.hpp"
#include "sim/proto/dmarc/auth_results.hpp"
#include "sim/proto/dmarc/discovery.hpp"
#include "sim/proto/dmarc/evaluate.hpp"
#include "sim/proto/message/message.hpp"
#include "sim/proto/spf/check_host.hpp"
#include "sim/proto/spf/headers.hpp"

namespace mailsim::nodes {

using scenario::DmarcPolicy;
using scenario::SpfPolicy;

namespace {

// What SPF found for the transaction, kept from MAIL FROM to the end of the data.
struct SpfOutcome {
  dmarc::ResInfo resinfo;
  std::string received_spf;          // the Received-SPF field value
  dmarc::AuthIdentity identity;      // for DMARC: the domain checked and whether it passed
};

dmarc::ResInfo spf_resinfo(const spf::Evaluator& e) {
  dmarc::ResInfo r;
  r.method = "spf";
  r.result = std::string(spf::to_string(e.result()));
  r.comment = spf::result_comment(e);
  if (e.result() == spf::Result::TempError || e.result() == spf::Result::PermError) r.reason = e.problem();
  // RFC 8601 §2.7.2: the identity checked, as a property of the smtp ptype.
  if (e.request().identity == spf::Identity::Helo) r.properties.emplace_back("smtp.helo", e.request().helo);
  else r.properties.emplace_back("smtp.mailfrom", e.request().sender);
  return r;
}

// One resinfo on one line, as the trace shows it: "dkim=pass header.d=school.example ...".
std::string one_line(const dmarc::ResInfo& r) {
  const std::string folded = dmarc::authentication_results("", {r});
  std::string out;
  for (std::size_t i = 1; i < folded.size(); ++i) {  // after the ";" that ends the empty authserv-id
    if (folded.compare(i, 3, "\r\n\t") == 0) {
      if (!out.empty()) out += ' ';
      i += 2;
      continue;
    }
    out += folded[i];
  }
  return out;
}

std::string field(const std::string& name, const std::string& value) {
  return name + ": " + message::fold(name, value) + "\r\n";
}

}  // namespace

struct SenderChecks::Session {
  std::weak_ptr<smtp::Server> server;
  net::Endpoint ep;
  std::optional<SpfOutcome> spf;
  std::optional<std::uint64_t> spf_event;  // the seq of the transaction's SPF auth event
};

// The checks after the data, for one message: DKIM, then the DMARC policy lookup.
struct SenderChecks::DataCheck {
  std::shared_ptr<Session> session;
  smtp::Envelope env;
  std::string data;
  AcceptChecked accept;
  std::shared_ptr<dkim::Verifier> verifier;
  std::shared_ptr<dmarc::PolicyDiscovery> discovery;
  std::shared_ptr<DnsLog> dkim_log, dmarc_log;  // their questions and packets, for the auth events
  std::string from_error;  // why DMARC found no From domain
  std::string from_error_ja;
  std::string message_id;  // of `data`, for the trace
};

SenderChecks::SenderChecks(Context& ctx, const scenario::Host& host, std::string dns_address)
    : ctx_(ctx), host_(host), dns_address_(std::move(dns_address)), suffixes_(dmarc::PublicSuffixList::builtin()) {}

std::uint16_t SenderChecks::dns_id() { return static_cast<std::uint16_t>(ctx_.rng.below(65536)); }

void SenderChecks::install(smtp::ServerHooks& hooks, const std::shared_ptr<smtp::Server>& server,
                           const net::Endpoint& ep, AcceptChecked accept) {
  auto session = std::make_shared<Session>(Session{server, ep, std::nullopt, std::nullopt});
  const auto& auth = host_.sender_auth;
  if (auth.checks_spf())
    hooks.check_mail_from = [this, session](const smtp::Envelope& env, const std::string& reverse_path) {
      return check_spf(session, env, reverse_path);
    };
  hooks.accept_message = [this, session, accept = std::move(accept)](const smtp::Envelope& env, const std::string& data) {
    // The SPF result was recorded before the message was known: now it is, the event says which
    // one it was about (so an expectation can find it).
    const std::string message_id = message::Message::parse(data).get("Message-ID").value_or("");
    if (session->spf_event)
      if (trace::Event* e = ctx_.trace.find(*session->spf_event)) e->message_id = message_id;
    if (!host_.sender_auth.checks_dkim()) {
      AuthOutcome out;
      if (session->spf) {
        out.fields = field("Authentication-Results", dmarc::authentication_results(host_.name, {session->spf->resinfo})) +
                     field("Received-SPF", session->spf->received_spf);
      }
      return smtp::Verdict(accept(env, data, out));
    }
    auto c = std::make_shared<DataCheck>();
    c->session = session;
    c->env = env;
    c->data = data;
    c->accept = accept;
    c->message_id = message_id;
    check_data(c);
    return smtp::Verdict::pending();
  };
}

std::uint64_t SenderChecks::record(const net::Endpoint& ep, const std::string& message_id, std::string method,
                                  std::string result, std::string domain, std::string reason, std::string action,
                                  std::string text, std::shared_ptr<const trace::data::AuthFacts> facts) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = host_.name;
  e.peer = ep.peer_host();
  e.conn = ep.id();
  e.message_id = message_id;
  trace::data::Auth a;
  a.method = std::move(method);
  a.result = std::move(result);
  a.domain = std::move(domain);
  a.reason = std::move(reason);
  a.action = std::move(action);
  a.text = std::move(text);
  a.facts = std::move(facts);
  e.data = std::move(a);
  return ctx_.trace.add(std::move(e)).seq;
}

smtp::Verdict SenderChecks::check_spf(const std::shared_ptr<Session>& s, const smtp::Envelope& env,
                                      const std::string& reverse_path) {
  const auto ip = dns::parse_address(s->ep.peer_address()).value_or(dns::Address{});
  // RFC 7208 §2.4: for the null reverse-path (a bounce) the HELO identity is what can be checked.
  spf::Request request = reverse_path.empty() ? spf::Request::helo_check(ip, env.helo)
                                              : spf::Request::mail_from(ip, reverse_path, env.helo);
  spf::Options options;
  options.receiver = host_.name;
  options.timestamp = static_cast<std::uint64_t>(ctx_.epoch + ctx_.now() / kSecond);
  auto e = std::make_shared<spf::Evaluator>(std::move(request), options, dns_id());
  auto log = std::make_shared<DnsLog>(ctx_.trace, host_.name);
  s->spf.reset();
  s->spf_event.reset();
  auto done = [this, s, e, log] {
    const spf::Result r = e->result();
    const auto policy = host_.sender_auth.spf;
    smtp::Reply reply = smtp::make_reply(250, "2.1.0", "Ok");
    std::string action = "none";
    if (policy == SpfPolicy::RejectFail && r == spf::Result::Fail) {
      // RFC 7372 §3.2: 5.7.23, "SPF validation failed", with the domain's explanation (§8.4).
      reply = smtp::make_reply(550, "5.7.23", e->explanation());
      action = "reject";
    } else if (policy == SpfPolicy::RejectFail && r == spf::Result::TempError) {
      reply = smtp::make_reply(451, "4.7.24", "SPF validation error: " + e->problem());
      action = "defer";
    }
    SpfOutcome out{spf_resinfo(*e), spf::received_spf(*e, host_.name),
                   {e->request().domain, r == spf::Result::Pass}};
    const proto::Words why = spf::reason_of(*e);
    auto facts = std::make_shared<trace::data::AuthFacts>();
    facts->lookups = log->lookups();
    facts->spf = spf_facts(*e, *log);
    facts->reply_code = reply.code;
    facts->reply = reply.summary();
    facts->reason_ja = why.ja;
    s->spf_event = record(s->ep, "", "spf", out.resinfo.result, e->request().domain, why.en, action,
                          spf::authentication_results_spf(*e), std::move(facts));
    if (reply.positive()) s->spf = std::move(out);
    resume_smtp(ctx_, s->server, s->ep, reply);
  };
  if (dns_address_.empty()) {  // no resolver: every lookup fails, a temporary error (§4.6.4's rule)
    e->expire();
    ctx_.scheduler.schedule(0, done);
    return smtp::Verdict::pending();
  }
  run_dns(ctx_, host_.name, dns_address_, host_.retry.dns_timeout,
          log->wrap({[e] { return e->next_query(); }, [e](const dns::Message& m) { e->on_response(m); },
                     [e] { e->on_timeout(); }, [e] { return e->done(); }, done}));
  return smtp::Verdict::pending();
}

void SenderChecks::check_data(const std::shared_ptr<DataCheck>& c) {
  const std::int64_t now = ctx_.epoch + ctx_.now() / kSecond;
  c->verifier = std::make_shared<dkim::Verifier>(c->data, now, dns_id());
  auto v = c->verifier;
  c->dkim_log = std::make_shared<DnsLog>(ctx_.trace, host_.name);
  if (dns_address_.empty()) {  // no resolver: every key is unavailable (temperror)
    while (v->next_query()) v->on_timeout();
    ctx_.scheduler.schedule(0, [this, c] { after_dkim(c); });
    return;
  }
  run_dns(ctx_, host_.name, dns_address_, host_.retry.dns_timeout,
          c->dkim_log->wrap({[v] { return v->next_query(); }, [v](const dns::Message& m) { v->on_response(m); },
                             [v] { v->on_timeout(); }, [v] { return v->done(); }, [this, c] { after_dkim(c); }}));
}

void SenderChecks::after_dkim(const std::shared_ptr<DataCheck>& c) {
  const auto& checks = c->verifier->results();
  const auto resinfos = dmarc::dkim_resinfo(checks);
  for (std::size_t i = 0; i < resinfos.size(); ++i) {
    const dmarc::ResInfo& r = resinfos[i];
    std::string domain;
    for (const auto& [name, value] : r.properties)
      if (name == "header.d") domain = value;
    auto facts = std::make_shared<trace::data::AuthFacts>();
    facts->lookups = c->dkim_log->lookups();
    if (i < checks.size()) facts->dkim = dkim_facts(checks[i], *c->dkim_log);
    if (i < checks.size() && !r.reason.empty()) facts->reason_ja = checks[i].detail_ja;
    record(c->session->ep, c->message_id, "dkim", r.result, domain, r.reason, "none", one_line(r), std::move(facts));
  }
  if (host_.sender_auth.dmarc == DmarcPolicy::Off) return finish(c);
  const auto from = dmarc::author_domain(c->data, &c->from_error_ja);
  if (!from) {
    c->from_error = from.error;
    return finish(c);
  }
  c->discovery = std::make_shared<dmarc::PolicyDiscovery>(*from, suffixes_, dns_id());
  c->dmarc_log = std::make_shared<DnsLog>(ctx_.trace, host_.name);
  auto d = c->discovery;
  if (dns_address_.empty()) {
    while (d->next_query()) d->on_timeout();
    return finish(c);
  }
  run_dns(ctx_, host_.name, dns_address_, host_.retry.dns_timeout,
          c->dmarc_log->wrap({[d] { return d->next_query(); }, [d](const dns::Message& m) { d->on_response(m); },
                              [d] { d->on_timeout(); }, [d] { return d->status() != dmarc::DiscoveryStatus::InProgress; },
                              [this, c] { finish(c); }}));
}

void SenderChecks::finish(const std::shared_ptr<DataCheck>& c) {
  const auto& session = c->session;
  // The client is gone (reset, host down) before it heard the reply: the message is not ours to
  // keep, or it would arrive twice when the client sends it again.
  if (session->server.expired() || !session->ep.open()) return;
  std::vector<dmarc::ResInfo> results;
  if (session->spf) results.push_back(session->spf->resinfo);
  for (auto& r : dmarc::dkim_resinfo(c->verifier->results())) results.push_back(std::move(r));
  AuthOutcome out;
  std::optional<smtp::Reply> refusal;
  std::shared_ptr<trace::data::AuthFacts> dmarc_info;  // the reply is known after the event
  if (host_.sender_auth.dmarc != DmarcPolicy::Off) {
    dmarc_info = std::make_shared<trace::data::AuthFacts>();
    if (c->dmarc_log) dmarc_info->lookups = c->dmarc_log->lookups();
    dmarc::ResInfo r;
    std::string domain, reason, action = "none";
    if (c->discovery) {
      std::optional<dmarc::AuthIdentity> spf_id;
      if (session->spf) spf_id = session->spf->identity;
      const dmarc::Evaluation e = dmarc::evaluate(*c->discovery, spf_id, dmarc::dkim_identities(c->verifier->results()),
                                                  static_cast<unsigned>(ctx_.rng.below(100)), suffixes_);
      r = dmarc::dmarc_resinfo(e);
      dmarc_info->dmarc = dmarc_facts(*c->discovery, e, *c->dmarc_log);
      domain = e.from_domain;
      reason = e.reason;
      dmarc_info->reason_ja = e.reason_ja;
      if (host_.sender_auth.dmarc == DmarcPolicy::Enforce && e.disposition == dmarc::Policy::Reject) {
        // RFC 7489 §6.6.4 and §7.3: refused at the end of the data, with a permanent reply.
        refusal = smtp::make_reply(550, "5.7.1", "Email rejected per DMARC policy for " + e.from_domain);
        action = "reject";
      } else if (host_.sender_auth.dmarc == DmarcPolicy::Enforce && e.disposition == dmarc::Policy::Quarantine) {
        out.folder = "Junk";
        action = "quarantine";
      }
    } else {
      // §6.6.1: no single author domain to check the message against.
      r.method = "dmarc";
      r.result = "permerror";
      r.reason = c->from_error;
      reason = c->from_error;
      dmarc_info->reason_ja = c->from_error_ja;
    }
    if (!dmarc_info->dmarc) dmarc_info->dmarc.emplace();
    record(session->ep, c->message_id, "dmarc", r.result, domain, reason, action, one_line(r), dmarc_info);
    results.push_back(std::move(r));
  }
  out.fields = field("Authentication-Results", dmarc::authentication_results(host_.name, results));
  if (session->spf) out.fields += field("Received-SPF", session->spf->received_spf);
  const smtp::Reply reply = refusal ? *refusal : c->accept(c->env, c->data, out);
  if (dmarc_info) {
    dmarc_info->reply_code = reply.code;
    dmarc_info->reply = reply.summary();
  }
  resume_smtp(ctx_, session->server, session->ep, reply);
}

}  // namespace mailsim::nodes
