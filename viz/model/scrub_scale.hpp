#pragma once
// How the scrub bar spreads time over its width. A lesson's mail moves in milliseconds and then
// waits for minutes (relay-mx: three hops within half a second of a 60 s run), so a linear bar
// puts the story into one pixel. Two remedies, as a video editor's timeline has them:
//  - zoom: a linear view of part of the run, narrowed or widened with the mouse wheel around the
//    pointer (the time under it stays under it);
//  - "zoom to events": the quiet stretches (no event for longer than a threshold) are squeezed to a
//    thin piece each, and the busy stretches share the rest of the bar by their length, so every
//    burst of events gets room, in order, and no time is left out (the bar stays monotonic).
// Positions are fractions of the bar, 0 at its left end and 1 at its right.
#include <cstdint>
#include <utility>
#include <vector>

#include "viz/model/trace_model.hpp"

namespace mailsim::viz {

class ScrubScale {
 public:
  // A piece of the bar: times [t0, t1] spread evenly over [x0, x1].
  struct Piece {
    Time t0 = 0, t1 = 0;
    double x0 = 0, x1 = 0;
    bool quiet = false;  // a squeezed stretch with no events
  };

  ScrubScale() : pieces_{Piece{0, 1, 0.0, 1.0, false}} {}
  // The view [begin, end] (end > begin) over the whole bar.
  static ScrubScale linear(Time begin, Time end);
  // The run [0, end] with its quiet stretches squeezed; events of categories in `mask` count.
  static ScrubScale events(const TraceModel& m, Time end, unsigned mask = kAllCategories);

  double x_of(Time t) const;   // < 0 or > 1 outside the view
  Time t_of(double x) const;   // x clamped to [0, 1]
  Time begin() const { return pieces_.front().t0; }
  Time end() const { return pieces_.back().t1; }
  const std::vector<Piece>& pieces() const { return pieces_; }

 private:
  explicit ScrubScale(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {}
  std::vector<Piece> pieces_;
};

// The linear view [begin, end] zoomed by `factor` (below 1 zooms in) around `pivot`, which keeps
// its place on the bar; kept within [0, total] and no shorter than `min_span`. Zoomed out as far
// as it goes, it is the whole run.
std::pair<Time, Time> zoom_view(Time begin, Time end, Time pivot, double factor, Time total, Duration min_span);

}  // namespace mailsim::viz
