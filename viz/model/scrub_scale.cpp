#include "viz/model/scrub_scale.hpp"

#include <algorithm>
#include <cmath>

namespace mailsim::viz {

ScrubScale ScrubScale::linear(Time begin, Time end) {
  return ScrubScale({Piece{begin, std::max(end, begin + 1), 0.0, 1.0, false}});
}

ScrubScale ScrubScale::events(const TraceModel& m, Time end, unsigned mask) {
  end = std::max<Time>(end, 1);
  // A stretch is quiet when nothing happens for longer than this: a second, or a hundredth of the
  // run in a long one (a retry lesson of hours keeps its 30 s timeouts in one piece).
  const Duration quiet = std::max<Duration>(kSecond, end / 100);
  struct Busy {
    Time t0, t1;
  };
  std::vector<Busy> busy;
  const auto& ev = m.events();
  for (std::uint32_t i = 0; i < ev.size(); ++i) {
    if (!(m.category(i) & mask)) continue;
    const Time t = std::clamp<Time>(ev[i].time, 0, end);
    if (!busy.empty() && t - busy.back().t1 <= quiet) busy.back().t1 = std::max(busy.back().t1, t);
    else busy.push_back({t, t});
  }
  if (busy.empty()) return linear(0, end);
  // The pieces in time order: quiet before, between and after the busy stretches (a short one
  // joins its neighbour).
  std::vector<Piece> pieces;
  Time at = 0;
  for (const Busy& b : busy) {
    if (b.t0 - at > quiet) pieces.push_back({at, b.t0, 0, 0, true});
    else if (!pieces.empty()) pieces.back().t1 = b.t0;  // joins the busy piece before
    const Time from = pieces.empty() ? 0 : pieces.back().t1;
    pieces.push_back({std::min(from, b.t0), b.t1, 0, 0, false});
    at = b.t1;
  }
  if (end - at > quiet) pieces.push_back({at, end, 0, 0, true});
  else pieces.back().t1 = end;
  // Widths: the quiet pieces a thin share each (longer ones a little wider, by the logarithm of
  // their length), the busy ones the rest by their length, each at least a twentieth of it.
  int n_quiet = 0;
  Duration busy_total = 0;
  for (const Piece& p : pieces) {
    if (p.quiet) ++n_quiet;
    else busy_total += p.t1 - p.t0;
  }
  const double quiet_share = std::min(0.4, 0.05 * n_quiet);
  double quiet_weight = 0, busy_weight = 0;
  auto weight = [&](const Piece& p) {
    const double len = static_cast<double>(p.t1 - p.t0);
    if (p.quiet) return 1.0 + std::log10(std::max(1.0, len / static_cast<double>(quiet)));
    return std::max(len, 0.05 * static_cast<double>(std::max<Duration>(busy_total, 1)));
  };
  for (const Piece& p : pieces) (p.quiet ? quiet_weight : busy_weight) += weight(p);
  double x = 0;
  for (Piece& p : pieces) {
    const double share = p.quiet ? (quiet_weight > 0 ? quiet_share * weight(p) / quiet_weight : 0)
                                 : (busy_weight > 0 ? (1 - quiet_share) * weight(p) / busy_weight : 0);
    p.x0 = x;
    x += share;
    p.x1 = x;
  }
  pieces.back().x1 = 1.0;
  return ScrubScale(std::move(pieces));
}

double ScrubScale::x_of(Time t) const {
  const Piece& first = pieces_.front();
  const Piece& last = pieces_.back();
  auto within = [](const Piece& p, Time v) {
    const double span = static_cast<double>(std::max<Time>(p.t1 - p.t0, 1));
    return p.x0 + (p.x1 - p.x0) * static_cast<double>(v - p.t0) / span;
  };
  if (t <= first.t0) return within(first, t);
  if (t >= last.t1) return within(last, t);
  const auto it = std::lower_bound(pieces_.begin(), pieces_.end(), t, [](const Piece& p, Time v) { return p.t1 < v; });
  return within(*it, t);
}

Time ScrubScale::t_of(double x) const {
  x = std::clamp(x, 0.0, 1.0);
  const auto it = std::lower_bound(pieces_.begin(), pieces_.end(), x, [](const Piece& p, double v) { return p.x1 < v; });
  const Piece& p = it == pieces_.end() ? pieces_.back() : *it;
  const double w = p.x1 - p.x0;
  const double f = w > 0 ? (x - p.x0) / w : 0;
  return p.t0 + static_cast<Time>(std::llround(f * static_cast<double>(p.t1 - p.t0)));
}

std::pair<Time, Time> zoom_view(Time begin, Time end, Time pivot, double factor, Time total, Duration min_span) {
  total = std::max<Time>(total, 1);
  const double span = static_cast<double>(end - begin);
  double wanted = std::clamp(span * factor, static_cast<double>(std::min<Duration>(min_span, total)), static_cast<double>(total));
  pivot = std::clamp(pivot, begin, end);
  const double f = span > 0 ? static_cast<double>(pivot - begin) / span : 0.5;  // the pivot's place on the bar
  double b = static_cast<double>(pivot) - f * wanted;
  b = std::clamp(b, 0.0, static_cast<double>(total) - wanted);
  const Time nb = static_cast<Time>(std::llround(b));
  return {nb, std::min<Time>(total, nb + static_cast<Time>(std::llround(wanted)))};
}

}  // namespace mailsim::viz
