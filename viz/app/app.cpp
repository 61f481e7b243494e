#include "viz/app/app.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "viz/app/windows.hpp"
#include "viz/model/explain_table.hpp"
#include "viz/model/format.hpp"
#include "viz/model/layout.hpp"
#include "viz/model/load_share.hpp"
#include "viz/model/timeline.hpp"

namespace mailsim::gui {

App::App(viz::Session& s, viz::Lang l, float sc) : session(s), lang(l), scale(sc) {
  layout = viz::layout_hosts(session.scenario());
  load_shared = viz::load_shared_hosts(session.scenario());
  ports = viz::service_ports(session.world_at(0));
  // The lesson may say what it is about ("the mail waits on the server": its mailboxes).
  const std::string& f = session.scenario().focus;
  if (f == "queues") inspector.request = InspectorTab::Queues;
  if (f == "mailboxes") inspector.request = InspectorTab::Mailboxes;
  if (f == "dns") inspector.request = InspectorTab::Dns;
  if (f == "failures") inspector.request = InspectorTab::Failures;
  if (f == "captured") inspector.request = InspectorTab::Captured;
  if (f == "checks") inspector.request = InspectorTab::Checks;
  sync_with_session();
}

const std::vector<std::uint16_t>& App::ports_of(const std::string& host) const {
  static const std::vector<std::uint16_t> kNone;
  const auto it = ports.find(host);
  return it == ports.end() ? kNone : it->second;
}

const char* App::label(viz::Str s, const char* id) const {
  // A few rotating buffers: labels are used at once by the widget they are made for.
  static char buffers[8][256];
  static int next = 0;
  char* b = buffers[next];
  next = (next + 1) % 8;
  std::snprintf(b, sizeof buffers[0], "%s###%s", tr(s), id);
  return b;
}

void App::seek(Time t) { seek_request_ = t; }
void App::inject(scenario::Failure f) { inject_requests_.push_back(std::move(f)); }
void App::remove_injected(std::size_t i) {
  if (session.serving()) return;  // what happened in a served run stays
  remove_request_ = i;
  if (i < inspector.saved) --inspector.saved;  // it stays in the file; the rest keep their places
}

void App::show_message(viz::Str title, std::string title_arg, const std::string& raw) {
  inspector.message_title = title;
  inspector.message_title_arg = std::move(title_arg);
  inspector.message = viz::parse_message(raw);
  inspector.checks_message = viz::header_value(raw, "Message-ID");
  inspector.request = InspectorTab::Message;
}

std::vector<std::string> App::font_texts() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < viz::kStringCount; ++i) {
    out.emplace_back(viz::tr(static_cast<viz::Str>(i), viz::Lang::En));
    out.emplace_back(viz::tr(static_cast<viz::Str>(i), viz::Lang::Ja));
  }
  for (auto table : {viz::tables::smtp_commands, viz::tables::smtp_replies, viz::tables::ehlo_keywords,
                     viz::tables::enhanced_status, viz::tables::pop3, viz::tables::imap_commands,
                     viz::tables::imap_responses, viz::tables::dns, viz::tables::tcp})
    for (const auto& e : table) {
      out.emplace_back(e.en);
      out.emplace_back(e.ja);
      out.emplace_back(e.ref);
    }
  for (Duration d : {Duration{5 * kMillisecond}, 5 * kSecond, 50 * kSecond, 5 * kMinute, 5 * kHour, 5 * kDay})
    for (auto l : {viz::Lang::En, viz::Lang::Ja}) out.push_back(viz::format_span(d, l));
  const auto& s = session.scenario();
  out.push_back(s.title.en + s.title.ja + s.description.en + s.description.ja);
  for (const auto& c : s.captions) out.push_back(c.text.en + c.text.ja);
  auto quiz_text = [&](const viz::QuizQuestion& q) {
    out.push_back(q.question.en + q.question.ja + q.explanation.en + q.explanation.ja);
    for (const auto& c : q.choices) out.push_back(c.en + c.ja);
  };
  for (const auto& q : viz::quiz_questions(s, model().events(), true)) quiz_text(q);
  for (const auto& f : s.failures) out.push_back(f.note.en + f.note.ja);
  for (const auto& m : s.messages) {
    out.push_back(m.subject + m.body);
    for (const auto& [k, v] : m.headers) out.push_back(k + v);
  }
  for (const auto& e : model().events()) out.push_back(trace::shown_text(e));
  if (picker) for (auto& t : picker_texts(*picker)) out.push_back(std::move(t));
  return out;
}

