// The scrub bar's scales: in relay-mx the three hops' connections sit within a pixel of each
// other on a linear bar of the 60 s run, and far apart once the quiet stretches are squeezed
// ("zoom to events"); the squeezed bar keeps time in order and can be read back; the wheel's
// zoom keeps the time under the pointer where it was and stays within the run.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/scenario/load.hpp"
#include "viz/model/scrub_scale.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {
std::vector<Time> accepted_times(const TraceModel& m) {
  std::vector<Time> out;
  for (const auto& e : m.events())
    if (e.kind == trace::Kind::Accepted && (e.protocol == "smtp" || e.protocol == "submission")) out.push_back(e.time);
  return out;
}
}  // namespace

TEST_CASE("scrub scale: relay-mx's three hops are one tick on a linear bar and apart when zoomed to the events") {
  Session s(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/relay-mx.json"));
  const auto hops = accepted_times(s.model());
  REQUIRE(hops.size() == 3);
  constexpr double kBar = 1000;  // pixels
  const ScrubScale lin = ScrubScale::linear(0, s.end());
  CHECK((lin.x_of(hops[2]) - lin.x_of(hops[0])) * kBar < 4.0);  // 178 ms of 60 s: three pixels
  const ScrubScale ev = ScrubScale::events(s.model(), s.end());
  CHECK(ev.begin() == 0);
  CHECK(ev.end() == s.end());
  for (std::size_t k = 0; k + 1 < hops.size(); ++k) CHECK((ev.x_of(hops[k + 1]) - ev.x_of(hops[k])) * kBar > 40.0);
  // Something was squeezed, and the pieces tile the bar in order.
  bool squeezed = false;
  double x = 0;
  Time t = 0;
  for (const auto& p : ev.pieces()) {
    squeezed = squeezed || p.quiet;
    CHECK(p.x0 == doctest::Approx(x));
    CHECK(p.t0 == t);
    CHECK(p.x1 >= p.x0);
    x = p.x1;
    t = p.t1;
  }
  CHECK(squeezed);
  CHECK(x == doctest::Approx(1.0));
  // In order, and read back to the microsecond's neighbourhood (a pixel of a squeezed piece is long).
  double last = -1;
  for (const auto& e : s.model().events()) {
    const double f = ev.x_of(e.time);
    CHECK(f >= last);
    last = f;
  }
  for (Time h : hops) CHECK(std::llabs(ev.t_of(ev.x_of(h)) - h) <= 1);
  CHECK(ev.t_of(-1) == 0);
  CHECK(ev.t_of(2) == s.end());
}

TEST_CASE("scrub scale: the wheel's zoom keeps the pointer's time in its place, within the run") {
  const Time total = 60 * kSecond;
  // Zoom in by half around 15 s of the whole run: 15 s stays a quarter of the way along.
  auto [b, e] = zoom_view(0, total, 15 * kSecond, 0.5, total, kMillisecond);
  CHECK(e - b == 30 * kSecond);
  CHECK(static_cast<double>(15 * kSecond - b) / static_cast<double>(e - b) == doctest::Approx(0.25));
  const ScrubScale z = ScrubScale::linear(b, e);
  CHECK(z.x_of(15 * kSecond) == doctest::Approx(0.25));
  CHECK(z.x_of(b - kSecond) < 0);  // before the view: off the bar
  // Near the end, the view stays inside the run.
  auto [b2, e2] = zoom_view(0, total, 59 * kSecond, 0.1, total, kMillisecond);
  CHECK(e2 <= total);
  CHECK(b2 >= 0);
  CHECK(e2 - b2 == 6 * kSecond);
  // Never shorter than the minimum, and zoomed out it is the whole run.
  auto [b3, e3] = zoom_view(10 * kSecond, 10 * kSecond + 4 * kMillisecond, 10 * kSecond, 0.01, total, 2 * kMillisecond);
  CHECK(e3 - b3 == 2 * kMillisecond);
  auto [b4, e4] = zoom_view(10 * kSecond, 20 * kSecond, 12 * kSecond, 100, total, kMillisecond);
  CHECK(b4 == 0);
  CHECK(e4 == total);
}
