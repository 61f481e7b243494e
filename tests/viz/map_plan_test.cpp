// The map's label placement (viz::plan_map): nothing overlaps, the same input gives the same plan,
// and a map too small for its text is made smaller or terser rather than piled up.
#include <doctest/doctest.h>

#include "viz/model/map_plan.hpp"

using namespace mailsim::viz;

namespace {

// `n` hosts in a row (as routers often are), labels `w` x 30 at zoom 1 (name and address), 22 tall
// with the name alone; each host linked to the next with a 40 x 14 latency label.
MapInput row(int n, float w, Rect area, float zoom = 1) {
  MapInput in;
  in.area = area;
  in.zoom = zoom;
  in.min_zoom = 0.85f * std::min(1.0f, zoom);
  for (int i = 0; i < n; ++i) {
    MapHostInput h;
    h.pos = {static_cast<float>(i) / static_cast<float>(std::max(1, n - 1)), 0.5f};
    h.label[0] = {w, 30};
    h.label[1] = {w, 22};
    h.label[2] = {w * 0.6f, 22};
    in.hosts.push_back(h);
    if (i > 0) in.links.push_back({static_cast<std::uint16_t>(i - 1), static_cast<std::uint16_t>(i), {40, 14}});
  }
  return in;
}

void check_no_overlap(const MapPlan& p, const Rect& area) {
  const std::size_t n = p.centre.size();
  for (std::size_t i = 0; i < n; ++i) {
    CHECK(area.contains(p.footprint[i], 0.01f));
    REQUIRE_FALSE(p.label[i].empty());
    CHECK(area.contains(p.label[i], 0.01f));
    for (std::size_t k = 0; k < n; ++k) {
      CHECK_FALSE(p.label[i].overlaps(p.footprint[k]));
      if (k != i) {
        CHECK_FALSE(p.footprint[i].overlaps(p.footprint[k]));
        CHECK_FALSE(p.label[i].overlaps(p.label[k]));
      }
    }
    for (const auto& l : p.link_label) {
      if (l.empty()) continue;
      CHECK(area.contains(l, 0.01f));
      CHECK_FALSE(l.overlaps(p.label[i]));
      CHECK_FALSE(l.overlaps(p.footprint[i]));
    }
  }
}

}  // namespace

TEST_CASE("map plan: a roomy map keeps the zoom asked for, full labels below their icons") {
  const Rect area{0, 0, 1200, 500};
  const MapPlan p = plan_map(row(4, 150, area, 1.5f));
  CHECK(p.fits);
  CHECK(p.zoom == doctest::Approx(1.5f));
  CHECK(p.detail == LabelDetail::Full);
  check_no_overlap(p, area);
  for (std::size_t i = 0; i < 4; ++i) CHECK(p.label[i].y > p.centre[i].y);  // below
  for (const auto& l : p.link_label) CHECK_FALSE(l.empty());
}

TEST_CASE("map plan: hosts too close for labels side by side alternate above and below") {
  // Six hosts in 700 px, labels 200 wide: below, each would cover its neighbour's.
  const Rect area{0, 0, 700, 400};
  const MapPlan p = plan_map(row(6, 200, area));
  CHECK(p.fits);
  check_no_overlap(p, area);
  int above = 0, below = 0;
  for (std::size_t i = 0; i < 6; ++i) (p.label[i].y > p.centre[i].y ? below : above)++;
  CHECK(above > 0);
  CHECK(below > 0);
}

TEST_CASE("map plan: a map too small for its text gets smaller, then terser, never piled up") {
  const Rect area{0, 0, 520, 150};
  const MapPlan p = plan_map(row(6, 170, area, 2.0f));
  CHECK(p.fits);
  CHECK(p.zoom < 2.0f);
  check_no_overlap(p, area);
}

TEST_CASE("map plan: with no room at all every label that fits is placed, the rest are left out") {
  const Rect area{0, 0, 200, 80};
  const MapPlan p = plan_map(row(8, 300, area));
  CHECK_FALSE(p.fits);
  for (std::size_t i = 0; i < p.label.size(); ++i)
    for (std::size_t k = i + 1; k < p.label.size(); ++k)
      if (!p.label[i].empty() && !p.label[k].empty()) CHECK_FALSE(p.label[i].overlaps(p.label[k]));
}

TEST_CASE("map plan: the same input gives the same plan") {
  const MapInput in = row(7, 180, {10, 20, 900, 330}, 1.5f);
  const MapPlan a = plan_map(in), b = plan_map(in);
  CHECK(a.zoom == b.zoom);
  CHECK(a.detail == b.detail);
  CHECK(a.label == b.label);
  CHECK(a.link_label == b.link_label);
  CHECK(a.centre == b.centre);
}

TEST_CASE("map plan: a latency label is left out where its link is too short for it") {
  MapInput in = row(2, 60, {0, 0, 400, 300});
  in.links[0].label = {600, 14};  // longer than the link
  const MapPlan p = plan_map(in);
  CHECK(p.fits);
  CHECK(p.link_label[0].empty());
}

TEST_CASE("a packet's bubble goes where it covers nothing, or nowhere") {
  const Rect bounds{0, 0, 300, 200};
  const Rect icon{130, 40, 40, 40};  // right above the packet
  const std::vector<Rect> taken{icon};
  auto r = place_near({150, 100}, {80, 20}, 8, bounds, taken);
  REQUIRE(r);
  CHECK_FALSE(r->overlaps(icon));
  CHECK(bounds.contains(*r));
  CHECK(r->y > 100);  // below, as above is taken
  const std::vector<Rect> everything{bounds};
  CHECK_FALSE(place_near({150, 100}, {80, 20}, 8, bounds, everything));
}

TEST_CASE("short host names drop the last label") {
  CHECK(short_host_name("router.school.example") == "router.school");
  CHECK(short_host_name("internet.example") == "internet");
  CHECK(short_host_name("localhost") == "localhost");
}
