#pragma once
// Plain 2-D points and boxes for the view-model, so it needs no GUI headers. Map positions are
// normalised: (0,0) is the map's top-left corner and (1,1) its bottom-right; the GUI scales them to
// pixels. Rects are in pixels, y downwards, as the screen and the layout dump (layout_dump.hpp) have them.
#include <algorithm>
#include <cmath>

namespace mailsim::viz {

struct Vec2 {
  float x = 0;
  float y = 0;
  bool operator==(const Vec2&) const = default;
};

inline Vec2 lerp(Vec2 a, Vec2 b, float f) { return {a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f}; }

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  bool operator==(const Rect&) const = default;

  static Rect from_corners(Vec2 a, Vec2 b) { return {a.x, a.y, b.x - a.x, b.y - a.y}; }
  float right() const { return x + w; }
  float bottom() const { return y + h; }
  Vec2 min() const { return {x, y}; }
  Vec2 max() const { return {x + w, y + h}; }
  Vec2 centre() const { return {x + w / 2, y + h / 2}; }
  bool empty() const { return w <= 0 || h <= 0; }
  // Whether the insides meet by more than `slack` pixels each way (touching edges do not).
  bool overlaps(const Rect& o, float slack = 0) const {
    return x + slack < o.right() && o.x + slack < right() && y + slack < o.bottom() && o.y + slack < bottom();
  }
  bool contains(const Rect& o, float slack = 0) const {
    return o.x >= x - slack && o.y >= y - slack && o.right() <= right() + slack && o.bottom() <= bottom() + slack;
  }
  bool contains_x(const Rect& o, float slack = 0) const { return o.x >= x - slack && o.right() <= right() + slack; }
  Rect inset(float dx, float dy) const { return {x + dx, y + dy, std::max(0.0f, w - 2 * dx), std::max(0.0f, h - 2 * dy)}; }
};

// The gap between two boxes (0 when they touch or overlap).
inline float distance(const Rect& a, const Rect& b) {
  const float dx = std::max({0.0f, a.x - b.right(), b.x - a.right()});
  const float dy = std::max({0.0f, a.y - b.bottom(), b.y - a.bottom()});
  return std::hypot(dx, dy);
}

}  // namespace mailsim::viz
