// The timeline: play controls and speed, a scrub bar with event and failure markers, the filters,
// and the event list (time, from, to, protocol, summary) like Wireshark's packet list. Where the
// arrangement (panels.cpp) has no room for them, the filters and the list are the inspector's Events
// tab, and the timeline is one row: the buttons and the scrub bar.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/icons.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/event_summary.hpp"
#include "viz/model/format.hpp"
#include "viz/model/timeline.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

const char* const kWindow = "Timeline";  // window_name(Str::WinTimeline), as the dump names it

float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

// How many rows widgets of these widths take in `avail` pixels, laid out as Flow does.
int flow_rows(const std::vector<float>& widths, float avail, float spacing) {
  int rows = widths.empty() ? 0 : 1;
  float x = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i > 0 && x + spacing + widths[i] > avail + 0.5f) {
      ++rows;
      x = widths[i];
    } else {
      x += (i > 0 ? spacing : 0) + widths[i];
    }
  }
  return rows;
}

// Widgets left to right, on a new row when the next one would pass the window's right edge, so a
// row of controls never leaves its window at a large scale; call before each widget.
struct Flow {
  float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  bool first = true;
  void next(float width) {
    if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right + 0.5f) ImGui::SameLine();
    first = false;
  }
};

// Play controls: the glyph buttons' side, and the speed slider's width.
float button_height(bool big) { return ImGui::GetFrameHeight() * (big ? 1.45f : 1.0f); }
float speed_width(const App& app) { return 170 * app.scale; }
float scrub_height(const App& app) { return 48 * app.scale; }  // the times under the track start at 34

// The widths of the controls' row, in order: five buttons, speed (label and slider), skip quiet,
// zoom to events.
std::vector<float> control_widths(const App& app) {
  const float b = button_height(false) * 1.5f;
  const auto& st = ImGui::GetStyle();
  return {b, b, b, b, b, ImGui::CalcTextSize(app.tr(Str::TlSpeed)).x + st.ItemSpacing.x + speed_width(app),
          checkbox_width(app.label(Str::TlSkipQuiet, "skipquiet")), checkbox_width(app.label(Str::TlZoomEvents, "zoomevents"))};
}

// The scrub bar's scale for this frame, remade when the run, its end or the view changes.
const viz::ScrubScale& scrub_scale(App& app) {
  auto& tl = app.timeline;
  const Time end = std::max<Time>(1, app.play.end);
  if (tl.view_end > end || tl.view_begin >= tl.view_end) tl.view_begin = tl.view_end = 0;
  if (tl.scale_revision != app.session.revision() || tl.scale_end != end || tl.scale_events != tl.zoom_events ||
      tl.scale_view_begin != tl.view_begin || tl.scale_view_end != tl.view_end) {
    tl.scale = tl.zoom_events  ? viz::ScrubScale::events(app.model(), end)
               : tl.view_end ? viz::ScrubScale::linear(tl.view_begin, tl.view_end)
                             : viz::ScrubScale::linear(0, end);
    tl.scale_revision = app.session.revision();
    tl.scale_end = end;
    tl.scale_events = tl.zoom_events;
    tl.scale_view_begin = tl.view_begin;
    tl.scale_view_end = tl.view_end;
    ++tl.scale_serial;
  }
  return tl.scale;
}

struct FilterItem {
  unsigned bit;
  Str name;
  const char* id;
};
constexpr FilterItem kFilters[] = {{viz::kSmtp, Str::FilterSmtp, "fsmtp"}, {viz::kPop3, Str::FilterPop3, "fpop3"},
                                   {viz::kImap, Str::FilterImap, "fimap"}, {viz::kDns, Str::FilterDns, "fdns"},
                                   {viz::kQueue, Str::FilterQueue, "fqueue"}, {viz::kOther, Str::FilterOther, "fother"}};

std::vector<float> filter_widths(const App& app) {
  std::vector<float> w;
  for (const auto& f : kFilters) w.push_back(checkbox_width(app.label(f.name, f.id)));
  w.push_back(checkbox_width(app.label(Str::TlFollowList, "followlist")));
  return w;
}

float row_height() { return ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y; }

bool glyph_button(App& app, const char* id, Glyph g, Str tip, bool big, bool enabled = true) {
  const float h = button_height(big);
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::Button(id, ImVec2(h * 1.5f, h));
  record_item(app, kWindow, viz::tr(tip, viz::Lang::En));
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  draw_glyph(ImGui::GetWindowDrawList(), g, (a + b) * 0.5f, h * 0.42f, ImGui::GetColorU32(ImGuiCol_Text));
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app.tr(tip));
  return clicked;
}

