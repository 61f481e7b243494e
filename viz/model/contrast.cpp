#include "viz/model/contrast.hpp"

#include <algorithm>
#include <cmath>

namespace mailsim::viz {

namespace {
double channel(std::uint32_t rgb, int shift) {
  const double c = static_cast<double>((rgb >> shift) & 0xff) / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
}  // namespace

double relative_luminance(std::uint32_t rgb) {
  return 0.2126 * channel(rgb, 16) + 0.7152 * channel(rgb, 8) + 0.0722 * channel(rgb, 0);
}

double contrast_ratio(std::uint32_t a, std::uint32_t b) {
  const double la = relative_luminance(a), lb = relative_luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::uint32_t over(Rgba top, std::uint32_t under) {
  const double a = top.alpha / 255.0;
  std::uint32_t out = 0;
  for (int shift : {16, 8, 0}) {
    const double t = (top.rgb >> shift) & 0xff, u = (under >> shift) & 0xff;
    out |= static_cast<std::uint32_t>(std::lround(t * a + u * (1 - a))) << shift;
  }
  return out;
}

}  // namespace mailsim::viz
