// The timeline: play controls and speed, a scrub bar with event and failure markers, the filters,
// and the event list (time, from, to, protocol, summary) like Wireshark's packet list.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/icons.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/event_summary.hpp"
#include "viz/model/format.hpp"
#include "viz/model/timeline.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

bool glyph_button(App& app, const char* id, Glyph g, Str tip, bool enabled = true) {
  const float h = ImGui::GetFrameHeight();
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::Button(id, ImVec2(h * 1.5f, h));
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  draw_glyph(ImGui::GetWindowDrawList(), g, (a + b) * 0.5f, h * 0.42f, ImGui::GetColorU32(ImGuiCol_Text));
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", app.tr(tip));
  return clicked;
}

void controls(App& app) {
  auto& play = app.play;
  const auto& m = app.model();
  if (glyph_button(app, "##start", Glyph::ToStart, Str::TlStart)) {
    play.playing = false;
    app.seek(0);
  }
  ImGui::SameLine();
  const auto prev = viz::prev_event_time(m, app.timeline.filter, app.now);
  if (glyph_button(app, "##back", Glyph::Back, Str::TlBack, prev.has_value())) {
    play.playing = false;
    app.seek(*prev);
  }
  ImGui::SameLine();
  if (glyph_button(app, "##play", play.playing ? Glyph::Pause : Glyph::Play, play.playing ? Str::TlPause : Str::TlPlay)) {
    if (!play.playing && app.now >= play.end) app.seek(0);
    play.playing = !play.playing;
  }
  ImGui::SameLine();
  const auto next = viz::next_event_time(m, app.timeline.filter, app.now);
  if (glyph_button(app, "##next", Glyph::Next, Str::TlNext, next.has_value())) {
    play.playing = false;
    app.seek(*next);
  }
  ImGui::SameLine();
  if (glyph_button(app, "##end", Glyph::ToEnd, Str::TlEnd)) {
    play.playing = false;
    app.seek(play.end);
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(app.tr(Str::TlSpeed));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(170 * app.scale);
  float speed = static_cast<float>(play.speed);
  char fmt[32];
  std::snprintf(fmt, sizeof fmt, "%s", play.speed < 1 ? "%.2fx" : "%.0fx");
  if (ImGui::SliderFloat("##speed", &speed, static_cast<float>(viz::kMinSpeed), static_cast<float>(viz::kMaxSpeed), fmt,
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    play.speed = speed;
  ImGui::SameLine();
  ImGui::Checkbox(app.label(Str::TlSkipQuiet, "skipquiet"), &play.skip_quiet);
}

void scrub_bar(App& app) {
  const Theme& th = theme(app.dark);
  const auto& m = app.model();
  auto& tl = app.timeline;
  const float s = app.scale;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float w = std::max(10.0f, ImGui::GetContentRegionAvail().x);
  const float h = 44 * s;
  ImGui::InvisibleButton("scrub", ImVec2(w, h));
  const bool hovered = ImGui::IsItemHovered();
  const Time end = std::max<Time>(1, app.play.end);
  auto x_of = [&](Time t) { return p0.x + static_cast<float>(static_cast<double>(t) / static_cast<double>(end)) * w; };
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const Time mouse_t = static_cast<Time>(std::clamp((mouse.x - p0.x) / w, 0.0f, 1.0f) * static_cast<double>(end));
  if (ImGui::IsItemActive()) {
    app.play.playing = false;
    app.seek(mouse_t);
  }

  // Event ticks, binned per pixel column; rebuilt when the trace or the width changes.
  const int cols = static_cast<int>(w);
  if (tl.bins_width != cols || tl.bins_revision != app.session.revision()) {
    tl.bins.assign(static_cast<std::size_t>(cols), 0u);
    for (std::uint32_t i = 0; i < m.events().size(); ++i) {
      const int x = std::clamp(static_cast<int>(static_cast<double>(m.events()[i].time) / static_cast<double>(end) * cols),
                               0, cols - 1);
      tl.bins[static_cast<std::size_t>(x)] |= m.category(i);
    }
    tl.bins_width = cols;
    tl.bins_revision = app.session.revision();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float track_y0 = p0.y + 15 * s, track_y1 = p0.y + 25 * s;
  dl->AddRectFilled(ImVec2(p0.x, track_y0), ImVec2(p0.x + w, track_y1), th.track, 4 * s);
  dl->AddRectFilled(ImVec2(p0.x, track_y0), ImVec2(x_of(app.now), track_y1), th.played, 4 * s);
  for (int x = 0; x < cols; ++x) {
    const unsigned bits = tl.bins[static_cast<std::size_t>(x)] & tl.filter;
    if (!bits) continue;
    dl->AddLine(ImVec2(p0.x + x + 0.5f, track_y0 - 7 * s), ImVec2(p0.x + x + 0.5f, track_y1), category_colour(th, bits), 1.0f);
  }
  // Captions below the track, failures above it (with their text on hover).
  const std::string* tip = nullptr;
  std::string tip_text;
  for (auto i : m.captions()) {
    const float x = x_of(m.events()[i].time);
    dl->AddRectFilled(ImVec2(x - 3 * s, track_y1 + 3 * s), ImVec2(x + 3 * s, track_y1 + 9 * s), th.caption_marker, 1 * s);
  }
  for (auto i : m.failures()) {
    const auto& e = m.events()[i];
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
  // The end time at the right; the current time rides on the playhead (the map has the big clock).
  {
    ImFont* f = app.fonts.small;
    const std::string end_text = viz::format_clock(app.play.end);
    const ImVec2 es = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, end_text.c_str());
    dl->AddText(f, f->FontSize, ImVec2(p0.x + w - es.x, p0.y + h - es.y + 2 * s), th.text_dim, end_text.c_str());
    const std::string now_text = viz::format_clock(app.now);
    const ImVec2 ns = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, now_text.c_str());
    const float nx = std::clamp(x_of(app.now) - ns.x / 2, p0.x, p0.x + w - es.x - ns.x - 12 * s);
    dl->AddText(f, f->FontSize, ImVec2(std::max(p0.x, nx), p0.y + h - ns.y + 2 * s), th.playhead, now_text.c_str());
  }
  const float px = x_of(app.now);
  dl->AddLine(ImVec2(px, p0.y), ImVec2(px, p0.y + h), th.playhead, 2.5f * s);
  dl->AddCircleFilled(ImVec2(px, (track_y0 + track_y1) / 2), 7 * s, th.playhead, 20);
  if (hovered) {
    if (tip) ImGui::SetTooltip("%s", tip->c_str());
    else ImGui::SetTooltip("%s", viz::format_clock(mouse_t).c_str());
  }
}

void filters(App& app) {
  const Theme& th = theme(app.dark);
  auto& tl = app.timeline;
  const struct {
    unsigned bit;
    Str name;
    const char* id;
  } items[] = {{viz::kSmtp, Str::FilterSmtp, "fsmtp"}, {viz::kPop3, Str::FilterPop3, "fpop3"},
               {viz::kImap, Str::FilterImap, "fimap"}, {viz::kDns, Str::FilterDns, "fdns"},
               {viz::kQueue, Str::FilterQueue, "fqueue"}, {viz::kOther, Str::FilterOther, "fother"}};
  for (const auto& it : items) {
    bool on = tl.filter & it.bit;
    ImGui::PushStyleColor(ImGuiCol_CheckMark, category_colour(th, it.bit));
    if (ImGui::Checkbox(app.label(it.name, it.id), &on)) tl.filter = on ? tl.filter | it.bit : tl.filter & ~it.bit;
    ImGui::PopStyleColor();
    ImGui::SameLine();
  }
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  ImGui::Checkbox(app.label(Str::TlFollowList, "followlist"), &tl.follow);
}

void event_list(App& app) {
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
  if (!ImGui::BeginTable("events", 5, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  const float s = app.scale;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(app.tr(Str::ColTime), ImGuiTableColumnFlags_WidthFixed, 92 * s);
  ImGui::TableSetupColumn(app.tr(Str::ColFrom), ImGuiTableColumnFlags_WidthFixed, 150 * s);
  ImGui::TableSetupColumn(app.tr(Str::ColTo), ImGuiTableColumnFlags_WidthFixed, 150 * s);
  ImGui::TableSetupColumn(app.tr(Str::ColProto), ImGuiTableColumnFlags_WidthFixed, 82 * s);
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
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(e.peer.c_str());
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
  // Follow the latest event like `tail -f`; scrolling by hand stops following.
  if (ImGui::IsWindowHovered() && ImGui::GetIO().MouseWheel != 0) tl.follow = false;
  if (tl.follow) ImGui::SetScrollY(1e9f);
  tl.shown = count;
  ImGui::EndTable();
}

}  // namespace

void timeline_window(App& app, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  if (!ImGui::Begin(app.label(Str::WinTimeline, "timeline"), nullptr, kPanelFlags | ImGuiWindowFlags_NoScrollbar)) {
    ImGui::End();
    return;
  }
  controls(app);
  scrub_bar(app);
  filters(app);
  event_list(app);
  ImGui::End();
}

}  // namespace mailsim::gui
