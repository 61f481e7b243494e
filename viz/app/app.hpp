#pragma once
// The classroom app's state and its frame. Each window is one function (windows.hpp) with its own
// small state struct here, as in Dear ImGui's demo; App holds them and the shared things: the
// session, the display clock, the language, the scale.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "sim/export/ladder_rows.hpp"
#include "viz/app/fonts.hpp"
#include "viz/app/lesson_picker.hpp"
#include "viz/app/options.hpp"
#include "viz/app/panels.hpp"
#include "viz/model/flight.hpp"
#include "viz/model/layout_dump.hpp"
#include "viz/model/lang.hpp"
#include "viz/model/message_view.hpp"
#include "viz/model/playback.hpp"
#include "viz/model/quiz.hpp"
#include "viz/model/scrub_scale.hpp"
#include "viz/model/session.hpp"
#include "viz/model/strings.hpp"
#include "viz/model/waiting.hpp"

namespace mailsim::gui {

struct MapState {
  int hovered_host = -1;
  int context_host = -1;   // right-clicked host (scenario index)
  int context_link = -1;   // right-clicked link (scenario index)
  bool legend = true;
  // The height the lesson's longest caption needs at a width, size and language (asked a few
  // times a frame; each lesson has an App of its own, so it never holds another lesson's).
  struct CaptionNeed {
    float width = -1, size = -1, height = 0;
    viz::Lang lang = viz::Lang::En;
  };
  mutable CaptionNeed caption_need;
  // A caption too long for its band even in the smallest type is shown in pages, in turn over its
  // time on screen; a click on it turns to the next. The turns made on the caption on screen (its
  // Caption event).
  struct CaptionTurns {
    std::uint32_t event = ~0u;
    int turns = 0;
  };
  CaptionTurns caption_turns;
  // Whether the trace on show has a bounce or a TLS record on the wire, for the legend (per session
  // revision).
  struct ShapesSeen {
    std::uint64_t revision = ~0ull;
    bool bounce = false, record = false;
  };
  mutable ShapesSeen shapes;
};

enum class DialogTab { Dialog, State, Ladder };

struct DialogState {
  bool follow = true;             // show the connection of the line being animated
  std::uint64_t conn = 0;         // connection shown (0: none yet)
  // A connection attempt that got no answer, shown instead of a connection (its Connect event;
  // viz::kNoEvent: none): while the client waits, and after it gave up.
  std::uint32_t attempt = viz::kNoEvent;
  std::int64_t scrolled_to = -1;  // what the panel last scrolled for (connection and line count)
  float content_height = 0;       // ... and how tall the transcript was then
  std::optional<DialogTab> request;  // switch to this tab on the next frame
  std::size_t machine = 0;        // the State machine tab shows this end's machine (0: the server's)
  std::string state_shown;        // ... and the state it kept in view last ("machine/state")
  exporter::Ladder ladder;        // the Ladder tab's arrows, built once per trace:
  std::uint64_t ladder_revision = ~0ull;  // ... the session's revision then
  std::size_t ladder_events = 0;          // ... and the trace's length (a served one grows)
  std::size_t ladder_shown = ~std::size_t{0};  // the Ladder tab last scrolled for this many arrows
};

struct TimelineState {
  unsigned filter = viz::kAllCategories;
  bool follow = true;                    // keep the list scrolled to the latest event
  std::vector<std::uint32_t> filtered;   // events passing the filter
  unsigned filtered_mask = ~0u;
  std::uint64_t filtered_revision = ~0ull;
  std::size_t shown = 0;                 // how many the list showed last frame
  std::vector<unsigned> bins;            // scrub bar: category bits per pixel column
  int bins_width = 0;
  std::uint64_t bins_revision = ~0ull;
  std::uint64_t bins_scale = ~0ull;      // ... and the scale's serial they were made for
  // The scrub bar's scale (viz/model/scrub_scale.hpp): the whole run, a view zoomed with the
  // mouse wheel (view_end 0: none), or the quiet stretches squeezed ("zoom to events", Z).
  bool zoom_events = false;
  Time view_begin = 0, view_end = 0;
  viz::ScrubScale scale;
  std::uint64_t scale_serial = 0;        // bumps when the scale changes
  std::uint64_t scale_revision = ~0ull;  // the session's revision and end, and the view, it was made for
  Time scale_end = -1, scale_view_begin = -1, scale_view_end = -1;
  bool scale_events = false;
};

enum class InspectorTab { Events, Queues, Mailboxes, Message, Dns, Failures, Captured, Checks };

struct InspectorState {
  std::optional<InspectorTab> request;  // switch to this tab on the next frame
  std::string host;                     // host clicked on the map (highlighted there)
  std::string focus;                    // ... to be opened by the tab that shows it
  int focus_frames = 0;
  std::map<std::string, bool> queue_was_empty;  // open a queue's section when mail arrives in it
  // The Message tab's heading, formatted each frame in the language on show: MsgFromConnection,
  // MsgFromMailbox or MsgFromDevice, with its one argument.
  viz::Str message_title = viz::Str::MsgFromConnection;
  std::string message_title_arg;
  viz::ParsedMessage message;
  std::string checks_message;           // the Message-ID the Checks tab shows ("": the newest checked)
  std::string save_status;
  bool save_ok = false;
  std::size_t saved = 0;  // injected failures already written to the scenario file
};

// Predict, then reveal (viz/model/quiz.hpp): the lesson's questions, and in quiz mode the built-in
// ones too; playing stops at each, the teacher reveals the answer, records the class's and resumes.
struct QuizState {
  bool lesson = true;              // stop at the lesson's own questions
  bool mode = false;               // quiz mode: the built-in questions too (Q switches)
  viz::Quiz quiz;
  std::uint64_t revision = ~0ull;  // the session's revision the questions were made for
  bool built_mode = false;         // ... and the mode then
  std::optional<std::size_t> open; // the question on screen
  bool revealed = false;
  std::optional<Time> open_at;     // --quiz: open the first question at or after this time
  bool open_revealed = false;      // ... revealed (--reveal)
};

class App {
 public:
  App(viz::Session& session, viz::Lang lang, float scale);

