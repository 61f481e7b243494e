#pragma once
// Plain 2-D points for the view-model, so it needs no GUI headers. Map positions are normalised:
// (0,0) is the map's top-left corner and (1,1) its bottom-right; the GUI scales them to pixels.

namespace mailsim::viz {

struct Vec2 {
  float x = 0;
  float y = 0;
  bool operator==(const Vec2&) const = default;
};

inline Vec2 lerp(Vec2 a, Vec2 b, float f) { return {a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f}; }

}  // namespace mailsim::viz
