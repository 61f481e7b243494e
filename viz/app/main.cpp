// mailsim-gui: the classroom view of a mail lesson. See options.cpp for the command line and
// docs/teacher-guide.md for using it in class.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "viz/app/app.hpp"
#include "viz/app/data_paths.hpp"
#include "viz/app/fonts.hpp"
#include "viz/app/options.hpp"
#include "viz/app/platform.hpp"
#include "viz/app/theme.hpp"
#include "viz/model/bench_crowd.hpp"
#include "viz/model/format.hpp"

using namespace mailsim;
using namespace mailsim::gui;

namespace {

// `wait`: seconds to sleep until input when nothing moves (0: do not wait).
void run_frame(App& app, Platform& platform, double dt, double wait = 0) {
  static bool first = true;
  if (app.fonts_dirty) {
    load_fonts(app.fonts, app.scale, app.font_texts());
    if (!first) platform.reload_fonts();  // the first frame's renderer setup uploads them
    app.fonts_dirty = false;
    app.style_dirty = true;
  }
  if (app.style_dirty) {
    apply_style(app.dark, app.scale);
    app.style_dirty = false;
  }
  first = false;
  if (app.fullscreen_request) {
    platform.toggle_fullscreen();
    app.fullscreen_request = false;
  }
  platform.new_frame(wait);
  app.frame(dt);
  const ImU32 bg = theme(app.dark).map_bg;
  platform.render((bg & 0xff) << 24 | (bg >> 8 & 0xff) << 16 | (bg >> 16 & 0xff) << 8 | 0xff);
}

// F12: the window as it is now, into the current directory, named after the lesson and the time.
void save_screenshot(App& app, Platform& platform) {
  app.screenshot_request = false;
  std::string clock = viz::format_clock(app.now);
  std::replace(clock.begin(), clock.end(), ':', '.');
  std::replace(clock.begin(), clock.end(), ' ', '_');
  const std::string path = "mailsim-" + app.session.scenario().id + "-" + clock + ".png";
  int w = 0, h = 0;
  const auto pixels = platform.read_pixels(w, h);
  if (write_png(path, w, h, pixels)) std::cout << "mailsim-gui: saved " << path << "\n";
  else std::cerr << "mailsim-gui: cannot write " << path << "\n";
}

int interactive(App& app, Platform& platform) {
  double last = platform.time();
  int lively = 3;  // frames to draw without waiting: ImGui settles hovers and popups a frame later
  while (!platform.should_close()) {
    // Paused and untouched: sleep until input (or a slow tick) instead of redrawing a still picture.
    // Never while serving: real clients wait for the frames that move their bytes.
    const bool still = !app.play.playing && lively <= 0 && !ImGui::IsAnyMouseDown() && !app.session.serving();
    const double before = platform.time();
    run_frame(app, platform, std::min(0.1, before - last), still ? 0.5 : 0);
    const double t = platform.time();
    lively = still && t - before < 0.45 ? 3 : lively - 1;  // woken by input: stay lively a little
    last = t;
    if (app.screenshot_request) save_screenshot(app, platform);
    platform.present();
  }
  return 0;
}

int screenshot(App& app, Platform& platform, const std::string& path) {
  app.screenshot_mode = true;
  app.play.playing = false;
  // A few frames: the layout settles (menu bar height, the dialog panel scrolls to its line).
  constexpr int kFrames = 3;
  for (int i = 0; i < kFrames - 1; ++i) {
    run_frame(app, platform, 0);
    platform.present();
  }
  run_frame(app, platform, 0);
  int w = 0, h = 0;
  const auto pixels = platform.read_pixels(w, h);
  platform.present();
  if (!write_png(path, w, h, pixels)) {
    std::cerr << "mailsim-gui: cannot write " << path << "\n";
    return 1;
  }
  return 0;
}

// --serve-for: the app runs for a while with real clients on loopback (tests, demonstrations), then
// keeps a picture of the end if asked.
int serve_for(App& app, Platform& platform, double seconds, const std::string& png) {
  const double start = platform.time();
  double last = start;
  while (!platform.should_close() && platform.time() - start < seconds) {
    const double t = platform.time();
    run_frame(app, platform, t - last);
    last = t;
    platform.present();
  }
  return png.empty() ? 0 : screenshot(app, platform, png);
}

int bench(App& app, Platform& platform, int frames) {
  // 2000 envelopes sent over 2 s of virtual time after the lesson, each flying 1 s: from 1 s on,
  // about 1000 are in the air at once. The frames play that second.
  const Time start = app.session.end() + kSecond;
  app.session.append_synthetic(viz::make_crowd(app.session.world_at(0), 2000, start, 2 * kSecond, kSecond));
  platform.set_vsync(false);
  constexpr double kDt = 1.0 / 60;
  app.play.speed = 1.0 / frames / kDt;
  app.seek(start + kSecond);
  app.play.playing = true;
  for (int i = 0; i < 5; ++i) {  // warm up: fonts, first uploads
    run_frame(app, platform, 0);
    platform.present();
  }
  app.seek(start + kSecond);
  app.play.playing = true;
  std::vector<double> ms;
  std::size_t in_flight = 0, peak = 0;
  // CPU time too (all threads, llvmpipe's included): steadier than wall time on a shared machine.
  auto cpu_ms = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
  };
  const double cpu0 = cpu_ms();
  for (int i = 0; i < frames; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    run_frame(app, platform, kDt);
    platform.finish();
    platform.present();
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    in_flight += app.flight.in_flight().size();
    peak = std::max(peak, app.flight.in_flight().size());
  }
  const double cpu = (cpu_ms() - cpu0) / frames;
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  const double p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  std::printf("bench: %d frames, %zu packets in flight on average (peak %zu)\n", frames, in_flight / ms.size(), peak);
  std::printf("frame time: median %.2f ms, p99 %.2f ms, max %.2f ms; CPU %.2f ms per frame (all threads)\n", median,
              p99, ms.back(), cpu);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (const std::string err = parse_options(argc, argv, o); !err.empty()) {
    std::cerr << "mailsim-gui: " << err << "\n" << kUsage;
    return 2;
  }
  if (o.help) {
    std::cout << kUsage;
    return 0;
  }
  std::optional<scenario::Scenario> s;
  try {
    s = scenario::load_file(o.scenario);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  const std::string title = "mailsim — " + viz::pick(s->title, o.lang);
  viz::Session session(std::move(*s), o.seed);
  Platform platform;
  if (!platform.open(o.width, o.height, title)) {
    std::cerr << "mailsim-gui: cannot open a window with OpenGL 3.3 (is DISPLAY set? try xvfb-run)\n";
    return 1;
  }
  const DataPaths paths = find_data_paths(running_binary(argv[0]));
  platform.set_icon(paths.icon.string());  // a missing icon is not worth a word
  App app(session, o.lang, o.scale);
  app.fonts.own_dir = paths.fonts.string();
  app.serve_options = o.serve_options;
  if (o.at) app.seek(*o.at);
  int status = 0;
  if (o.serve) {
    app.now = o.at.value_or(0);
    app.start_serving();
    if (!app.serve_status.empty()) {
      std::cerr << "mailsim-gui: " << app.serve_status << "\n";
      return 2;
    }
    for (const auto& m : session.mappings()) std::cout << serve::mapping_line(m) << "\n";
    std::cout << std::flush;
    if (!o.serve_options.ports_file.empty() && !serve::write_ports_file(session.mappings(), o.serve_options.ports_file)) {
      std::cerr << "mailsim-gui: cannot write " << o.serve_options.ports_file << "\n";
      return 2;
    }
  }
  if (o.serve_for > 0) status = serve_for(app, platform, o.serve_for, o.screenshot);
  else if (!o.screenshot.empty()) status = screenshot(app, platform, o.screenshot);
  else if (o.bench_frames > 0) status = bench(app, platform, o.bench_frames);
  else status = interactive(app, platform);
  if (!o.trace.empty() && status == 0) {
    std::ofstream f(o.trace);
    for (const auto& e : app.model().events()) f << trace::to_json_line(e) << '\n';
    if (!f) {
      std::cerr << "mailsim-gui: cannot write " << o.trace << "\n";
      return 2;
    }
  }
  return status;
}