void App::apply_requests() {
  if (serve_request_) {
    if (*serve_request_) start_serving();
    else {
      session.stop_serving();
      serve_status = tr(viz::Str::ServeStopped);
    }
    serve_request_.reset();
  }
  if (remove_request_) {
    session.remove_injected(*remove_request_);
    remove_request_.reset();
  }
  for (auto& f : inject_requests_) session.inject(std::move(f));
  inject_requests_.clear();
  if (seek_request_) {
    quiz.open.reset();  // a question belongs to its moment
    play.end = session.end();
    play.seek(*seek_request_);
    seek_request_.reset();
  }
}

void App::start_serving() {
  const std::string error = session.start_serving(serve_options, now);
  char buf[512];
  if (!error.empty()) std::snprintf(buf, sizeof buf, tr(viz::Str::ServeError), error.c_str());
  serve_status = error.empty() ? std::string() : buf;
  if (error.empty()) play.playing = true;  // follow the live world
}

void App::sync_with_session() {
  if (revision_ == session.revision()) return;
  revision_ = session.revision();
  // Serving adds the real-client host.
  if (layout.size() != session.scenario().hosts.size()) layout = viz::layout_hosts(session.scenario());
  check_glyphs();
  flight.reset(&model());
  waiting = viz::Waiting(model());
  dialog.attempt = viz::kNoEvent;
  play.end = session.end();
  if (play.t > static_cast<double>(play.end)) play.seek(play.end);
  if (dialog.conn != 0 && !model().connection(dialog.conn)) dialog.conn = 0;
  dialog.scrolled_to = -1;
}

// The atlas holds the glyphs of the texts known when it was built; a real client may bring others
// (a Japanese subject line), and then it is rebuilt.
void App::check_glyphs() {
  const auto& events = model().events();
  if (glyphs_checked_ > events.size()) glyphs_checked_ = 0;
  for (; glyphs_checked_ < events.size(); ++glyphs_checked_) {
    const std::string& text = trace::shown_text(events[glyphs_checked_]);
    const char* end = text.data() + text.size();  // a real client may end a line inside a character
    for (const char* p = text.data(); p < end;) {
      unsigned c = 0;
      p += ImTextCharFromUtf8(&c, p, end);
      if (c >= 0x80 && !fonts.covers(c)) fonts_dirty = true;
    }
  }
}

void App::sync_quiz() {
  if (quiz.revision == session.revision() && quiz.built_mode == quiz.mode) return;
  quiz.revision = session.revision();
  quiz.built_mode = quiz.mode;
  std::vector<viz::QuizQuestion> q;
  if (quiz.lesson || quiz.mode) q = viz::quiz_questions(session.scenario(), model().events(), quiz.mode);
  if (!quiz.lesson) std::erase_if(q, [](const viz::QuizQuestion& x) { return !x.builtin; });
  quiz.quiz.set(std::move(q));
  quiz.open.reset();
}

// While a question is up: 1-4 record the class's answer, Enter (or R) reveals, Space goes on.
bool App::quiz_keys() {
  if (!quiz.open) return false;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  const auto& q = quiz.quiz.questions()[*quiz.open];
  for (std::size_t i = 0; i < q.choices.size(); ++i)
    if (pressed(GLFW_KEY_1 + static_cast<int>(i)) || pressed(GLFW_KEY_KP_1 + static_cast<int>(i))) quiz.quiz.record(*quiz.open, i);
  if (pressed(GLFW_KEY_ENTER) || pressed(GLFW_KEY_KP_ENTER) || pressed(GLFW_KEY_R)) quiz.revealed = true;
  if (pressed(GLFW_KEY_ESCAPE)) quiz.open.reset();
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Space))) {
    quiz.open.reset();
    play.playing = true;
  }
  return true;
}

