#pragma once
// Contrast as WCAG 2.x defines it, for checking that the themes survive a projector: relative
// luminance of sRGB colours and the ratio (L1 + 0.05) / (L2 + 0.05). Text wants at least 4.5:1
// against what is behind it, lines and other graphics 3:1 (WCAG 2.1 SC 1.4.3 and 1.4.11).
#include <cstdint>

namespace mailsim::viz {

constexpr double kTextContrast = 4.5;
constexpr double kGraphicsContrast = 3.0;

// A colour as 0xRRGGBB with an alpha of 0..255.
struct Rgba {
  std::uint32_t rgb = 0;
  std::uint8_t alpha = 255;
};

double relative_luminance(std::uint32_t rgb);
double contrast_ratio(std::uint32_t a, std::uint32_t b);
// `top` painted over the opaque `under` (sRGB values mixed as the renderer does).
std::uint32_t over(Rgba top, std::uint32_t under);

}  // namespace mailsim::viz
