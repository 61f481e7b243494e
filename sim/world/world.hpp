#pragma once
// A running lesson: the kernel, the network and every node, built from a Scenario. The world is
// the one place the viewers (CLI, GUI, exporters) read state from and send commands to.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/rng.hpp"
#include "sim/kernel/scheduler.hpp"
#include "sim/net/network.hpp"
#include "sim/nodes/auth_server.hpp"
#include "sim/nodes/context.hpp"
#include "sim/nodes/destination.hpp"
#include "sim/nodes/dns_server.hpp"
#include "sim/nodes/eavesdropper.hpp"
#include "sim/nodes/mail_reader.hpp"
#include "sim/nodes/mta.hpp"
#include "sim/nodes/mua.hpp"
#include "sim/nodes/tls_hosts.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/trace/event.hpp"
#include "sim/world/trigger.hpp"

namespace mailsim::world {

// Bounds on one run, so that a lesson that never settles stops with a message instead of filling
// the memory (docs/scenario-format.md, "How long a run lasts"). The trace is what grows: every
// event stays in it for the viewers, so its length is the measure.
struct RunCaps {
  Time max_time = scenario::kLongestRun;  // virtual time
  std::size_t max_events = 200'000;       // trace events (about 1 KB each, counted from time 0)
};

// Why World::run returned.
enum class RunEnd {
  Settled,   // nothing was left to do
  Stopped,   // reached `until` or the caller's limit
  TimeCap,   // events still pending when the clock reached RunCaps::max_time
  EventCap,  // the trace reached RunCaps::max_events with events still due
};

class World {
 public:
  // `seed` overrides the scenario's seed.
  explicit World(scenario::Scenario s, std::optional<std::uint64_t> seed = std::nullopt);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const scenario::Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  Time now() const { return scheduler_.now(); }
  const trace::Trace& trace() const { return trace_; }
  net::Network& network() { return net_; }
  const net::Network& network() const { return net_; }
  Scheduler& scheduler() { return scheduler_; }

  // Runs one kernel event; false when nothing is left (or the next lies past `limit`).
  bool step(Time limit = Scheduler::kForever) { return scheduler_.step(limit); }
  // Runs to the scenario's `until` (or `limit`, if earlier), until nothing is pending, or until a cap
  // is reached. `progress`, if given, is called every kProgressEvery kernel events.
  RunEnd run(Time limit = Scheduler::kForever, const RunCaps& caps = {}, const std::function<void()>& progress = {});
  static constexpr std::uint64_t kProgressEvery = 20'000;
  // The end of the lesson: the scenario's `until` if set, else when nothing is pending.
  Time end_time() const;

  // Applies a failure now, as the scenario timeline (or a teacher in the GUI) does.
  // `index` names it in the scenario's failures; the teacher's own (from the app) have none.
  void inject(const scenario::Failure& f, std::size_t index = trace::kInjected);

  // The caption a Caption event shows and the failure a Failure event applied (nullptr for other
  // events), so that a viewer can word them in the classroom's language; the trace keeps English.
  const scenario::Caption* caption_of(const trace::Event& e) const;
  const scenario::Failure* failure_of(const trace::Event& e) const;

  // Every node of type T (nodes::Mta, nodes::Destination, nodes::DnsServer, nodes::MailReader...),
  // in the order they were built: the lesson's hosts, then its clients' programs.
  template <class T> std::vector<const T*> nodes() const {
    std::vector<const T*> out;
    for (const auto& n : nodes_)
      if (const T* t = dynamic_cast<const T*>(n.get())) out.push_back(t);
    return out;
  }
  // The first node of type T on `host`, or nullptr.
  template <class T> const T* node(const std::string& host) const {
    for (const auto& n : nodes_)
      if (const T* t = dynamic_cast<const T*>(n.get()); t && t->host() == host) return t;
    return nullptr;
  }
  const nodes::Mta* mta(const std::string& host) const;
  const nodes::Destination* destination(const std::string& host) const;
  // The mail-reading device on `host` (a client with `fetch`).
  const nodes::MailReader* reader(const std::string& host) const;
  // The sending half of a mail client (one with `submission`), with its outbox: the first on
  // `host`, or the one that sends message `m` (a host may run several).
  const nodes::MailClient* mail_client(const std::string& host) const;
  const nodes::MailClient* mail_client(const scenario::MessageSpec& m) const;
  // The simulated clients' TLS session secrets, NSS key log lines (`mailsim run --keylog`); empty
  // when no host offers TLS.
  const std::vector<std::string>& tls_keylog() const;
  // The lesson's CA certificate as PEM ("" when no host offers TLS).
  std::string tls_ca_pem() const;
  // The world's TLS, for `mailsim serve` to set up the real clients' server contexts before serving
  // (TlsHosts::serve_real_clients); null when no host offers TLS.
  nodes::TlsHosts* tls_hosts() { return tls_.get(); }

 private:
  scenario::Scenario scenario_;
  std::uint64_t seed_;
  Scheduler scheduler_;
  trace::Trace trace_;
  Rng rng_;
  net::Network net_;
  nodes::Context ctx_;
  std::unique_ptr<nodes::TlsHosts> tls_;  // null when no host offers TLS
  // Every server and mail program, each role's built by its factory (sim/world/node_kinds.cpp).
  std::vector<std::unique_ptr<nodes::Node>> nodes_;
  nodes::PopBeforeSmtp pop_logins_;  // POP3 and IMAP logins, for the submission servers' POP before SMTP
  std::map<std::uint64_t, scenario::Failure> failure_events_;  // trace seq -> what was injected
  // The captions shown `on` an event, and the matcher that follows the trace for their triggers.
  std::vector<std::size_t> triggered_captions_;
  std::unique_ptr<TriggerMatcher> triggers_;
  void show_caption(std::size_t index);
  template <class T> T* find(const std::string& host) { return const_cast<T*>(node<T>(host)); }
  template <class T> std::vector<T*> find_all() {
    std::vector<T*> out;
    for (const auto& n : nodes_)
      if (T* t = dynamic_cast<T*>(n.get())) out.push_back(t);
    return out;
  }
};

// A Failure event's text: the kind, what it changes, and `note` (the failure's note in one language).
std::string failure_summary(const scenario::Failure& f, const std::string& note);

}  // namespace mailsim::world
