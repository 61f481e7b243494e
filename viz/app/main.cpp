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

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "sim/scenario/catalog.hpp"
#include "sim/scenario/data_dir.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "viz/app/app.hpp"
#include "viz/app/data_paths.hpp"
#include "viz/app/fonts.hpp"
#include "viz/app/lesson_picker.hpp"
#include "viz/app/options.hpp"
#include "viz/app/platform.hpp"
#include "viz/app/theme.hpp"
#include "viz/model/bench_crowd.hpp"
#include "viz/model/format.hpp"
#include "viz/model/strings.hpp"

using namespace mailsim;
using namespace mailsim::gui;

namespace {

// Whether the renderer has uploaded a font atlas (on its first frame); after that, a new atlas
// (another scale, another lesson, the start screen's) must be uploaded again.
bool renderer_has_fonts = false;

void prepare_fonts(Platform& platform, Fonts& fonts, float scale, const std::vector<std::string>& texts) {
  load_fonts(fonts, scale, texts);
  if (renderer_has_fonts) platform.reload_fonts();
}

void render(Platform& platform, bool dark, bool draw = true) {
  const ImU32 bg = theme(dark).map_bg;
  platform.render((bg & 0xff) << 24 | (bg >> 8 & 0xff) << 16 | (bg >> 16 & 0xff) << 8 | 0xff, draw);
  renderer_has_fonts = renderer_has_fonts || draw;
}

// `wait`: seconds to sleep until input when nothing moves (0: do not wait). `draw` false: the frame
// is laid out, not drawn.
void run_frame(App& app, Platform& platform, double dt, double wait = 0, bool draw = true) {
  if (app.fonts_dirty) {
    prepare_fonts(platform, app.fonts, app.scale, app.font_texts());
    app.fonts_dirty = false;
    app.style_dirty = true;
  }
  if (app.style_dirty) {
    apply_style(app.dark, app.scale);
    app.style_dirty = false;
  }
  if (app.fullscreen_request) {
    platform.toggle_fullscreen();
    app.fullscreen_request = false;
  }
  platform.new_frame(wait);
  app.frame(dt);
  render(platform, app.dark, draw);
}

std::string window_title(const scenario::Scenario& s, viz::Lang lang) {
  return "mailsim — " + viz::lesson_title(viz::pick(s.title, lang), s.student, lang);
}

// Loads the lesson the picker chose; on failure the picker shows why and nothing else changes.
std::optional<scenario::Scenario> load_chosen(PickerState& picker) {
  if (!picker.chosen) return std::nullopt;
  const std::string path = *picker.chosen;
  picker.chosen.reset();
  try {
    auto s = picker.student > 0 ? scenario::load_variant(path, static_cast<unsigned>(picker.student))
                                : scenario::load_file(path);
    picker.close_request = picker.showing;
    return s;
  } catch (const std::exception& e) {  // ScenarioError: the located message
    picker.error = e.what();
    return std::nullopt;
  }
}

// A picture of the window as the class sees it, without the pointer's hover effects and tooltips
// (the teacher's mouse is no part of the lesson): frames drawn with the mouse hidden from ImGui,
// more than one, as the map still highlights the host hovered in the frame before.
std::vector<unsigned char> capture(App& app, Platform& platform, int frames, int& w, int& h) {
  platform.ignore_mouse(true);
  for (int i = 0; i < frames - 1; ++i) {
    run_frame(app, platform, 0);
    platform.present();
  }
  run_frame(app, platform, 0);
  auto pixels = platform.read_pixels(w, h);
  platform.present();
  platform.ignore_mouse(false);
  return pixels;
}

// F12: the window as it is now, into the current directory, named after the lesson and the time.
void save_screenshot(App& app, Platform& platform) {
  app.screenshot_request = false;
  std::string clock = viz::format_clock(app.now);
  std::replace(clock.begin(), clock.end(), ':', '.');
  std::replace(clock.begin(), clock.end(), ' ', '_');
  const std::string path = "mailsim-" + app.session.scenario().id + "-" + clock + ".png";
  int w = 0, h = 0;
  const auto pixels = capture(app, platform, 2, w, h);
  if (write_png(path, w, h, pixels)) std::cout << "mailsim-gui: saved " << path << std::endl;
  else std::cerr << "mailsim-gui: cannot write " << path << "\n";
}

// Runs until the window closes (returns 0) or the teacher opens another lesson (`next`).
int interactive(App& app, Platform& platform, std::optional<scenario::Scenario>& next) {
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
    platform.present();
    if (app.screenshot_request) save_screenshot(app, platform);
    if (app.picker && (next = load_chosen(*app.picker))) break;
  }
  return 0;
}

const char* arrangement_name(Arrangement a) { return a == Arrangement::Projector ? "projector" : "classroom"; }