// The play buttons, `big` for the projector; with `settings`, the speed and the quiet-time skipping
// after them (in a bar they are only in the View menu; the Up/Down keys set the speed too).
void controls(App& app, bool big, bool settings) {
  auto& play = app.play;
  const auto& m = app.model();
  const auto widths = control_widths(app);
  Flow flow;
  const float b = button_height(big) * 1.5f;
  flow.next(b);
  if (glyph_button(app, "##start", Glyph::ToStart, Str::TlStart, big)) {
    play.playing = false;
    app.seek(0);
  }
  const auto prev = viz::prev_event_time(m, app.timeline.filter, app.now);
  flow.next(b);
  if (glyph_button(app, "##back", Glyph::Back, Str::TlBack, big, prev.has_value())) {
    play.playing = false;
    app.seek(*prev);
  }
  flow.next(b);
  if (glyph_button(app, "##play", play.playing ? Glyph::Pause : Glyph::Play, play.playing ? Str::TlPause : Str::TlPlay, big)) {
    if (!play.playing && app.now >= play.end) app.seek(0);
    play.playing = !play.playing;
  }
  const auto next = viz::next_event_time(m, app.timeline.filter, app.now);
  flow.next(b);
  if (glyph_button(app, "##next", Glyph::Next, Str::TlNext, big, next.has_value())) {
    play.playing = false;
    app.seek(*next);
  }
  flow.next(b);
  if (glyph_button(app, "##end", Glyph::ToEnd, Str::TlEnd, big)) {
    play.playing = false;
    app.seek(play.end);
  }
  if (!settings) return;
  flow.next(widths[5]);
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(app.tr(Str::TlSpeed));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(40 * app.scale, std::min(speed_width(app), ImGui::GetContentRegionAvail().x)));
  float speed = static_cast<float>(play.speed);
  char fmt[32];
  std::snprintf(fmt, sizeof fmt, "%s", play.speed < 1 ? "%.2fx" : "%.0fx");
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(viz::kMinSpeed), static_cast<float>(viz::kMaxSpeed), fmt,
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    play.speed = speed;
  ImGui::EndGroup();
  record_item(app, kWindow, "Speed");
  flow.next(widths[6]);
  ImGui::Checkbox(app.label(Str::TlSkipQuiet, "skipquiet"), &play.skip_quiet);
  record_item(app, kWindow, viz::tr(Str::TlSkipQuiet, viz::Lang::En));
  flow.next(widths[7]);
  if (ImGui::Checkbox(app.label(Str::TlZoomEvents, "zoomevents"), &app.timeline.zoom_events))
    app.timeline.view_begin = app.timeline.view_end = 0;
  record_item(app, kWindow, viz::tr(Str::TlZoomEvents, viz::Lang::En));
  if (ImGui::IsItemHovered() && !app.screenshot_mode) ImGui::SetTooltip("%s", app.tr(Str::TlZoomTip));
}

