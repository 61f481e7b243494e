#include "viz/model/captions.hpp"

namespace mailsim::viz {

std::optional<ShownCaption> caption_at(const TraceModel& m, const scenario::Scenario& s, Time t) {
  std::optional<ShownCaption> shown;
  for (const std::uint32_t i : m.captions()) {
    const trace::Event& e = m.events()[i];
    if (e.time > t) break;  // in trace order, so in time order
    const auto& c = e.as<trace::data::Caption>();
    if (t < c.until && c.index < s.captions.size()) shown = ShownCaption{&s.captions[c.index], i};
  }
  return shown;
}

const Connection* focus_connection(const TraceModel& m, const scenario::Caption& c, Time t) {
  if (c.focus_peer.empty()) return nullptr;
  const Connection* best = nullptr;
  for (const Connection& k : m.connections()) {
    const bool pair = (k.client == c.focus_host && k.server == c.focus_peer) ||
                      (k.client == c.focus_peer && k.server == c.focus_host);
    if (pair && k.opened <= t && (!best || k.opened >= best->opened)) best = &k;
  }
  return best;
}

}  // namespace mailsim::viz
