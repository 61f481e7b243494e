#include "viz/model/map_plan.hpp"

#include <algorithm>
#include <cmath>

namespace mailsim::viz {

namespace {

// The count badge sits on the icon's top-right corner: centre 0.45 icons right of and above the
// icon's centre, radius 0.26 icons (map_window.cpp draws it so).
constexpr float kBadgeReach = 0.45f + 0.26f;
// How far below the smallest zoom asked for a map may go for its names to read as their hosts'.
constexpr float kSmallestShare = 0.7f;

// An icon's own box, without the badge's corner.
Rect icon_box(Vec2 c, float icon) { return {c.x - icon / 2, c.y - icon / 2, icon, icon}; }

bool free_of(const Rect& r, std::span<const Rect> taken) {
  for (const Rect& t : taken)
    if (!t.empty() && r.overlaps(t)) return false;
  return true;
}

struct Attempt {
  float zoom;
  LabelDetail detail;
};

// The attempts from the best-looking down: the map as big as asked with all its text first; a
// little smaller before any text goes; the address and ports before the name's last label.
std::vector<Attempt> attempts(float zoom, float min_zoom) {
  std::vector<float> zooms;
  for (float z = zoom; z > min_zoom * 1.0001f; z *= 0.9f) zooms.push_back(z);
  zooms.push_back(std::min(zoom, min_zoom));
  constexpr float kWeight[kLabelDetails] = {1.0f, 0.85f, 0.7f};
  struct Scored {
    Attempt a;
    float quality;
  };
  std::vector<Scored> all;
  for (int d = 0; d < kLabelDetails; ++d)
    for (float z : zooms) all.push_back({{z, static_cast<LabelDetail>(d)}, z / zoom * kWeight[d]});
  std::stable_sort(all.begin(), all.end(), [](const Scored& x, const Scored& y) {
    return x.quality > y.quality + 1e-6f || (std::fabs(x.quality - y.quality) <= 1e-6f && x.a.zoom > y.a.zoom);
  });
  std::vector<Attempt> out;
  for (const auto& s : all) out.push_back(s.a);
  return out;
}

// Candidate places for a label of `size` beside footprint `f` of an icon centred on `c`.
void label_candidates(const Rect& f, Vec2 c, Vec2 size, float gap, std::vector<Vec2>& out) {
  const float w = size.x, h = size.y;
  const float below = f.bottom() + gap, above = f.y - gap - h, mid = c.y - h / 2;
  const float right = f.right() + gap, left = f.x - gap - w;
  out = {{c.x - w / 2, below},         {c.x - w / 2, above},         {right, mid},
         {left, mid},                  {f.x, below},                 {f.right() - w, below},
         {f.x, above},                 {f.right() - w, above},       {right, f.y},
         {right, f.bottom() - h},      {left, f.y},                  {left, f.bottom() - h},
         {c.x - w / 2, below + h + gap}, {c.x - w / 2, above - h - gap}};
}

// How plainly a label must read as its host's: alone (no other icon about as near, none facing it
// closer than about twice its own), nearest (no other icon nearer than its own), or anywhere free.
enum class Plain { Alone, Nearest, Free };

struct Placer {
  const MapInput& in;
  float zoom;
  LabelDetail detail;
  Plain plain;  // the least a label may be
  MapPlan plan;
  std::vector<Rect> taken;  // footprints, then labels as they are placed
  std::vector<Vec2> scratch;

  float gap() const { return in.gap * zoom; }
  Vec2 label_size(std::size_t i) const {
    const Vec2 s = in.hosts[i].label[static_cast<int>(detail)];
    return {s.x * zoom + 1, s.y * zoom};  // + 1: text widths are rounded up when drawn
  }

  // Host centres: the normalised positions stretched over the area, less margins that keep every
  // icon inside and leave room for the labels of the bottom row and of the hosts at the sides.
  bool place_hosts() {
    const std::size_t n = in.hosts.size();
    const float icon = in.icon * zoom;
    float widest = 0, tallest = 0;
    for (std::size_t i = 0; i < n; ++i) {
      widest = std::max(widest, label_size(i).x);
      tallest = std::max(tallest, label_size(i).y);
    }
    const Rect& a = in.area;
    const float mx = std::clamp(widest / 2, icon * 0.72f, std::max(icon * 0.72f, a.w * 0.15f));
    const float top = icon * kBadgeReach + gap(), bottom = icon * 0.5f + gap() + tallest;
    const Rect inner{a.x + mx, a.y + top, a.w - 2 * mx, a.h - top - bottom};
    if (inner.w < 0 || inner.h < 0) return false;
    Vec2 lo{1, 1}, hi{0, 0};
    for (const auto& h : in.hosts) {
      lo = {std::min(lo.x, h.pos.x), std::min(lo.y, h.pos.y)};
      hi = {std::max(hi.x, h.pos.x), std::max(hi.y, h.pos.y)};
    }
    auto fit = [](float v, float l, float h) { return h - l > 1e-3f ? (v - l) / (h - l) : 0.5f; };
    plan.centre.resize(n);
    plan.footprint.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Vec2 p = in.hosts[i].pos;
      plan.centre[i] = {inner.x + fit(p.x, lo.x, hi.x) * inner.w, inner.y + fit(p.y, lo.y, hi.y) * inner.h};
      plan.footprint[i] = icon_footprint(plan.centre[i], icon);
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = i + 1; k < n; ++k)
        if (plan.footprint[i].overlaps(plan.footprint[k])) return false;
    return true;
  }

