// check_png FILE WIDTH HEIGHT: exit 0 when FILE is a PNG of that size that is not blank (it has more
// than a few distinct colours, as a rendered map, panels and text do).
#include <cstdio>
#include <cstdlib>
#include <unordered_set>

#include <stb_image.h>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: check_png FILE WIDTH HEIGHT\n");
    return 2;
  }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) {
    std::printf("cannot read a PNG: %s\n", stbi_failure_reason());
    return 1;
  }
  const int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  std::unordered_set<unsigned> colours;
  for (long i = 0; i < static_cast<long>(w) * h; ++i)
    colours.insert(px[3 * i] << 16 | px[3 * i + 1] << 8 | px[3 * i + 2]);
  stbi_image_free(px);
  std::printf("%dx%d, %zu distinct colours\n", w, h, colours.size());
  constexpr std::size_t kMinColours = 64;
  if (w != want_w || h != want_h) {
    std::printf("expected %dx%d\n", want_w, want_h);
    return 1;
  }
  if (colours.size() <= kMinColours) {
    std::printf("looks blank: at most %zu colours\n", kMinColours);
    return 1;
  }
  return 0;
}