void App::keys() {
  const ImGuiIO& io = ImGui::GetIO();
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_F11)) fullscreen_request = true;
  if (pressed(GLFW_KEY_F12)) screenshot_request = true;
  if (picker && picker->showing) return;  // the picker has the rest of the keyboard
  if (io.WantTextInput) return;
  if (quiz_keys()) return;
  if (pressed(GLFW_KEY_Q) && !io.KeyCtrl) quiz.mode = !quiz.mode;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Space))) {
    if (!play.playing && play.now() >= play.end) play.seek(0);
    play.playing = !play.playing;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) {
    play.playing = false;
    if (auto t = viz::next_event_time(model(), timeline.filter, now)) seek(*t);
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) {
    play.playing = false;
    if (auto t = viz::prev_event_time(model(), timeline.filter, now)) seek(*t);
  }
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Home))) seek(0);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_End))) seek(session.end());
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) play.speed = std::min(viz::kMaxSpeed, play.speed * 2);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) play.speed = std::max(viz::kMinSpeed, play.speed / 2);
  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_O) && picker) picker->open_request = true;
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) {
      scale = std::min(3.0f, scale + 0.25f);
      fonts_dirty = true;
    }
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) {
      scale = std::max(0.5f, scale - 0.25f);
      fonts_dirty = true;
    }
    return;
  }
  if (pressed(GLFW_KEY_L)) lang = lang == viz::Lang::En ? viz::Lang::Ja : viz::Lang::En;
  if (pressed(GLFW_KEY_Z)) {
    timeline.zoom_events = !timeline.zoom_events;
    timeline.view_begin = timeline.view_end = 0;
  }
  if (pressed(GLFW_KEY_P))
    arrangement = arrangement == Arrangement::Classroom ? Arrangement::Projector : Arrangement::Classroom;
  if (pressed(GLFW_KEY_T)) {
    dark = !dark;
    style_dirty = true;
  }
}

void App::frame(double real_dt) {
  apply_requests();
  session.pump();
  sync_with_session();
  if (session.serving()) {
    // Real time rules: playing means following the live world; paused, the teacher looks back.
    play.end = session.end();
    if (play.playing) play.seek(session.end());
  } else {
    const Time before = play.now();
    const bool was_playing = play.playing;
    play.advance(real_dt, model(), !flight.in_flight().empty());
    // Playing stops at a question, exactly at its time.
    sync_quiz();
    if (quiz.open_at) {
      if (const auto q = quiz.quiz.at_or_after(*quiz.open_at)) {
        play.seek(quiz.quiz.questions()[*q].at);
        quiz.open = q;
        quiz.revealed = quiz.open_revealed;
      }
      quiz.open_at.reset();
    }
    if (was_playing && !quiz.open)
      if (const auto q = quiz.quiz.crossed(before, play.now())) {
        play.t = static_cast<double>(quiz.quiz.questions()[*q].at);
        play.playing = false;
        quiz.open = q;
        quiz.revealed = false;
      }
  }
  now = play.now();
  flight.seek(now);
  world = &session.world_at(now);
  if (!screenshot_mode) keys();

  menu_bar(*this);
  // Fixed windows, so nothing can be lost behind something else during a lesson; where they go
  // follows the window's size and the scale (panels.cpp).
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  panels = arrange_panels(*this, {vp->WorkPos.x, vp->WorkPos.y}, {vp->WorkSize.x, vp->WorkSize.y}, vp->Size.y);
  auto pos = [](const viz::Rect& r) { return ImVec2(r.x, r.y); };
  auto size = [](const viz::Rect& r) { return ImVec2(r.w, r.h); };
  map_window(*this, pos(panels.map), size(panels.map));
  timeline_window(*this, pos(panels.timeline), size(panels.timeline));
  dialog_window(*this, pos(panels.dialog), size(panels.dialog));
  if (!panels.projector) inspector_window(*this, pos(panels.inspector), size(panels.inspector));
  if (!panels.caption.empty()) caption_window(*this, pos(panels.caption), size(panels.caption));
  picker_modal(*this);
}

}  // namespace mailsim::gui
