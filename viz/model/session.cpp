#include "viz/model/session.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sim/serve/real_client.hpp"

namespace mailsim::viz {

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
  stop_serving();
  served_.reset();
  auto w = build();
  w->run();  // bounded by world::RunCaps, as `mailsim run` and world_at() are
  show(w->trace().events());
  end_ = std::max(scenario_.until, model_.last_time());
  live_.reset();
}

void Session::show(std::vector<trace::Event> events) {
  std::vector<std::string> names;
  std::vector<bool> up;
  for (const auto& h : scenario_.hosts) {
    names.push_back(h.name);
    up.push_back(h.up);
  }
  model_ = TraceModel(std::move(events), std::move(names), std::move(up));
  ++revision_;
}

std::string Session::start_serving(const serve::Options& o, Time from) {
  if (serving()) return {};
  scenario::Scenario before = scenario_;
  scenario_ = serve::with_real_client(std::move(scenario_));
  auto w = build();
  w->run(from);
  auto clients = std::make_unique<serve::RealClients>(*w, o);
  if (std::string error = clients->open(); !error.empty()) {
    scenario_ = std::move(before);  // the views still show the hosts they had
    return error;
  }
  mappings_ = clients->mappings();
  // The app has no --ca-out: the CA goes to a file named after the lesson, which the Serve menu
  // shows. Its certificate comes from the seed, so the same lesson and seed write the same file.
  ca_file_.clear();
  if (const std::string pem = w->tls_ca_pem(); !pem.empty()) {
    std::error_code ec;
    const auto path = std::filesystem::temp_directory_path(ec) / ("mailsim-" + scenario_.id + "-ca.pem");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!ec && out << pem && out.flush()) ca_file_ = path.string();
  }
  served_ = std::move(w);
  clients_ = std::move(clients);
  live_.reset();
  shown_events_ = served_->trace().size();
  show(served_->trace().events());
  end_ = served_->now();
  return {};
}

void Session::stop_serving() { clients_.reset(); }

void Session::pump(int max_wait_ms) {
  if (!clients_) return;
  clients_->pump(max_wait_ms);
  end_ = served_->now();
  // Rebuilt only when the trace grew (a quiet classroom costs nothing), and at most every few
  // frames (a busy client does not make every frame pay for the whole trace).
  ++pumps_since_show_;
  if (served_->trace().size() != shown_events_ && pumps_since_show_ >= 3) {
    pumps_since_show_ = 0;
    shown_events_ = served_->trace().size();
    show(served_->trace().events());
  }
}

const world::World& Session::world_at(Time t) {
  if (served_) return *served_;
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
  if (serving()) {  // the served run cannot be redone: the failure happens now (or when it says, if later)
    world::World* w = served_.get();
    f.at = std::max(f.at, w->now());  // recorded as it happens, so its event finds it again
    pos = std::upper_bound(injected_.begin(), injected_.end(), f.at,
                           [](Time t, const scenario::Failure& g) { return t < g.at; });
    w->scheduler().schedule_at(f.at, [w, f] { w->inject(f); });
    injected_.insert(pos, std::move(f));
    return;
  }
  injected_.insert(pos, std::move(f));
  rerun();
}

void Session::remove_injected(std::size_t i) {
  if (i >= injected_.size() || serving()) return;  // what happened in a served run stays
  injected_.erase(injected_.begin() + static_cast<std::ptrdiff_t>(i));
  rerun();
}

void Session::append_synthetic(std::vector<trace::Event> extra) {
  std::vector<trace::Event> all = model_.events();
  for (auto& e : extra) all.push_back(std::move(e));
  show(std::move(all));
  end_ = std::max(end_, model_.last_time());
}

}  // namespace mailsim::viz
