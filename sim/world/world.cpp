#include "sim/world/world.hpp"

#include <algorithm>

#include "sim/world/node_kinds.hpp"

namespace mailsim::world {

using scenario::FailureKind;
using scenario::Role;

World::World(scenario::Scenario s, std::optional<std::uint64_t> seed)
    : scenario_(std::move(s)),
      seed_(seed.value_or(scenario_.seed)),
      rng_(seed_),
      net_(scheduler_, trace_),
      ctx_{net_, scheduler_, trace_, rng_, scenario_.epoch},
      tls_(nodes::TlsHosts::make(scenario_, seed_)) {
  ctx_.tls = tls_.get();
  for (const auto& h : scenario_.hosts) net_.add_host(h.name, h.address, h.up);
  for (const auto& l : scenario_.links) net_.add_link(l.a, l.b, l.latency);
  NodeBuild build{ctx_, scenario_, nodes_};
  for (const auto& h : scenario_.hosts) make_host_nodes(build, h);
  // POP before SMTP: the watched servers tell their logins, the submission servers read them.
  for (const auto& h : scenario_.hosts) {
    if (!h.pop_before_smtp) continue;
    find<nodes::Mta>(h.name)->use_pop_before_smtp(&pop_logins_);
    nodes::Destination& watched = *find<nodes::Destination>(h.pop_before_smtp->server);
    watched.on_login([this, server = watched.config().name](const std::string& address, const std::string& user) {
      pop_logins_.logged_in(server, address, user, now());
    });
  }
  for (const auto& c : scenario_.clients) make_client_nodes(build, c);
  const std::vector<nodes::MailClient*> senders = find_all<nodes::MailClient>();
  for (const auto& m : scenario_.messages) {
    const auto c = std::find_if(senders.begin(), senders.end(), [&](const auto* c) { return scenario::sends(c->config(), m); });
    if (c != senders.end()) (*c)->schedule(m);
  }
  for (std::size_t i = 0; i < scenario_.failures.size(); ++i)
    scheduler_.schedule_at(scenario_.failures[i].at, [this, i] { inject(scenario_.failures[i], i); });
  std::vector<const scenario::Trigger*> triggers;
  for (std::size_t i = 0; i < scenario_.captions.size(); ++i) {
    if (const auto& on = scenario_.captions[i].on) {
      triggered_captions_.push_back(i);
      triggers.push_back(&*on);
    } else {
      scheduler_.schedule_at(scenario_.captions[i].at, [this, i] { show_caption(i); });
    }
  }
  if (!triggers.empty()) {
    // A caption on an event shows once its trigger fires, after the event's own kernel step (or
    // `after` later): scheduled, since the watch may not add to the trace it is watching.
    triggers_ = std::make_unique<TriggerMatcher>(std::move(triggers));
    trace_.set_watch([this](const trace::Event& e) {
      for (const std::size_t t : triggers_->see(e)) {
        const std::size_t i = triggered_captions_[t];
        scheduler_.schedule_at(now() + scenario_.captions[i].on->after, [this, i] { show_caption(i); });
      }
    });
  }
}

void World::show_caption(std::size_t i) {
  const scenario::Caption& c = scenario_.captions[i];
  trace::Event e;
  e.time = now();
  e.data = trace::data::Caption{i, c.text.en, now() + c.duration};
  trace_.add(std::move(e));
}

const std::vector<std::string>& World::tls_keylog() const {
  static const std::vector<std::string> kNone;
  return tls_ ? tls_->keylog() : kNone;
}

std::string World::tls_ca_pem() const { return tls_ ? tls_->pki().ca_pem() : std::string(); }

Time World::end_time() const { return scenario_.until > 0 ? scenario_.until : Scheduler::kForever; }

// The nodes go before the network (they were built after it), but the network's connections hold
// sessions that point into the nodes: those go first.
World::~World() {
  trace_.set_watch({});
  net_.forget_connections();
}

RunEnd World::run(Time limit, const RunCaps& caps, const std::function<void()>& progress) {
  const Time target = std::min(limit, end_time());
  const Time stop = std::min(target, caps.max_time);
  for (std::uint64_t n = 1;; ++n) {
    // Every event counts, kept or not (a quiet run keeps only some): the cap stops the same run.
    if (trace_.next_seq() >= caps.max_events && scheduler_.next_time() <= stop) return RunEnd::EventCap;
    if (!scheduler_.step(stop)) break;
    if (progress && n % kProgressEvery == 0) progress();
  }
  // Nothing is due before `stop`; something due before `target` means the time cap cut the run short.
  // Either way the clock only moves (not at all to kForever: a settled run ends at its last event).
  if (!scheduler_.empty() && scheduler_.next_time() <= target) {
    scheduler_.run(stop);
    return RunEnd::TimeCap;
  }
  scheduler_.run(target);
  return scheduler_.empty() ? RunEnd::Settled : RunEnd::Stopped;
}

const nodes::Mta* World::mta(const std::string& host) const { return node<nodes::Mta>(host); }

const nodes::Destination* World::destination(const std::string& host) const { return node<nodes::Destination>(host); }

const nodes::MailReader* World::reader(const std::string& host) const { return node<nodes::MailReader>(host); }

const nodes::MailClient* World::mail_client(const std::string& host) const { return node<nodes::MailClient>(host); }

const nodes::MailClient* World::mail_client(const scenario::MessageSpec& m) const {
  for (const nodes::MailClient* c : nodes<nodes::MailClient>())
    if (scenario::sends(c->config(), m)) return c;
  return nullptr;
}

std::string failure_summary(const scenario::Failure& f, const std::string& note) {
  std::string text = scenario::to_string(f.kind);
  if (f.kind == FailureKind::SmtpReply)
    text += " " + f.command + " -> " + std::to_string(f.reply_code) + " " + f.reply_enhanced + " " + f.reply_text;
  if (f.kind == FailureKind::SmtpReplyClear) text += " " + f.command;
  if (f.kind == FailureKind::DnsSet) text += " " + f.record.to_string();
  if (f.kind == FailureKind::DnsRemove) text += " " + f.record.name + " " + dns::to_string(f.record.type);
  if (!note.empty()) text += ": " + note;
  return text;
}

const scenario::Caption* World::caption_of(const trace::Event& e) const {
  const auto* c = e.get<trace::data::Caption>();
  return c && c->index < scenario_.captions.size() ? &scenario_.captions[c->index] : nullptr;
}

const scenario::Failure* World::failure_of(const trace::Event& e) const {
  const auto it = failure_events_.find(e.seq);
  return it == failure_events_.end() ? nullptr : &it->second;
}

void World::inject(const scenario::Failure& f, std::size_t index) {
  trace::Event e;
  e.time = now();
  e.host = f.host.empty() ? f.link_a : f.host;
  e.peer = f.link_b;
  e.port = f.kind == FailureKind::ServiceStop || f.kind == FailureKind::ServiceStart || f.kind == FailureKind::SmtpReply ||
                   f.kind == FailureKind::SmtpReplyClear
               ? f.port
               : 0;
  e.data = trace::data::Failure{index, scenario::to_string(f.kind), failure_summary(f, f.note.en)};
  failure_events_[trace_.add(std::move(e)).seq] = f;
  switch (f.kind) {
    case FailureKind::HostDown: net_.set_host_up(f.host, false); break;
    case FailureKind::HostUp: net_.set_host_up(f.host, true); break;
    case FailureKind::ServiceStop: net_.set_service(f.host, f.port, false); break;
    case FailureKind::ServiceStart: net_.set_service(f.host, f.port, true); break;
    case FailureKind::LinkDown: net_.set_link_up(f.link_a, f.link_b, false); break;
    case FailureKind::LinkUp: net_.set_link_up(f.link_a, f.link_b, true); break;
    case FailureKind::DnsSet:
    case FailureKind::DnsRemove:
    case FailureKind::SmtpReply:
    case FailureKind::SmtpReplyClear: break;
  }
  for (const auto& n : nodes_) n->apply(f);
}

}  // namespace mailsim::world