  // Whether label `r` of host `i` reads as another host's: some other icon is about as near to it
  // as its own (a name between two icons); or an icon it faces (one whose centre lies across from
  // the label's middle, as when a name sits in the gap between two icons stacked one above the
  // other) is not clearly farther than its own icon. The second is measured from the icons
  // themselves, not from the corner kept for a badge: the eye sees the icon.
  bool ambiguous(const Rect& r, std::size_t i) const {
    const float own = distance(r, plan.footprint[i]);
    const float icon = in.icon * zoom, inset = icon / 4;
    const float own_icon = distance(r, icon_box(plan.centre[i], icon));
    for (std::size_t k = 0; k < plan.footprint.size(); ++k) {
      if (k == i) continue;
      if (distance(r, plan.footprint[k]) < 2 * own + 2 * gap()) return true;
      const Vec2 c = plan.centre[k];
      const bool facing = (c.x > r.x + inset && c.x < r.right() - inset) || (c.y > r.y + inset && c.y < r.bottom() - inset);
      if (facing && distance(r, icon_box(c, icon)) < 2 * own_icon + 2 * gap()) return true;
    }
    return false;
  }
  // Whether some other icon is nearer to label `r` than host `i`'s own.
  bool nearer_to_another(const Rect& r, std::size_t i) const {
    const float own = distance(r, plan.footprint[i]);
    for (std::size_t k = 0; k < plan.footprint.size(); ++k)
      if (k != i && distance(r, plan.footprint[k]) < own) return true;
    return false;
  }

  std::optional<Rect> find_label(std::size_t i) {
    const Vec2 size = label_size(i);
    const Rect& f = plan.footprint[i];
    label_candidates(f, plan.centre[i], size, gap(), scratch);
    const Rect& a = in.area;
    // The plainest place first, down to the least allowed.
    for (Plain level : {Plain::Alone, Plain::Nearest, Plain::Free}) {
      if (level > plain) break;
      for (std::size_t k = 0; k < scratch.size(); ++k) {
        Vec2 p = scratch[k];
        // Slide along the edge rather than off the map; above and below, the label must still be
        // beside its icon.
        p.x = std::clamp(p.x, a.x, std::max(a.x, a.right() - size.x));
        const Rect r{p.x, p.y, size.x, size.y};
        const bool beside = k == 2 || k == 3 || (k >= 8 && k <= 11);
        if (!beside && (r.right() <= f.x || r.x >= f.right())) continue;
        if (!a.contains(r) || !free_of(r, taken)) continue;
        if (level == Plain::Alone && ambiguous(r, i)) continue;
        if (level == Plain::Nearest && nearer_to_another(r, i)) continue;
        return r;
      }
    }
    return std::nullopt;
  }

  // Greedy in an order; a host whose label found no place goes first and the rest again.
  bool place_labels(bool best_effort) {
    const std::size_t n = in.hosts.size();
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t round = 0; round <= n; ++round) {
      taken = plan.footprint;
      plan.label.assign(n, Rect{});
      std::optional<std::size_t> failed;
      for (std::size_t i : order) {
        if (auto r = find_label(i)) {
          plan.label[i] = *r;
          taken.push_back(*r);
        } else if (!failed) {
          failed = i;
          if (!best_effort) break;
        }
      }
      if (!failed) return true;
      if (best_effort || round == n) return false;
      const auto at = std::find(order.begin(), order.end(), *failed);
      if (at == order.begin()) return false;  // first and still no room: another round will not help
      std::rotate(order.begin(), at, at + 1);
    }
    return false;
  }

