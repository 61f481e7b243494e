#pragma once
// Where the map draws each host, its label and each link's latency, so that nothing covers anything
// else at any window size and UI scale.
//
// Cartographers call it point-feature labelling; this is its simplest deterministic form. Every
// label has a short list of candidate places around its icon (below, above, right, left, the
// corners, a row further out), tried in that order; the first that overlaps no icon and no label
// placed before wins. When a host's label finds no place, that host is placed first and the rest
// again. When that fails too, the whole map is tried smaller (icons and text together) or with less
// text (the name without the address, then without its last label): the attempts go from the
// best-looking down, so a big room gets the biggest map that fits. Latency labels come last and are
// left out where there is no room (the link's tooltip has the latency). The same input gives the
// same plan, frame after frame.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "viz/model/geometry.hpp"

namespace mailsim::viz {

// How much a host's label says: name, address and ports; the name; the name without its last label.
enum class LabelDetail { Full, Name, Short };
constexpr int kLabelDetails = 3;

struct MapHostInput {
  Vec2 pos;                     // normalised (layout_hosts)
  Vec2 label[kLabelDetails];    // the label block's size in pixels at zoom 1, per LabelDetail
  bool operator==(const MapHostInput&) const = default;
};

struct MapLinkInput {
  std::uint16_t a = 0, b = 0;   // host indexes
  Vec2 label;                   // the latency text's box at zoom 1
  bool operator==(const MapLinkInput&) const = default;
};

struct MapInput {
  Rect area;                    // hosts, labels and latency labels stay inside, in pixels
  float zoom = 1;               // wanted: the UI scale
  float min_zoom = 0.85f;       // the smallest tried
  float icon = 46;              // side of an icon's box at zoom 1
  float gap = 3;                // between an icon and its label, at zoom 1
  std::vector<MapHostInput> hosts;
  std::vector<MapLinkInput> links;
  bool operator==(const MapInput&) const = default;
};

struct MapPlan {
  float zoom = 1;
  LabelDetail detail = LabelDetail::Full;
  bool fits = false;            // every label placed, no two icons overlapping
  std::vector<Vec2> centre;     // per host, pixels
  std::vector<Rect> footprint;  // per host: its icon with the count badge on the top-right corner
  std::vector<Rect> label;      // per host; empty when there was no room (then fits is false)
  std::vector<Rect> link_label; // per link; empty: not shown
};

// The icon's box and the badge's corner, for an icon of side `icon` centred on `c`.
Rect icon_footprint(Vec2 c, float icon);
MapPlan plan_map(const MapInput& in);

// The first free place for a box of `size` next to `anchor` (a packet's text bubble): above, below,
// right, left, then the corners, `gap` away; inside `bounds`, overlapping none of `taken`.
std::optional<Rect> place_near(Vec2 anchor, Vec2 size, float gap, const Rect& bounds, std::span<const Rect> taken);

// A host name without its last label, for the shortest map labels: "router.school.example" ->
// "router.school"; a name of one label stays whole.
std::string_view short_host_name(std::string_view name);

}  // namespace mailsim::viz
