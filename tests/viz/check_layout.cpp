// check_layout FILE.json [--map-share F] [--min-rows-at-scale-1 N] [--uncut-captions 1]: exit 0 when every layout in FILE
// (mailsim-gui --dump-layout) holds viz::check_layout's rules; else prints each problem, naming the
// layout (size, scale, arrangement, time) and the items.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "viz/model/format.hpp"
#include "viz/model/layout_dump.hpp"

using namespace mailsim;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: check_layout FILE.json [--map-share F] [--min-rows-at-scale-1 N] [--uncut-captions 1]\n");
    return 2;
  }
  viz::LayoutRules rules;
  int rows_at_1 = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--map-share")) rules.map_share = std::strtof(argv[i + 1], nullptr);
    else if (!std::strcmp(argv[i], "--min-rows-at-scale-1")) rows_at_1 = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--uncut-captions")) rules.uncut_captions = std::atoi(argv[i + 1]) != 0;
    else {
      std::fprintf(stderr, "check_layout: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  std::vector<viz::LayoutDump> layouts;
  try {
    std::ifstream f(argv[1]);
    if (!f) throw std::runtime_error("cannot read the file");
    layouts = viz::layouts_from_json(nlohmann::json::parse(f));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "check_layout: %s: %s\n", argv[1], e.what());
    return 2;
  }
  std::size_t bad = 0, problems = 0;
  for (const auto& l : layouts) {
    viz::LayoutRules r = rules;
    if (l.scale == 1.0f) r.min_list_rows = rows_at_1;
    const auto found = viz::check_layout(l, r);
    if (found.empty()) continue;
    ++bad;
    problems += found.size();
    std::printf("%dx%d scale %g %s %s at %s:\n", l.width, l.height, l.scale, l.layout.c_str(), l.lang.c_str(),
                viz::format_clock(l.at).c_str());
    for (const auto& p : found) std::printf("  %s\n", p.c_str());
  }
  std::printf("%zu layouts checked, %zu with problems (%zu problems)\n", layouts.size(), bad, problems);
  return bad == 0 && !layouts.empty() ? 0 : 1;
}
