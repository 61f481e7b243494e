#include "sim/world/world.hpp"

namespace mailsim::world {

using scenario::FailureKind;
using scenario::Role;

namespace {
std::string dns_address_for(const scenario::Scenario& s, const scenario::Host& h) {
  for (const auto& d : s.hosts)
    if (d.role == Role::Dns && (h.resolver.empty() || d.name == h.resolver)) return d.address;
  return {};
}
}  // namespace

World::World(scenario::Scenario s, std::optional<std::uint64_t> seed)
    : scenario_(std::move(s)),
      seed_(seed.value_or(scenario_.seed)),
      rng_(seed_),
      net_(scheduler_, trace_),
      ctx_{net_, scheduler_, trace_, rng_, scenario_.epoch} {
  for (const auto& h : scenario_.hosts) net_.add_host(h.name, h.address, h.up);
  for (const auto& l : scenario_.links) net_.add_link(l.a, l.b, l.latency);
  for (const auto& h : scenario_.hosts) {
    auto forced = forced_[h.name] = std::make_shared<nodes::ForcedReplies>();
    switch (h.role) {
      case Role::Submission:
      case Role::Relay:
        mtas_[h.name] = std::make_unique<nodes::Mta>(ctx_, h, dns_address_for(scenario_, h),
                                                     h.role == Role::Submission ? 587 : 25, forced);
        break;
      case Role::Destination:
        destinations_[h.name] = std::make_unique<nodes::Destination>(ctx_, h, forced);
        break;
      case Role::Dns: {
        dns::ZoneSet zones;
        for (const auto& r : scenario_.dns_records) zones.add(r);
        dns_[h.name] = std::make_unique<nodes::DnsServer>(ctx_, h.name, std::move(zones));
        break;
      }
      case Role::Client:
      case Role::Router:
        break;
    }
  }
  for (const auto& a : scenario_.accounts)
    if (auto it = destinations_.find(a.host); it != destinations_.end()) it->second->add_account(a.address, a.user, a.password);
  for (const auto& c : scenario_.clients) {
    if (const auto* sub = scenario_.find_host(c.submission))
      clients_.push_back(std::make_unique<nodes::MailClient>(ctx_, c, sub->address));
    if (c.fetch.protocol == scenario::Fetch::Protocol::None) continue;
    const auto* server = scenario_.find_host(c.fetch.server);
    for (const auto& a : scenario_.accounts)
      if (a.address == c.account && server)
        readers_[c.host] = std::make_unique<nodes::MailReader>(ctx_, c, server->address, a.user, a.password);
  }
  for (const auto& m : scenario_.messages)
    for (auto& c : clients_)
      if (c->config().host == m.client) c->schedule(m);
  for (const auto& f : scenario_.failures) scheduler_.schedule_at(f.at, [this, f] { inject(f); });
  for (const auto& c : scenario_.captions)
    scheduler_.schedule_at(c.at, [this, c] {
      trace::Event e;
      e.time = now();
      e.kind = trace::Kind::Caption;
      e.text = c.text.en;
      e.arrive = now() + c.duration;  // when the caption leaves the screen
      trace_.add(std::move(e));
    });
}

Time World::end_time() const { return scenario_.until > 0 ? scenario_.until : Scheduler::kForever; }

// The nodes go before the network (they were built after it), but the network's connections hold
// sessions that point into the nodes: those go first.
World::~World() { net_.forget_connections(); }

void World::run(Time limit) { scheduler_.run(std::min(limit, end_time())); }

const nodes::Mta* World::mta(const std::string& host) const {
  auto it = mtas_.find(host);
  return it == mtas_.end() ? nullptr : it->second.get();
}

const nodes::Destination* World::destination(const std::string& host) const {
  auto it = destinations_.find(host);
  return it == destinations_.end() ? nullptr : it->second.get();
}

void World::inject(const scenario::Failure& f) {
  trace::Event e;
  e.time = now();
  e.kind = trace::Kind::Failure;
  e.host = f.host.empty() ? f.link_a : f.host;
  e.peer = f.link_b;
  e.port = f.kind == FailureKind::ServiceStop || f.kind == FailureKind::ServiceStart || f.kind == FailureKind::SmtpReply ||
                   f.kind == FailureKind::SmtpReplyClear
               ? f.port
               : 0;
  e.text = scenario::to_string(f.kind);
  if (f.kind == FailureKind::SmtpReply)
    e.text += " " + f.command + " -> " + std::to_string(f.reply_code) + " " + f.reply_enhanced + " " + f.reply_text;
  if (f.kind == FailureKind::SmtpReplyClear) e.text += " " + f.command;
  if (f.kind == FailureKind::DnsSet) e.text += " " + f.record.to_string();
  if (f.kind == FailureKind::DnsRemove) e.text += " " + f.record.name + " " + dns::to_string(f.record.type);
  if (!f.note.en.empty()) e.text += ": " + f.note.en;
  trace_.add(std::move(e));
  switch (f.kind) {
    case FailureKind::HostDown: net_.set_host_up(f.host, false); break;
    case FailureKind::HostUp: net_.set_host_up(f.host, true); break;
    case FailureKind::ServiceStop: net_.set_service(f.host, f.port, false); break;
    case FailureKind::ServiceStart: net_.set_service(f.host, f.port, true); break;
    case FailureKind::LinkDown: net_.set_link_up(f.link_a, f.link_b, false); break;
    case FailureKind::LinkUp: net_.set_link_up(f.link_a, f.link_b, true); break;
    case FailureKind::DnsSet:
      for (auto& [name, d] : dns_) {
        d->zones().remove(f.record.name, f.record.type);
        d->zones().add(f.record);
      }
      break;
    case FailureKind::DnsRemove:
      for (auto& [name, d] : dns_) d->zones().remove(f.record.name, f.record.type);
      break;
    case FailureKind::SmtpReply:
      if (auto it = forced_.find(f.host); it != forced_.end())
        it->second->set(f.port, f.command, smtp::make_reply(f.reply_code, f.reply_enhanced, f.reply_text));
      break;
    case FailureKind::SmtpReplyClear:
      if (auto it = forced_.find(f.host); it != forced_.end()) it->second->clear(f.port, f.command);
      break;
  }
}

}  // namespace mailsim::world
