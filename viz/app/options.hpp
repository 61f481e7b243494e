#pragma once
// mailsim-gui's command line.
#include <cstdint>
#include <optional>
#include <string>

#include "sim/kernel/time.hpp"
#include "sim/serve/serve.hpp"
#include "viz/model/lang.hpp"

namespace mailsim::gui {

struct Options {
  std::string scenario;             // "": start on the lesson picker
  std::optional<std::uint64_t> seed;
  viz::Lang lang = viz::Lang::En;
  float scale = 1.0f;
  std::optional<Time> at;          // start (or render) at this virtual time
  std::string screenshot;          // render one picture to this PNG and exit
  int width = 1280, height = 720;
  int bench_frames = 0;            // > 0: print frame times for that many frames and exit
  bool serve = false;              // serve the lesson to real clients on loopback from the start
  serve::Options serve_options;    // --listen, --base-port, --ports-file
  double serve_for = 0;            // > 0: serve that many real seconds, then (screenshot and) exit
  std::string trace;               // write the trace shown (JSON lines) here on exit
  bool picker = false;              // open the lesson picker over the lesson at start
  bool list_lessons = false;        // print the installed lessons and exit
  bool help = false;
};

extern const char* const kUsage;

// Returns "" when all is well, else what is wrong.
std::string parse_options(int argc, char** argv, Options& o);

}  // namespace mailsim::gui
