#include "viz/model/session.hpp"

#include <algorithm>

namespace mailsim::viz {

namespace {
// A lesson without `until` runs until nothing is pending; these bound one that never settles.
constexpr std::uint64_t kMaxKernelEvents = 2'000'000;
constexpr Time kMaxOpenEnd = 30 * kDay;
}  // namespace

Session::Session(scenario::Scenario s, std::optional<std::uint64_t> seed)
    : scenario_(std::move(s)), seed_(seed.value_or(scenario_.seed)) {
  rerun();
}

std::unique_ptr<world::World> Session::build() const {
  auto w = std::make_unique<world::World>(scenario_, seed_);
  world::World* raw = w.get();
  for (const auto& f : injected_) w->scheduler().schedule_at(f.at, [raw, f] { raw->inject(f); });
  return w;
}

void Session::rerun() {
  auto w = build();
  const Time limit = scenario_.until > 0 ? scenario_.until : kMaxOpenEnd;
  for (std::uint64_t n = 0; n < kMaxKernelEvents && w->step(limit); ++n) {
  }
  std::vector<std::string> names;
  std::vector<bool> up;
  for (const auto& h : scenario_.hosts) {
    names.push_back(h.name);
    up.push_back(h.up);
  }
  model_ = TraceModel(w->trace().events(), std::move(names), std::move(up));
  end_ = std::max(scenario_.until, model_.last_time());
  live_.reset();
  ++revision_;
}

const world::World& Session::world_at(Time t) {
  if (!live_ || live_->now() > t) {
    live_ = build();
    ++rebuilds_;
  }
  live_->run(t);
  return *live_;
}

void Session::inject(scenario::Failure f) {
  // Keep time order; an equal time goes after the ones already there, as it was added later.
  auto pos = std::upper_bound(injected_.begin(), injected_.end(), f.at,
                              [](Time t, const scenario::Failure& g) { return t < g.at; });
  injected_.insert(pos, std::move(f));
  rerun();
}

void Session::remove_injected(std::size_t i) {
  if (i >= injected_.size()) return;
  injected_.erase(injected_.begin() + static_cast<std::ptrdiff_t>(i));
  rerun();
}

void Session::append_synthetic(std::vector<trace::Event> extra) {
  std::vector<trace::Event> all = model_.events();
  for (auto& e : extra) all.push_back(std::move(e));
  std::vector<bool> up;
  for (const auto& h : scenario_.hosts) up.push_back(h.up);
  model_ = TraceModel(std::move(all), model_.hosts(), std::move(up));
  end_ = std::max(end_, model_.last_time());
  ++revision_;
}

}  // namespace mailsim::viz
