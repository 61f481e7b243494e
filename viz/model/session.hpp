#pragma once
// The GUI's one handle on the simulation (its "control API"): the scenario, the failures the teacher
// injected, the complete trace of the lesson, and a live world for the state at the display time.
//
// Two runs of the same scenario and seed give the same trace, which is what makes this simple:
//  - the lesson is run once to its end, and the display reads that trace (TraceModel) at any time,
//    backwards as easily as forwards;
//  - the live state (queues, mailboxes, zones) comes from a second world that is run forward to the
//    display time, and rebuilt and re-run when the display goes back in time;
//  - an injected failure is a scenario::Failure scheduled into every world built from now on, so it
//    survives stepping back and replay; both runs are redone with it.
//
// Serving is the exception: real clients on loopback (sim/serve) join a world that runs in real time
// from the display time on. That run is not repeatable, so it is kept: the trace is its trace, growing
// as it runs, and the live state is that world as it is now, whatever the display time. Injecting or
// removing a failure after serving stopped goes back to the scenario's own run.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "sim/serve/real_clients.hpp"
#include "sim/serve/serve.hpp"
#include "sim/world/world.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

class Session {
 public:
  explicit Session(scenario::Scenario s, std::optional<std::uint64_t> seed = std::nullopt);

  const scenario::Scenario& scenario() const { return scenario_; }
  std::uint64_t seed() const { return seed_; }
  const TraceModel& model() const { return model_; }
  // When the lesson ends: the scenario's `until`, or when the last packet arrives.
  Time end() const { return end_; }
  // Bumps whenever the trace changes (a failure injected or removed), so views drop their caches.
  std::uint64_t revision() const { return revision_; }

  // The live world with every event up to t run.
  const world::World& world_at(Time t);
  std::size_t rebuilds() const { return rebuilds_; }

  const std::vector<scenario::Failure>& injected() const { return injected_; }
  void inject(scenario::Failure f);
  void remove_injected(std::size_t i);

  // Adds made-up events to the displayed trace (the frame-time benchmark's crowd of envelopes).
  void append_synthetic(std::vector<trace::Event> extra);

  // Starts serving (see above) at virtual time `from`; "" or why it cannot (a port in use).
  std::string start_serving(const serve::Options& o, Time from);
  // Closes the listeners and the real connections; the served run stays on show.
  void stop_serving();
  bool serving() const { return clients_ != nullptr; }
  // Kept after serving stopped, for the menu to show where it was.
  const std::vector<serve::Mapping>& mappings() const { return mappings_; }
  std::size_t real_connections() const { return clients_ ? clients_->served() : 0; }
  // Where serving wrote the lesson's CA (PEM) for real TLS clients to trust, as `mailsim serve
  // --ca-out` does: "" when no host of the lesson offers TLS (or the file could not be written).
  const std::string& ca_file() const { return ca_file_; }
  // Once a frame while serving: the world catches up with real time, waiting up to `max_wait_ms` for
  // real clients' bytes; the trace and end() follow it.
  void pump(int max_wait_ms = 0);

  // A world built like every other one (scenario, seed, injected failures), not yet run.
  std::unique_ptr<world::World> build() const;

 private:
  void rerun();
  // The displayed trace: these events, with the scenario's hosts.
  void show(std::vector<trace::Event> events);

  scenario::Scenario scenario_;
  std::uint64_t seed_;
  std::vector<scenario::Failure> injected_;
  TraceModel model_;
  Time end_ = 0;
  std::uint64_t revision_ = 0;
  std::unique_ptr<world::World> live_;
  std::size_t rebuilds_ = 0;
  std::unique_ptr<world::World> served_;  // the served run, while serving and after
  std::unique_ptr<serve::RealClients> clients_;  // declared after served_: goes first, it uses it
  std::vector<serve::Mapping> mappings_;
  std::string ca_file_;
  std::size_t shown_events_ = 0;          // of served_'s trace, in model_
  std::size_t pumps_since_show_ = 0;
};

}  // namespace mailsim::viz
