#include "sim/nodes/dnsbl.hpp"

#include "sim/nodes/mx_lookup.hpp"
#include "sim/nodes/smtp_glue.hpp"
#include "sim/proto/dns/address.hpp"

namespace mailsim::nodes {

std::string DnsblLookup::query_name(const std::string& client_address, const std::string& zone) {
  const auto a = dns::parse_ipv4(client_address);
  if (!a) return {};
  // RFC 5782 §2.1: the octets in reverse order, as in in-addr.arpa, then the list's zone.
  std::string name = dns::reverse_name(*a);
  name.resize(name.size() - std::string_view(".in-addr.arpa").size());
  return name + "." + zone;
}

DnsblLookup::DnsblLookup(const std::string& client_address, std::vector<std::string> zones, std::uint16_t first_id)
    : client_(client_address), zones_(std::move(zones)), next_id_(first_id) {
  if (query_name(client_, "x").empty()) zones_.clear();
  if (zones_.empty()) done_ = true;
  else ask(dns::Type::A);
}

void DnsblLookup::ask(dns::Type type) {
  dns::Message q;
  q.id = next_id_++;
  q.recursion_desired = true;
  q.questions.push_back({query_name(client_, zones_[zone_]), type});
  asking_txt_ = type == dns::Type::TXT;
  to_send_ = std::move(q);
}

std::optional<dns::Message> DnsblLookup::next_query() {
  if (!to_send_) return std::nullopt;
  waiting_ = true;
  waiting_id_ = to_send_->id;
  auto q = std::move(to_send_);
  to_send_.reset();
  return q;
}

void DnsblLookup::next_zone() {
  if (++zone_ < zones_.size()) ask(dns::Type::A);
  else done_ = true;
}

void DnsblLookup::on_response(const dns::Message& m) {
  if (!waiting_ || m.id != waiting_id_) return;
  waiting_ = false;
  const std::string name = query_name(client_, zones_[zone_]);
  if (asking_txt_) {
    // §2.2: the TXT record says why; several strings of one record are joined, several records
    // are one reason each and Postfix takes the first.
    const auto txt = dns::chase(m.answers, name, dns::Type::TXT);
    if (!txt.empty()) listing_->reason = txt.front().data;
    done_ = true;
    return;
  }
  for (const dns::Record& r : dns::chase(m.answers, name, dns::Type::A)) {
    // §2.1: a listing is an address in 127.0.0.0/8; anything else is not an answer of the list.
    if (!r.data.starts_with("127.")) continue;
    listing_ = DnsblListing{zones_[zone_], r.data, ""};
    ask(dns::Type::TXT);
    return;
  }
  next_zone();  // NXDOMAIN, no data or a failure: not listed here
}

void DnsblLookup::on_timeout() {
  if (!waiting_) return;
  waiting_ = false;
  if (asking_txt_) done_ = true;  // listed, without a reason
  else next_zone();
}

smtp::Reply dnsbl_reply(const std::string& client_address, const DnsblListing& listing) {
  return smtp::make_reply(554, "5.7.1",
                          "Service unavailable; Client host [" + client_address + "] blocked using " + listing.zone +
                              (listing.reason.empty() ? "" : "; " + listing.reason));
}

struct DnsblCheck::Session {
  std::weak_ptr<smtp::Server> server;
  net::Endpoint ep;
  std::function<smtp::Verdict(const smtp::Envelope&, const std::string&)> check_rcpt;
  enum class State { NotAsked, Asking, Known } state = State::NotAsked;
  std::optional<smtp::Reply> refusal;
  smtp::Envelope env;  // the RCPT that waits for the lookups
  std::string rcpt;

  smtp::Verdict after(const smtp::Envelope& e, const std::string& r) const {
    if (refusal) return *refusal;
    if (check_rcpt) return check_rcpt(e, r);
    return smtp::make_reply(250, "2.1.5", "Ok");
  }
};

DnsblCheck::DnsblCheck(Context& ctx, const scenario::Host& host, std::string dns_address)
    : ctx_(ctx), host_(host), dns_address_(std::move(dns_address)) {}

void DnsblCheck::install(smtp::ServerHooks& hooks, const std::shared_ptr<smtp::Server>& server,
                         const net::Endpoint& ep) {
  if (host_.reject_rbl_client.empty()) return;
  auto s = std::make_shared<Session>();
  s->server = server;
  s->ep = ep;
  s->check_rcpt = std::move(hooks.check_rcpt);
  hooks.check_rcpt = [this, s](const smtp::Envelope& env, const std::string& rcpt) -> smtp::Verdict {
    // Asked once a session, as Postfix caches its verdict: later RCPTs get it at once.
    if (s->state == Session::State::Known) return s->after(env, rcpt);
    s->state = Session::State::Asking;
    s->env = env;
    s->rcpt = rcpt;
    const std::string client = s->ep.peer_address();
    auto lookup = std::make_shared<DnsblLookup>(client, host_.reject_rbl_client,
                                                static_cast<std::uint16_t>(ctx_.rng.below(65536)));
    auto finished = [this, s, lookup, client] {
      s->state = Session::State::Known;
      if (lookup->listing()) s->refusal = dnsbl_reply(client, *lookup->listing());
      const smtp::Verdict v = s->after(s->env, s->rcpt);
      if (!v.is_pending()) resume_smtp(ctx_, s->server, s->ep, v.reply());
    };
    if (dns_address_.empty() || lookup->done()) {  // nothing to ask, or nobody to ask: not listed
      ctx_.scheduler.schedule(0, finished);
      return smtp::Verdict::pending();
    }
    run_dns(ctx_, host_.name, dns_address_, host_.retry.dns_timeout,
            {[lookup] { return lookup->next_query(); }, [lookup](const dns::Message& m) { lookup->on_response(m); },
             [lookup] { lookup->on_timeout(); }, [lookup] { return lookup->done(); }, finished});
    return smtp::Verdict::pending();
  };
}

}  // namespace mailsim::nodes