// The scrub bar, `w` by `h`: event ticks coloured by category, caption and failure marks, the
// played part, the playhead with the time under it, and the lesson's end time.
void scrub_bar(App& app, float w, float h) {
  const Theme& th = theme(app.dark);
  const auto& m = app.model();
  auto& tl = app.timeline;
  const float s = app.scale;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  w = std::max(10.0f, w);
  ImGui::InvisibleButton("scrub", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered();
  const Time end = std::max<Time>(1, app.play.end);
  // The wheel zooms the bar around the pointer (a linear view); zoomed all the way out it is the
  // whole run again.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && ImGui::GetIO().MouseWheel != 0) {
    const viz::ScrubScale& before = scrub_scale(app);
    const Time pivot = before.t_of((mouse.x - p0.x) / w);
    const Time b = tl.zoom_events || !tl.view_end ? 0 : tl.view_begin, e = tl.zoom_events || !tl.view_end ? end : tl.view_end;
    const auto [nb, ne] = viz::zoom_view(b, e, pivot, std::pow(0.8, ImGui::GetIO().MouseWheel), end, 2 * kMillisecond);
    tl.zoom_events = false;
    if (nb <= 0 && ne >= end) tl.view_begin = tl.view_end = 0;
    else tl.view_begin = nb, tl.view_end = ne;
  }
  const viz::ScrubScale& scale = scrub_scale(app);
  auto x_of = [&](Time t) { return p0.x + static_cast<float>(std::clamp(scale.x_of(t), -0.01, 1.01)) * w; };
  const Time mouse_t = scale.t_of((mouse.x - p0.x) / w);
  if (ImGui::IsItemActive()) {
    app.play.playing = false;
    app.seek(mouse_t);
  }

  // Event ticks, binned per pixel column; rebuilt when the trace, the width or the scale changes.
  const int cols = static_cast<int>(w);
  if (tl.bins_width != cols || tl.bins_revision != app.session.revision() || tl.bins_scale != tl.scale_serial) {
    tl.bins.assign(static_cast<std::size_t>(cols), 0u);
    for (std::uint32_t i = 0; i < m.events().size(); ++i) {
      const double f = scale.x_of(m.events()[i].time);
      if (f < 0 || f > 1) continue;  // outside a zoomed view
      const int x = std::clamp(static_cast<int>(f * cols), 0, cols - 1);
      tl.bins[static_cast<std::size_t>(x)] |= m.category(i);
    }
    tl.bins_width = cols;
    tl.bins_revision = app.session.revision();
    tl.bins_scale = tl.scale_serial;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* f = app.fonts.small;
  // The track in the upper part, the times under it.
  const float track_y0 = p0.y + std::min(15 * s, h * 0.34f), track_y1 = track_y0 + std::min(10 * s, h * 0.23f);
  dl->AddRectFilled(ImVec2(p0.x, track_y0), ImVec2(p0.x + w, track_y1), th.track, 4 * s);
  const auto inside = [&](Time t) { const double f = scale.x_of(t); return f >= 0 && f <= 1; };
  const float played_x = std::clamp(x_of(app.now), p0.x, p0.x + w);
  if (played_x > p0.x) dl->AddRectFilled(ImVec2(p0.x, track_y0), ImVec2(played_x, track_y1), th.played, 4 * s);
  // Squeezed quiet stretches ("zoom to events"): a break in the track, two slanted strokes.
  for (const auto& piece : scale.pieces()) {
    if (!piece.quiet) continue;
    const float xm = p0.x + static_cast<float>((piece.x0 + piece.x1) / 2) * w;
    for (float dx : {-3.0f * s, 3.0f * s})
      dl->AddLine(ImVec2(xm + dx - 3 * s, track_y1 + 2 * s), ImVec2(xm + dx + 3 * s, track_y0 - 2 * s), th.text_dim, 1.5f * s);
  }
  for (int x = 0; x < cols; ++x) {
    const unsigned bits = tl.bins[static_cast<std::size_t>(x)] & tl.filter;
    if (!bits) continue;
    dl->AddLine(ImVec2(p0.x + x + 0.5f, track_y0 - 7 * s), ImVec2(p0.x + x + 0.5f, track_y1), category_colour(th, bits), 1.0f);
  }
  // Captions below the track, failures above it (with their text on hover).
  const std::string* tip = nullptr;
  std::string tip_text;
  for (auto i : m.captions()) {
    if (!inside(m.events()[i].time)) continue;
    const float x = x_of(m.events()[i].time);
    dl->AddRectFilled(ImVec2(x - 3 * s, track_y1 + 3 * s), ImVec2(x + 3 * s, track_y1 + 9 * s), th.caption_marker, 1 * s);
  }
  for (auto i : m.failures()) {
    const auto& e = m.events()[i];
    if (!inside(e.time)) continue;
    const float x = x_of(e.time);
    const float top = p0.y + 1 * s;
    dl->AddTriangleFilled(ImVec2(x - 6 * s, top), ImVec2(x + 6 * s, top), ImVec2(x, top + 10 * s), th.failure);
    dl->AddLine(ImVec2(x, top + 8 * s), ImVec2(x, track_y1), th.failure, 2 * s);
    if (hovered && std::fabs(mouse.x - x) < 6 * s) {
      tip_text = viz::format_clock(e.time) + "  " + app.tr(Str::TlFailure) + ": " + e.host +
                 (e.peer.empty() ? "" : " — " + e.peer) + "  " +
                 viz::event_summary(e, app.session.scenario(), app.session.injected(), app.lang);
      tip = &tip_text;
    }
  }
  // The end time at the right (the view's, when zoomed, and its start at the left); the current
  // time rides on the playhead (the map has the big clock), pushed aside by the end times, and left
  // out where it would cover them or say the same.
  {
    const float text_y = p0.y + h - f->FontSize;
    const bool zoomed = tl.view_end != 0 && !tl.zoom_events;
    const std::string end_text = viz::format_clock(zoomed ? scale.end() : app.play.end);
    const ImVec2 es = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, end_text.c_str());
    const ImVec2 end_at(p0.x + w - es.x, text_y);
    dl->AddText(f, f->FontSize, end_at, th.text_dim, end_text.c_str());
    record(app, end_at, end_at + es, Record("scrub: end", kWindow).text(end_text));
    float left = p0.x;
    if (zoomed) {
      const std::string begin_text = viz::format_clock(scale.begin());
      const ImVec2 bs = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, begin_text.c_str());
      if (p0.x + bs.x + 12 * s < end_at.x) {
        dl->AddText(f, f->FontSize, ImVec2(p0.x, text_y), th.text_dim, begin_text.c_str());
        record(app, ImVec2(p0.x, text_y), ImVec2(p0.x, text_y) + bs, Record("scrub: begin", kWindow).text(begin_text));
        left = p0.x + bs.x + 12 * s;
      }
    }
    const std::string now_text = viz::format_clock(app.now);
    if (now_text != end_text && inside(app.now)) {
      const ImVec2 ns = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, now_text.c_str());
      const float nx = std::min(std::max(left, x_of(app.now) - ns.x / 2), end_at.x - ns.x - 12 * s);
      if (nx >= left) {
        dl->AddText(f, f->FontSize, ImVec2(nx, text_y), th.playhead, now_text.c_str());
        record(app, ImVec2(nx, text_y), ImVec2(nx + ns.x, text_y + ns.y), Record("scrub: now", kWindow).text(now_text));
      }
    }
  }
  if (inside(app.now)) {
    const float px = x_of(app.now);
    dl->AddLine(ImVec2(px, p0.y), ImVec2(px, track_y1 + 9 * s), th.playhead, 2.5f * s);
    // A ring of the background's colour keeps the playhead apart from the played part it sits on.
    dl->AddCircleFilled(ImVec2(px, (track_y0 + track_y1) / 2), 9 * s, ImGui::GetColorU32(ImGuiCol_WindowBg), 20);
    dl->AddCircleFilled(ImVec2(px, (track_y0 + track_y1) / 2), 7 * s, th.playhead, 20);
  }
  if (hovered) {
    if (tip) ImGui::SetTooltip("%s", tip->c_str());
    else ImGui::SetTooltip("%s", viz::format_clock(mouse_t).c_str());
  }
}