// --tab's names (options.cpp checks them); "": the tab the inspector opens on.
std::optional<InspectorTab> inspector_tab(const std::string& name) {
  if (name == "events") return InspectorTab::Events;
  if (name == "queues") return InspectorTab::Queues;
  if (name == "mailboxes") return InspectorTab::Mailboxes;
  if (name == "message") return InspectorTab::Message;
  if (name == "dns") return InspectorTab::Dns;
  if (name == "failures") return InspectorTab::Failures;
  if (name == "captured") return InspectorTab::Captured;
  if (name == "checks") return InspectorTab::Checks;
  return std::nullopt;
}

// The dialog window's tab for --tab state|ladder; the dialog itself for the others.
DialogTab dialog_tab(const std::string& name) {
  return name == "state" ? DialogTab::State : name == "ladder" ? DialogTab::Ladder : DialogTab::Dialog;
}

// --dump-layout: the layout of every combination of --size, --scale, --at and --layout, as it would be
// drawn, into one file; with --screenshot (one combination), the picture of the same frame too.
// A few frames each, as for a picture: the layout settles (the dialog scrolls to its line).
int dump_layouts(App& app, Platform& platform, const Options& o) {
  app.screenshot_mode = true;
  app.play.playing = false;
  platform.ignore_mouse(true);
  const bool picture = !o.screenshot.empty();
  std::vector<viz::LayoutDump> dumps;
  // One combination: its frames, its layout, and with --screenshot its picture.
  auto one = [&](int w, int h, float scale, Time t, Arrangement a, viz::Lang lang, const std::string& tab) {
    app.arrangement = a;
    app.lang = lang;
    if (const auto t = inspector_tab(tab)) app.inspector.request = t;  // else the lesson's focus
    app.dialog.request = dialog_tab(tab);
    app.seek(t);
    if (o.quiz) app.quiz.open_at = t;  // the question at or after t, after the seek
    if (!picture) platform.force_size(w, h);
    viz::LayoutDump d{w, h, scale, arrangement_name(a), lang == viz::Lang::Ja ? "ja" : "en", t, {}};
    for (int frame = 0; frame < 3; ++frame) {
      app.dump = frame == 2 ? &d : nullptr;
      run_frame(app, platform, 0, 0, picture);
      if (picture && frame < 2) platform.present();
    }
    app.dump = nullptr;
    dumps.push_back(std::move(d));
    if (!picture) return true;
    int pw = 0, ph = 0;
    const auto pixels = platform.read_pixels(pw, ph);
    platform.present();
    return write_png(o.screenshot, pw, ph, pixels);
  };
  // "captions": the moment each caption of the run comes up.
  std::vector<Time> ats;
  for (Time at : o.ats) {
    if (at != kEveryCaption) {
      ats.push_back(at);
      continue;
    }
    for (const auto i : app.model().captions()) ats.push_back(app.model().events()[i].time);
  }
  // Scales outermost (each one rebuilds the fonts), then times (going back in time re-runs the world).
  for (float scale : o.scales) {
    if (scale != app.scale) {
      app.scale = scale;
      app.fonts_dirty = true;
    }
    for (Time at : ats)
      for (auto [w, h] : o.sizes)
        for (Arrangement a : o.arrangements)
          for (viz::Lang lang : o.langs)
            for (const std::string& tab : o.tabs)
              if (!one(w, h, scale, at == kLessonEnd ? app.session.end() : at, a, lang, tab)) {
                std::cerr << "mailsim-gui: cannot write " << o.screenshot << "\n";
                return 1;
              }
  }
  platform.force_size(0, 0);
  nlohmann::json out;
  if (dumps.size() == 1) {
    out = viz::to_json(dumps.front());
  } else {
    out["layouts"] = nlohmann::json::array();
    for (const auto& d : dumps) out["layouts"].push_back(viz::to_json(d));
  }
  std::ofstream f(o.dump_layout);
  f << out.dump(1) << '\n';
  if (!f) {
    std::cerr << "mailsim-gui: cannot write " << o.dump_layout << "\n";
    return 1;
  }
  return 0;
}

int screenshot(App& app, Platform& platform, const std::string& path, const std::string& tab) {
  app.screenshot_mode = true;
  if (const auto t = inspector_tab(tab)) app.inspector.request = t;  // else the lesson's focus
  app.dialog.request = dialog_tab(tab);
  app.play.playing = false;
  // A few frames: the layout settles (menu bar height, the dialog panel scrolls to its line).
  int w = 0, h = 0;
  const auto pixels = capture(app, platform, 3, w, h);
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
  return png.empty() ? 0 : screenshot(app, platform, png, "");
}