  void place_link_labels() {
    plan.link_label.assign(in.links.size(), Rect{});
    const float icon = in.icon * zoom, g = gap();
    for (std::size_t l = 0; l < in.links.size(); ++l) {
      const auto& link = in.links[l];
      if (link.a >= plan.centre.size() || link.b >= plan.centre.size()) continue;
      const Vec2 pa = plan.centre[link.a], pb = plan.centre[link.b];
      const float dx = pb.x - pa.x, dy = pb.y - pa.y, len = std::hypot(dx, dy);
      if (len < 1) continue;
      const Vec2 d{dx / len, dy / len}, n{-d.y, d.x};
      const Vec2 size{link.label.x * zoom + 1, link.label.y * zoom};
      // The label must fit along the line's visible part, between the two icons.
      if (std::fabs(d.x) * size.x + std::fabs(d.y) * size.y > len - 1.3f * icon) continue;
      const float off = (std::fabs(n.x) * size.x + std::fabs(n.y) * size.y) / 2 + g + 2 * zoom;
      const float up = n.y > 0 ? -1.0f : 1.0f;  // above the line first
      for (float t : {0.5f, 0.38f, 0.62f, 0.26f, 0.74f}) {
        bool done = false;
        for (float side : {up, -up}) {
          const Vec2 c{pa.x + dx * t + n.x * off * side, pa.y + dy * t + n.y * off * side};
          const Rect r{c.x - size.x / 2, c.y - size.y / 2, size.x, size.y};
          if (!in.area.contains(r) || !free_of(r, taken)) continue;
          plan.link_label[l] = r;
          taken.push_back(r);
          done = true;
          break;
        }
        if (done) break;
      }
    }
  }
};

}  // namespace

Rect icon_footprint(Vec2 c, float icon) {
  return {c.x - icon * 0.5f, c.y - icon * kBadgeReach, icon * (0.5f + kBadgeReach), icon * (0.5f + kBadgeReach)};
}

MapPlan plan_map(const MapInput& in) {
  const auto list = attempts(in.zoom, in.min_zoom);
  auto plan = [&in](Plain plain, float zoom, LabelDetail detail) -> std::optional<MapPlan> {
    Placer p{in, zoom, detail, plain, {}, {}, {}};
    if (!p.place_hosts() || !p.place_labels(false)) return std::nullopt;
    p.place_link_labels();
    p.plan.zoom = zoom;
    p.plan.detail = detail;
    p.plan.fits = true;
    return std::move(p.plan);
  };
  // A smaller map whose every label is plainly its host's before a bigger one with a name between
  // two icons.
  for (Plain plain : {Plain::Alone, Plain::Nearest})
    for (const Attempt& a : list)
      if (auto p = plan(plain, a.zoom, a.detail)) return *p;
  // A little smaller than the smallest asked for, as long as every name then reads as its own
  // host's: a name under the wrong icon misleads, a smaller one does not.
  const LabelDetail detail = list.back().detail;
  float zoom = list.back().zoom;
  for (float z = zoom * 0.9f; z > zoom * kSmallestShare; z *= 0.9f)
    if (auto p = plan(Plain::Nearest, z, detail)) return *p;
  // Then any place free of the others.
  for (const Attempt& a : list)
    if (auto p = plan(Plain::Free, a.zoom, a.detail)) return *p;
  // No room for everything even at the smallest: smaller still until the icons are apart, then the
  // labels that find room; the others have their tooltips.
  for (;;) {
    Placer p{in, zoom, detail, Plain::Free, {}, {}, {}};
    const bool apart = p.place_hosts();
    if (apart || zoom < 0.2f) {
      if (!apart) {  // an area too small for anything: every host where its position says
        const std::size_t n = in.hosts.size();
        p.plan.centre.resize(n);
        p.plan.footprint.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
          p.plan.centre[i] = {in.area.x + std::clamp(in.hosts[i].pos.x, 0.0f, 1.0f) * in.area.w,
                              in.area.y + std::clamp(in.hosts[i].pos.y, 0.0f, 1.0f) * in.area.h};
          p.plan.footprint[i] = icon_footprint(p.plan.centre[i], in.icon * zoom);
        }
      }
      p.place_labels(true);
      p.place_link_labels();
      p.plan.zoom = zoom;
      p.plan.detail = detail;
      p.plan.fits = false;
      return p.plan;
    }
    zoom *= 0.9f;
  }
}

std::optional<Rect> place_near(Vec2 anchor, Vec2 size, float gap, const Rect& bounds, std::span<const Rect> taken) {
  const float w = size.x, h = size.y;
  const Vec2 places[] = {{anchor.x - w / 2, anchor.y - gap - h}, {anchor.x - w / 2, anchor.y + gap},
                         {anchor.x + gap, anchor.y - h / 2},     {anchor.x - gap - w, anchor.y - h / 2},
                         {anchor.x + gap, anchor.y - gap - h},   {anchor.x - gap - w, anchor.y - gap - h},
                         {anchor.x + gap, anchor.y + gap},       {anchor.x - gap - w, anchor.y + gap}};
  for (Vec2 p : places) {
    const Rect r{p.x, p.y, w, h};
    if (bounds.contains(r) && free_of(r, taken)) return r;
  }
  return std::nullopt;
}

std::string_view short_host_name(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace mailsim::viz