void filters(App& app, const char* window) {
  const Theme& th = theme(app.dark);
  auto& tl = app.timeline;
  const auto widths = filter_widths(app);
  Flow flow;
  for (std::size_t i = 0; i < std::size(kFilters); ++i) {
    const auto& it = kFilters[i];
    bool on = tl.filter & it.bit;
    flow.next(widths[i]);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, category_colour(th, it.bit));
    if (ImGui::Checkbox(app.label(it.name, it.id), &on)) tl.filter = on ? tl.filter | it.bit : tl.filter & ~it.bit;
    ImGui::PopStyleColor();
    record_item(app, window, viz::tr(it.name, viz::Lang::En));
  }
  flow.next(widths.back());
  ImGui::Checkbox(app.label(Str::TlFollowList, "followlist"), &tl.follow);
  record_item(app, window, viz::tr(Str::TlFollowList, viz::Lang::En));
}

void event_list(App& app, const char* window) {
  const Theme& th = theme(app.dark);
  const auto& m = app.model();
  auto& tl = app.timeline;
  if (tl.filtered_mask != tl.filter || tl.filtered_revision != app.session.revision()) {
    tl.filtered = viz::filter_events(m, tl.filter);
    tl.filtered_mask = tl.filter;
    tl.filtered_revision = app.session.revision();
  }
  const std::size_t count = viz::visible_count(m, tl.filtered, app.now);
  const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  const ImVec2 at = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  // Rows it has room for, below its header row.
  record(app, at, at + avail,
         Record("event list", window).rows(static_cast<int>(std::floor(avail.y / row_height() - 1.0f))));
  const float s = app.scale;
  // In a narrow window (the inspector's tab) the summary keeps its room: no To column.
  const bool narrow = avail.x < 620 * s;
  if (!ImGui::BeginTable("events", narrow ? 4 : 5, flags, ImVec2(0, avail.y))) return;
  // Fixed columns sized by what they hold; the summary takes the rest.
  const float name_w = std::clamp(avail.x * (narrow ? 0.24f : 0.2f), 70 * s, 150 * s);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(app.tr(Str::ColTime), ImGuiTableColumnFlags_WidthFixed,
                          ImGui::CalcTextSize(viz::format_clock(app.play.end).c_str()).x + 4 * s);
  ImGui::TableSetupColumn(app.tr(Str::ColFrom), ImGuiTableColumnFlags_WidthFixed, name_w);
  if (!narrow) ImGui::TableSetupColumn(app.tr(Str::ColTo), ImGuiTableColumnFlags_WidthFixed, name_w);
  ImGui::TableSetupColumn(app.tr(Str::ColProto), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("caption").x + 4 * s);
  ImGui::TableSetupColumn(app.tr(Str::ColSummary), ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::uint32_t i = tl.filtered[static_cast<std::size_t>(row)];
      const auto& e = m.events()[i];
      ImGui::TableNextRow();
      if (static_cast<std::size_t>(row) + 1 == count) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, th.line_current);
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      const std::string clock = viz::format_clock(e.time);
      if (ImGui::Selectable(clock.c_str(), false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
        app.play.playing = false;
        app.seek(e.time);
      }
      ImGui::PopID();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.host.c_str());
      if (!narrow) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.peer.c_str());
      }
      ImGui::TableNextColumn();
      const unsigned cat = m.category(i);
      ImGui::PushStyleColor(ImGuiCol_Text, category_colour(th, cat));
      ImGui::TextUnformatted(e.protocol.empty() ? trace::to_string(e.kind) : e.protocol.c_str());
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      const auto* seg = e.get<trace::data::Segment>();
      const ImU32 code = seg ? reply_colour(th, seg->facts.code) : 0;
      const ImU32 col = e.kind == trace::Kind::Failure ? th.failure : code;
      if (col) ImGui::PushStyleColor(ImGuiCol_Text, col);
      ImGui::TextUnformatted(viz::event_summary(e, app.session.scenario(), app.session.injected(), app.lang).c_str());
      if (col) ImGui::PopStyleColor();
    }
  }
  // Follow the latest event like `tail -f`: scrolling up to look back stops following (the Follow
  // box shows it), scrolling down to the end follows again, as a chat window does.
  if (ImGui::IsWindowHovered()) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel > 0) tl.follow = false;
    else if (wheel < 0 && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - row_height()) tl.follow = true;
  }
  if (tl.follow) ImGui::SetScrollY(1e9f);
  tl.shown = count;
  ImGui::EndTable();
}

}  // namespace