int bench(App& app, Platform& platform, int frames) {
  // 2000 envelopes sent over 2 s of virtual time after the lesson, each flying 1 s: from 1 s on,
  // about 1000 are in the air at once. The frames play that second.
  const Time lesson_end = app.session.end();
  const Time start = lesson_end + kSecond;
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
  // CPU time too (all threads, llvmpipe's included): steadier than wall time on a shared machine.
  auto cpu_ms = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
  };
  struct Times {
    double median = 0, p99 = 0, max = 0, cpu = 0;
    std::size_t in_flight = 0, peak = 0;  // packets in flight: mean and most
  };
  auto measure = [&] {
    std::vector<double> ms;
    std::size_t in_flight = 0;
    Times t;
    const double cpu0 = cpu_ms();
    for (int i = 0; i < frames; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      run_frame(app, platform, kDt);
      platform.finish();
      platform.present();
      const auto t1 = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      in_flight += app.flight.in_flight().size();
      t.peak = std::max(t.peak, app.flight.in_flight().size());
    }
    t.cpu = (cpu_ms() - cpu0) / frames;
    std::sort(ms.begin(), ms.end());
    t.median = ms[ms.size() / 2];
    t.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
    t.max = ms.back();
    t.in_flight = in_flight / ms.size();
    return t;
  };
  const Times crowd = measure();
  // The same frames without the crowd: the lesson's end, paused, before the crowd leaves.
  app.play.playing = false;
  app.seek(lesson_end);
  const Times alone = measure();
  std::printf("bench: %d frames each\n", frames);
  for (const auto& [label, t] : {std::pair{"with the crowd", crowd}, std::pair{"without it", alone}})
    std::printf("%s: %zu packets in flight on average (peak %zu); frame time median %.2f ms, p99 %.2f ms, max %.2f ms; "
                "CPU %.2f ms per frame (all threads)\n",
                label, t.in_flight, t.peak, t.median, t.p99, t.max, t.cpu);
  return 0;
}

// The look the teacher chose, carried from the start screen to each lesson and from lesson to lesson.
struct Look {
  viz::Lang lang;
  float scale;
  bool dark = false;
  Arrangement arrangement = Arrangement::Classroom;
};

// The start screen (mailsim-gui without a lesson file): the picker alone, until a lesson that loads
// is chosen (nullopt: the window was closed). With `png`: one picture of it, into that file.
std::optional<scenario::Scenario> start_screen(Platform& platform, PickerState& picker, Look& look,
                                               const std::string& own_fonts, const std::string& png, int& status) {
  Fonts fonts;
  fonts.own_dir = own_fonts;
  platform.ignore_mouse(!png.empty());
  float loaded_scale = 0;
  bool loaded_dark = !look.dark;
  int lively = 3;  // as in interactive(): a few frames after input before sleeping again
  for (int frame = 0; !platform.should_close(); ++frame) {
    if (loaded_scale != look.scale) {
      std::vector<std::string> texts = picker_texts(picker);
      for (std::size_t i = 0; i < viz::kStringCount; ++i)
        for (auto l : {viz::Lang::En, viz::Lang::Ja}) texts.emplace_back(viz::tr(static_cast<viz::Str>(i), l));
      prepare_fonts(platform, fonts, look.scale, texts);
      loaded_scale = look.scale;
      loaded_dark = !look.dark;
    }
    if (loaded_dark != look.dark) {
      apply_style(look.dark, look.scale);
      loaded_dark = look.dark;
    }
    const double before = platform.time();
    platform.new_frame(png.empty() && lively <= 0 && !ImGui::IsAnyMouseDown() ? 0.5 : 0);
    lively = platform.time() - before < 0.45 ? 3 : lively - 1;
    const ImGuiIO& io = ImGui::GetIO();
    if (png.empty() && !io.WantTextInput) {
      auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
      if (io.KeyCtrl && (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD))) look.scale = std::min(3.0f, look.scale + 0.25f);
      if (io.KeyCtrl && (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)))
        look.scale = std::max(0.5f, look.scale - 0.25f);
      if (!io.KeyCtrl && pressed(GLFW_KEY_T)) look.dark = !look.dark;
      if (pressed(GLFW_KEY_F11)) platform.toggle_fullscreen();
    }
    picker_screen(picker, look.lang, fonts, look.dark);
    render(platform, look.dark);
    if (!png.empty() && frame == 2) {  // as screenshot(): the layout settles in a few frames
      int w = 0, h = 0;
      const auto pixels = platform.read_pixels(w, h);
      status = write_png(png, w, h, pixels) ? 0 : 1;
      if (status) std::cerr << "mailsim-gui: cannot write " << png << "\n";
      return std::nullopt;
    }
    platform.present();
    if (auto s = load_chosen(picker)) return s;
  }
  return std::nullopt;
}

