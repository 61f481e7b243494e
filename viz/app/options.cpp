#include "viz/app/options.hpp"

#include <charconv>
#include <cstdlib>

#include "sim/scenario/variant.hpp"

namespace mailsim::gui {

const char* const kUsage =
    "usage: mailsim-gui [SCENARIO] [--student N] [--seed N] [--lang en|ja] [--scale S] [--at TIME] [--picker]\n"
    "                   [--layout classroom|projector] [--size WxH] [--tab TAB]\n"
    "                   [--quiz [--reveal]] [--zoom-events]\n"
    "                   [--screenshot FILE.png] [--dump-layout FILE.json] [--bench-frames N]\n"
    "                   [--serve [--listen ADDR] [--base-port N] [--ports-file F.json] [--serve-for S]]\n"
    "                   [--trace FILE.jsonl]\n"
    "       mailsim-gui --list-lessons [--lang en|ja]\n"
    "\n"
    "The classroom view of a mail lesson: the network map with packets moving hop by hop, the SMTP,\n"
    "POP3 and IMAP dialogs with explanations, a timeline, queues, mailboxes and failure injection.\n"
    "Without SCENARIO it opens on the lesson picker: the lessons installed with it, or any file.\n"
    "  --student N       the lesson's variant for student N (1-9999), as `mailsim variant` makes it:\n"
    "                    other names, domains and MX preferences, the same story\n"
    "  --seed N          seed for the simulation (default: the scenario's)\n"
    "  --lang en|ja      language of the interface (L switches while running)\n"
    "  --scale S         UI scale for projectors, 0.5 to 4 (default 1)\n"
    "  --at TIME         start at this virtual time (\"10s\", \"5m\", \"10.02s\", \"end\"); with\n"
    "                    --dump-layout also \"captions\": the moment each caption of the run comes up\n"
    "  --screenshot F    render the lesson at --at (without SCENARIO: the picker) into the PNG F, exit\n"
    "  --layout L        classroom (map, timeline, dialog, inspector; the default) or projector\n"
    "                    (map and caption, dialog, big controls); P switches while running\n"
    "  --tab TAB         with --screenshot or --dump-layout: the inspector's tab (events, queues,\n"
    "                    mailboxes, message, dns, failures, captured, checks), or the dialog's\n"
    "                    State machine or Ladder tab (state, ladder)\n"
    "  --dump-layout F   write where every window, host, label, caption and packet is drawn at --at\n"
    "                    as JSON into F, and exit; with it, --size, --scale, --at and --layout take\n"
    "                    lists (\"1024x768,1920x1080\", \"1,1.5,2\"), --lang and --tab too, and F holds every\n"
    "                    combination\n"
    "  --picker          open the lesson picker (File > Open lesson, Ctrl+O) over the lesson at start\n"
    "  --quiz            quiz mode (Q while running): the app asks its own questions too; with --at,\n"
    "                    show the first question at or after that time (for --screenshot, --dump-layout)\n"
    "  --reveal          with --quiz: show that question with its answer revealed\n"
    "  --zoom-events     the timeline zoomed to the events (Z while running): quiet stretches squeezed\n"
    "  --list-lessons    print the lessons the picker offers, with their titles, and exit\n"
    "  --size WxH        window size (default 1280x720)\n"
    "  --bench-frames N  play a crowd of envelopes for N frames and print frame times\n"
    "  --serve           serve the lesson to real mail clients (as `mailsim serve` does; also in the\n"
    "                    Serve menu): they appear on the map as real-client.loopback\n"
    "  --listen ADDR     address to serve on (default 127.0.0.1, loopback only)\n"
    "  --base-port N     real port = N + simulated port (default 2000; 0: free ports)\n"
    "  --ports-file F    write the port mapping as JSON to F\n"
    "  --serve-for S     serve S real seconds, then exit (after the --screenshot, if any)\n"
    "  --trace F         on exit, write the trace shown (JSON lines, docs/trace-format.md) to F\n"
    "Keys: Space play/pause, Left/Right step, Home/End, Up/Down speed, L language, T theme,\n"
    "P projector layout, Q quiz mode, Z timeline zoomed to the events, Ctrl +/- scale, Ctrl+O another\n"
    "lesson, F11 full screen; the mouse wheel over the timeline's bar zooms it.\n"
    "At a question: 1-4 the class's answer, Enter reveal, Space continue.\n"
    "docs/teacher-guide.md explains the rest.\n";

namespace {
bool whole(const std::string& s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
// A decimal number within [lo, hi], the whole text.
bool decimal(const std::optional<std::string>& v, double lo, double hi, double& out) {
  if (!v || v->empty()) return false;
  char* end = nullptr;
  out = std::strtod(v->c_str(), &end);
  return end == v->c_str() + v->size() && out >= lo && out <= hi;
}
// The parts of a comma-separated list (one part without a comma).
std::vector<std::string> parts(const std::string& v) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    const auto comma = v.find(',', from);
    out.push_back(v.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (comma == std::string::npos) return out;
    from = comma + 1;
  }
}
}  // namespace

std::string parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string opt = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    long long n = 0;
    if (opt == "--help" || opt == "-h") {
      o.help = true;
    } else if (opt == "--student") {
      auto v = value();
      if (!v || !whole(*v, n) || n < 1 || n > scenario::kMaxStudent)
        return "--student needs a number from 1 to " + std::to_string(scenario::kMaxStudent);
      o.student = static_cast<unsigned>(n);
    } else if (opt == "--seed") {
      auto v = value();
      if (!v || !whole(*v, n) || n < 0) return "--seed needs a whole number";
      o.seed = static_cast<std::uint64_t>(n);
    } else if (opt == "--lang") {
      auto v = value();
      o.langs.clear();
      for (const auto& p : parts(v.value_or(""))) {
        if (p == "en") o.langs.push_back(viz::Lang::En);
        else if (p == "ja") o.langs.push_back(viz::Lang::Ja);
        else return "--lang needs en or ja";
      }
      o.lang = o.langs.front();
    } else if (opt == "--scale") {
      auto v = value();
      o.scales.clear();
      for (const auto& p : parts(v.value_or(""))) {
        double s = 0;
        if (!decimal(p, 0.5, 4, s)) return "--scale needs a number from 0.5 to 4";
        o.scales.push_back(static_cast<float>(s));
      }
      o.scale = o.scales.front();
    } else if (opt == "--at") {
      auto v = value();
      o.ats.clear();
      for (const auto& p : parts(v.value_or(""))) {
        auto t = p == "end" ? std::optional<Duration>(kLessonEnd)
                 : p == "captions" ? std::optional<Duration>(kEveryCaption) : parse_duration(p);
        if (!t || (*t < 0 && *t != kLessonEnd && *t != kEveryCaption))
          return "--at needs a time such as 12s, 5m or 10.02s, or end (or, with --dump-layout, captions)";
        o.ats.push_back(*t);
      }
      o.at = o.ats.front();
    } else if (opt == "--layout") {
      auto v = value();
      o.arrangements.clear();
      for (const auto& p : parts(v.value_or(""))) {
        if (p == "classroom") o.arrangements.push_back(Arrangement::Classroom);
        else if (p == "projector") o.arrangements.push_back(Arrangement::Projector);
        else return "--layout needs classroom or projector";
      }
      o.arrangement = o.arrangements.front();
    } else if (opt == "--tab") {
      auto v = value();
      o.tabs.clear();
      for (const auto& p : parts(v.value_or(""))) {
        if (p != "events" && p != "queues" && p != "mailboxes" && p != "message" && p != "dns" && p != "failures" &&
            p != "captured" && p != "checks" && p != "state" && p != "ladder")
          return "--tab needs events, queues, mailboxes, message, dns, failures, captured, checks, state or ladder";
        o.tabs.push_back(p);
      }
    } else if (opt == "--dump-layout") {
      auto v = value();
      if (!v || v->empty()) return "--dump-layout needs a file name";
      o.dump_layout = *v;
    } else if (opt == "--screenshot") {
      auto v = value();
      if (!v || v->empty()) return "--screenshot needs a file name";
      o.screenshot = *v;
    } else if (opt == "--size") {
      auto v = value();
      o.sizes.clear();
      for (const auto& p : parts(v.value_or(""))) {
        const auto x = p.find('x');
        long long w = 0, h = 0;
        if (x == std::string::npos || !whole(p.substr(0, x), w) || !whole(p.substr(x + 1), h) || w < 320 || h < 240 ||
            w > 8192 || h > 8192)
          return "--size needs WIDTHxHEIGHT, e.g. 1280x720";
        o.sizes.emplace_back(static_cast<int>(w), static_cast<int>(h));
      }
      o.width = o.sizes.front().first;
      o.height = o.sizes.front().second;
    } else if (opt == "--bench-frames") {
      auto v = value();
      if (!v || !whole(*v, n) || n < 1 || n > 1000000) return "--bench-frames needs a positive number";
      o.bench_frames = static_cast<int>(n);
    } else if (opt == "--serve") {
      o.serve = true;
    } else if (opt == "--listen") {
      auto v = value();
      if (!v || v->empty()) return "--listen needs an IPv4 address";
      o.serve_options.listen = *v;
    } else if (opt == "--base-port") {
      auto v = value();
      if (!v || !whole(*v, n) || (n != 0 && n < 1024) || n > 60000)
        return "--base-port needs 0 (free ports chosen by the system) or a number from 1024 to 60000";
      o.serve_options.base_port = static_cast<std::uint16_t>(n);
    } else if (opt == "--ports-file") {
      auto v = value();
      if (!v || v->empty()) return "--ports-file needs a file name";
      o.serve_options.ports_file = *v;
    } else if (opt == "--serve-for") {
      if (!decimal(value(), 0.001, 86400, o.serve_for)) return "--serve-for needs a number of seconds";
    } else if (opt == "--zoom-events") {
      o.zoom_events = true;
    } else if (opt == "--quiz") {
      o.quiz = true;
    } else if (opt == "--reveal") {
      o.reveal = true;
    } else if (opt == "--picker") {
      o.picker = true;
    } else if (opt == "--list-lessons") {
      o.list_lessons = true;
    } else if (opt == "--trace") {
      auto v = value();
      if (!v || v->empty()) return "--trace needs a file name";
      o.trace = *v;
    } else if (!opt.empty() && opt[0] == '-') {
      return "unknown option " + opt;
    } else if (o.scenario.empty()) {
      o.scenario = opt;
    } else {
      return "more than one scenario given";
    }
  }
  if (o.help || o.list_lessons) return {};
  if (o.dump_layout.empty() &&
      (o.sizes.size() > 1 || o.scales.size() > 1 || o.ats.size() > 1 || o.arrangements.size() > 1 || o.langs.size() > 1 ||
       o.tabs.size() > 1))
    return "lists of sizes, scales, times, layouts, languages or tabs go with --dump-layout";
  if (!o.tabs.empty() && o.screenshot.empty() && o.dump_layout.empty()) return "--tab goes with --screenshot or --dump-layout";
  if (o.sizes.empty()) o.sizes.emplace_back(o.width, o.height);
  if (o.scales.empty()) o.scales.push_back(o.scale);
  if (o.ats.empty()) o.ats.push_back(o.at.value_or(0));
  if (o.arrangements.empty()) o.arrangements.push_back(o.arrangement);
  if (o.langs.empty()) o.langs.push_back(o.lang);
  if (o.tabs.empty()) o.tabs.emplace_back();
  if (!o.screenshot.empty() &&
      o.sizes.size() * o.scales.size() * o.ats.size() * o.arrangements.size() * o.langs.size() * o.tabs.size() > 1)
    return "--screenshot takes one size, scale, time, layout, language and tab";
  // Without a lesson the app starts on the picker; these need one from the start.
  if (o.scenario.empty()) {
    if (o.at) return "--at goes with a scenario file";
    if (o.student) return "--student goes with a scenario file";
    if (o.picker) return "--picker goes with a scenario file (without one the app opens on the picker)";
    if (o.quiz) return "--quiz goes with a scenario file";
    if (o.serve) return "--serve goes with a scenario file";
    if (o.bench_frames > 0) return "--bench-frames goes with a scenario file";
    if (!o.dump_layout.empty()) return "--dump-layout goes with a scenario file";
  }
  if (!o.dump_layout.empty() && (o.bench_frames > 0 || o.serve))
    return "--dump-layout does not go with --bench-frames or --serve";
  if (!o.screenshot.empty() && o.bench_frames > 0) return "--screenshot and --bench-frames do not go together";
  if (o.serve && o.bench_frames > 0) return "--serve and --bench-frames do not go together";
  if (o.serve_for > 0 && !o.serve) return "--serve-for goes with --serve";
  return {};
}

}  // namespace mailsim::gui