  // One frame of UI (between ImGui::NewFrame and ImGui::Render). `real_dt`: seconds since the last.
  void frame(double real_dt);

  viz::Session& session;
  const viz::TraceModel& model() const { return session.model(); }
  const char* tr(viz::Str s) const { return viz::tr(s, lang); }
  // "Text###id": a label whose ImGui id stays the same in both languages.
  const char* label(viz::Str s, const char* id) const;

  viz::Lang lang;
  float scale;
  bool dark = false;
  bool screenshot_mode = false;   // follow the current line every frame, no hover effects
  Arrangement arrangement = Arrangement::Classroom;  // the one chosen (P switches)
  viz::LayoutDump* dump = nullptr;  // --dump-layout: the windows record what they draw here
  Panels panels;                    // this frame's arrangement (arrange_panels)
  bool fonts_dirty = true;        // the scale changed: rebuild the font atlas before the next frame
  bool style_dirty = true;        // the theme or the scale changed: restyle before the next frame
  bool fullscreen_request = false;
  bool screenshot_request = false;  // F12: save the window as a PNG (slides, handouts)
  Fonts fonts;
  std::vector<viz::Vec2> layout;  // host positions, normalised
  // The hosts that share a domain's mail (MX records of the same preference, viz/model/load_share):
  // the map counts and the Queues inspector plots what each accepted. From the lesson, once.
  std::vector<std::string> load_shared;
  // The ports each host serves (viz::service_ports), asked of the lesson's world once.
  std::map<std::string, std::vector<std::uint16_t>> ports;
  const std::vector<std::uint16_t>& ports_of(const std::string& host) const;

  viz::Playback play;
  viz::FlightIndex flight;
  viz::Waiting waiting;                      // attempts and retries of the trace on show
  Time now = 0;                              // the display time of this frame
  const world::World* world = nullptr;       // the live world at `now`

  MapState map;
  DialogState dialog;
  TimelineState timeline;
  InspectorState inspector;
  QuizState quiz;
  PickerState* picker = nullptr;  // File → Open lesson; main.cpp owns it, as it outlives each lesson

  // Requests; applied at the start of the next frame, so nothing a window holds goes stale mid-frame.
  void seek(Time t);
  void inject(scenario::Failure f);
  void remove_injected(std::size_t i);
  // Serves the lesson to real clients from the display time on (Serve menu, --serve); the outcome
  // goes to serve_status. start_serving() acts at once (before the first frame); the menu asks
  // for it, or for stopping, with request_serving(), applied at the start of the next frame.
  void start_serving();
  void request_serving(bool on) { serve_request_ = on; }
  serve::Options serve_options;
  std::string serve_status;
  // Shows a message in the inspector's Message tab.
  void show_message(viz::Str title, std::string title_arg, const std::string& raw);
  // The glyphs the fonts need (UI strings, explanations, the scenario's texts and the trace).
  std::vector<std::string> font_texts() const;

 private:
  void apply_requests();
  void sync_with_session();
  void sync_quiz();
  bool quiz_keys();
  void keys();
  void check_glyphs();

  std::uint64_t revision_ = ~0ull;
  std::size_t glyphs_checked_ = 0;  // events whose text the font atlas is known to cover
  std::optional<Time> seek_request_;
  std::vector<scenario::Failure> inject_requests_;
  std::optional<std::size_t> remove_request_;
  std::optional<bool> serve_request_;
};

}  // namespace mailsim::gui