void event_panel(App& app, const char* window) {
  filters(app, window);
  event_list(app, window);
}

float timeline_height(const App& app, float width, int list_rows, bool bar, bool big) {
  const auto& st = ImGui::GetStyle();
  const float content_w = width - 2 * st.WindowPadding.x;
  const float sp = st.ItemSpacing.y, frame = ImGui::GetFrameHeight();
  if (bar)  // no title bar; one row: the buttons and the scrub bar beside them
    return 2 * st.WindowPadding.y + std::max(button_height(big), scrub_height(app));
  const int rows = flow_rows(control_widths(app), content_w, st.ItemSpacing.x);
  float h = frame + 2 * st.WindowPadding.y + rows * frame + (rows - 1) * sp + sp + scrub_height(app);
  if (list_rows >= 0) {
    const int filter_rows = flow_rows(filter_widths(app), content_w, st.ItemSpacing.x);
    h += sp + filter_rows * frame + (filter_rows - 1) * sp + sp + (list_rows + 1) * row_height() + 2;
  }
  return std::ceil(h + 1);
}

void timeline_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  const bool bar = app.panels.bar;
  const ImGuiWindowFlags flags = kPanelFlags | ImGuiWindowFlags_NoScrollbar | (bar ? ImGuiWindowFlags_NoTitleBar : 0);
  if (!ImGui::Begin(app.label(Str::WinTimeline, "timeline"), nullptr, flags)) {
    ImGui::End();
    return;
  }
  record_window(app, Str::WinTimeline);
  if (bar) {
    // The bar: the buttons (big ones for the projector), and the scrub bar beside them.
    const bool big = app.panels.projector;
    const float h = std::max(button_height(big), scrub_height(app));
    const float y = ImGui::GetCursorPosY();
    ImGui::SetCursorPosY(y + (h - button_height(big)) / 2);
    controls(app, big, false);
    ImGui::SameLine(0, 18 * app.scale);
    ImGui::SetCursorPosY(y + (h - scrub_height(app)) / 2);
    scrub_bar(app, ImGui::GetContentRegionAvail().x, scrub_height(app));
  } else {
    controls(app, false, true);
    scrub_bar(app, ImGui::GetContentRegionAvail().x, scrub_height(app));
    if (app.panels.events_in_timeline) event_panel(app, kWindow);
  }
  ImGui::End();
}

}  // namespace mailsim::gui
