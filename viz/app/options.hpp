#pragma once
// mailsim-gui's command line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/time.hpp"
#include "sim/serve/serve.hpp"
#include "viz/model/lang.hpp"

namespace mailsim::gui {

// The window's arrangement: the classroom one (map, timeline, dialog, inspector) or the projector
// one (map and caption, dialog, big controls). P switches while running.
enum class Arrangement { Classroom, Projector };

// A time given on the command line: a virtual time, or the lesson's end.
constexpr Time kLessonEnd = -1;
// --at captions: the moment each of the run's captions comes up (for --dump-layout).
constexpr Time kEveryCaption = -2;

struct Options {
  std::string scenario;             // "": start on the lesson picker
  unsigned student = 0;             // --student: the scenario's variant for that student; 0 = as written
  std::optional<std::uint64_t> seed;
  viz::Lang lang = viz::Lang::En;
  float scale = 1.0f;
  std::optional<Time> at;          // start (or render) at this virtual time
  std::string screenshot;          // render one picture to this PNG and exit
  int width = 1280, height = 720;
  Arrangement arrangement = Arrangement::Classroom;
  // --dump-layout: write the layout as JSON (viz/model/layout_dump.hpp) and exit. With it, --size,
  // --scale, --at, --layout, --lang and --tab take comma-separated lists, and every combination is
  // written.
  std::string dump_layout;
  std::vector<std::pair<int, int>> sizes;  // all of --size (the first is width x height)
  std::vector<float> scales;               // all of --scale
  std::vector<Time> ats;                   // all of --at (kLessonEnd: the end)
  std::vector<Arrangement> arrangements;   // all of --layout
  std::vector<viz::Lang> langs;            // all of --lang
  // --tab: the inspector's tab for a picture or a layout ("" : the one it opens on; else events,
  // queues, mailboxes, message, dns or failures).
  std::vector<std::string> tabs;
  int bench_frames = 0;            // > 0: print frame times for that many frames and exit
  bool serve = false;              // serve the lesson to real clients on loopback from the start
  serve::Options serve_options;    // --listen, --base-port, --ports-file
  double serve_for = 0;            // > 0: serve that many real seconds, then (screenshot and) exit
  std::string trace;               // write the trace shown (JSON lines) here on exit
  bool picker = false;              // open the lesson picker over the lesson at start
  bool quiz = false;                // quiz mode; with --at, show the question at or after it
  bool reveal = false;              // ... with its answer
  bool zoom_events = false;         // the timeline zoomed to the events (Z)
  bool list_lessons = false;        // print the installed lessons and exit
  bool help = false;
};

extern const char* const kUsage;

// Returns "" when all is well, else what is wrong.
std::string parse_options(int argc, char** argv, Options& o);

}  // namespace mailsim::gui
