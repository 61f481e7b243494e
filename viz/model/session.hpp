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
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

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

  // A world built like every other one (scenario, seed, injected failures), not yet run.
  std::unique_ptr<world::World> build() const;

 private:
  void rerun();

  scenario::Scenario scenario_;
  std::uint64_t seed_;
  std::vector<scenario::Failure> injected_;
  TraceModel model_;
  Time end_ = 0;
  std::uint64_t revision_ = 0;
  std::unique_ptr<world::World> live_;
  std::size_t rebuilds_ = 0;
};

}  // namespace mailsim::viz