// --list-lessons: what the picker would offer, without a window.
int print_lessons(const DataPaths& paths, viz::Lang lang) {
  const scenario::LessonCatalog c = scenario::list_lessons(paths.lessons);
  if (!c.error.empty()) {
    std::cerr << "mailsim-gui: " << c.error << "\n";
    return 1;
  }
  char line[512];
  std::snprintf(line, sizeof line, viz::tr(c.lessons.empty() ? viz::Str::PkNone : viz::Str::PkBundled, lang),
                c.dir.string().c_str());
  std::cout << line << "\n";
  std::size_t width = 0;
  for (const auto& e : c.lessons) width = std::max(width, e.path.filename().string().size());
  for (const auto& e : c.lessons) {
    const std::string file = e.path.filename().string();
    std::cout << "  " << file << std::string(width - file.size() + 2, ' ') << viz::pick(e.title, lang) << "\n";
    if (!e.error.empty()) std::cout << "    " << viz::tr(viz::Str::PkBroken, lang) << " " << e.error << "\n";
  }
  if (c.left_out > 0) {
    std::snprintf(line, sizeof line, viz::tr(viz::Str::PkLeftOut, lang), c.left_out);
    std::cout << "  " << line << "\n";
  }
  return c.lessons.empty() ? 1 : 0;
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
  const DataPaths paths = find_data_paths(scenario::running_binary(argv[0]));
  if (o.list_lessons) return print_lessons(paths, o.lang);
  std::optional<scenario::Scenario> s;
  if (!o.scenario.empty()) {
    try {
      s = o.student ? scenario::load_variant(o.scenario, o.student) : scenario::load_file(o.scenario);
    } catch (const scenario::ScenarioError& e) {
      std::cerr << e.what() << "\n";
      return 2;
    }
  }
  Platform platform;
  if (!platform.open(o.width, o.height, s ? window_title(*s, o.lang) : "mailsim")) {
    std::cerr << "mailsim-gui: cannot open a window with OpenGL 3.3 (is DISPLAY set? try xvfb-run)\n";
    return 1;
  }
  platform.set_icon(paths.icon.string());  // a missing icon is not worth a word
  PickerState picker;
  init_picker(picker, paths.lessons.string(), s ? s->file : "");
  picker.student = static_cast<int>(o.student);  // another lesson opened from the picker: the same student's
  Look look{o.lang, o.scale, false, o.arrangement};
  int status = 0;
  if (!s) {
    s = start_screen(platform, picker, look, paths.fonts.string(), o.screenshot, status);
    if (!s) return status;
    o.screenshot.clear();  // it was the start screen's
  }
  // Options act on the first lesson; later ones are opened from the picker, from their start.
  for (bool first = true;; first = false) {
    platform.set_title(window_title(*s, look.lang));
    picker.current = s->file;
    viz::Session session(std::move(*s), first ? o.seed : std::nullopt);
    App app(session, look.lang, look.scale);
    app.dark = look.dark;
    app.arrangement = first ? o.arrangement : look.arrangement;
    app.picker = &picker;
    app.fonts.own_dir = paths.fonts.string();
    app.serve_options = o.serve_options;
    if (first && o.picker) picker.open_request = true;
    const Time start = !first || !o.at || *o.at == kEveryCaption ? 0 : *o.at == kLessonEnd ? session.end() : *o.at;
    if (start > 0) app.seek(start);
    if (first && o.zoom_events) app.timeline.zoom_events = true;
    if (first && o.quiz) {
      app.quiz.mode = true;
      app.quiz.open_at = start;
      app.quiz.open_revealed = o.reveal;
    }
    if (first && o.serve) {
      app.now = start;
      app.start_serving();
      if (!app.serve_status.empty()) {
        std::cerr << "mailsim-gui: " << app.serve_status << "\n";
        return 2;
      }
      for (const auto& m : session.mappings()) std::cout << serve::mapping_line(m) << "\n";
      if (!session.ca_file().empty()) std::cout << "lesson CA (PEM) for TLS clients: " << session.ca_file() << "\n";
      std::cout << std::flush;
      if (!o.serve_options.ports_file.empty() &&
          !serve::write_ports_file(session.mappings(), o.serve_options.ports_file)) {
        std::cerr << "mailsim-gui: cannot write " << o.serve_options.ports_file << "\n";
        return 2;
      }
    }
    std::optional<scenario::Scenario> next;
    if (first && o.serve_for > 0) status = serve_for(app, platform, o.serve_for, o.screenshot);
    else if (first && !o.dump_layout.empty()) status = dump_layouts(app, platform, o);
    else if (first && !o.screenshot.empty()) status = screenshot(app, platform, o.screenshot, o.tabs.front());
    else if (first && o.bench_frames > 0) status = bench(app, platform, o.bench_frames);
    else status = interactive(app, platform, next);
    if (next) {
      look = {app.lang, app.scale, app.dark, app.arrangement};
      s = std::move(next);
      continue;
    }
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
}
