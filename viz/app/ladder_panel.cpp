// The dialog window's Ladder tab (Wireshark's flow graph, a SIP call ladder): every conversation of
// the run up to the display time, one column per host, time downwards, one arrow per command, reply
// (a multi-line reply is one arrow), DNS message and piece of mail data, and the connection attempts
// that failed — the same arrows `mailsim run --ladder` writes (sim/export/ladder_rows.hpp). Clicking
// an arrow jumps there: the map, the timeline and the dialog (on that connection) follow; playing
// keeps the newest arrow in view and lit.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/format.hpp"
#include "viz/model/map_plan.hpp"

namespace mailsim::gui {

using viz::Str;
using exporter::ArrowKind;

namespace {

ImU32 arrow_colour(const Theme& th, const exporter::LadderArrow& a) {
  switch (a.kind) {
    case ArrowKind::Refused:
    case ArrowKind::TimedOut: return th.failure;
    case ArrowKind::Reply:
      if (const ImU32 c = reply_colour(th, a.code)) return c;
      return proto_colour(th, viz::proto_of(a.protocol));
    case ArrowKind::Data: return th.content_text;
    case ArrowKind::Command:
    case ArrowKind::Datagram:
    case ArrowKind::Connect: return proto_colour(th, viz::proto_of(a.protocol));
  }
  return th.text;
}

// The arrow's words: its first line, and how many more a multi-line reply has.
std::string arrow_text(const exporter::LadderArrow& a) {
  std::string t = a.lines.empty() ? "" : a.lines.front();
  if (a.lines.size() > 1) t += "  (+" + std::to_string(a.lines.size() - 1) + ")";
  return t;
}

}  // namespace

void ladder_panel(App& app) {
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  auto& st = app.dialog;
  const auto& m = app.model();
  // Built once per trace (a served run's trace grows, so its length counts too).
  if (st.ladder_revision != app.session.revision() || st.ladder_events != m.events().size()) {
    st.ladder = exporter::ladder_of(m.events());
    st.ladder_revision = app.session.revision();
    st.ladder_events = m.events().size();
    st.ladder_shown = ~std::size_t{0};
  }
  const exporter::Ladder& lad = st.ladder;
  // The arrows whose first line has left by now (they are in the order they end, which is the
  // order they start but for a reply, whose lines leave together).
  std::size_t shown = 0;
  while (shown < lad.arrows.size() && lad.arrows[shown].time <= app.now) ++shown;
  if (shown == 0 || lad.hosts.empty()) {
    ImGui::TextWrapped("%s", app.tr(Str::LadNone));
    return;
  }
  ImFont* small = app.fonts.small;
  ImFont* mono = app.fonts.mono;
  const char* W = window_name(Str::WinDialog);
  const std::string last_clock = viz::format_clock(lad.arrows[shown - 1].time);
  const float time_w = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, last_clock.c_str()).x + 8 * s;
  const float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
  const std::size_t n = lad.hosts.size();
  const float col_w = std::max(1.0f, (width - time_w) / static_cast<float>(n));
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < n; ++i) column.emplace(lad.hosts[i], i);

  // The columns' heads, outside the scrolling rows so they stay in view.
  const ImVec2 head = ImGui::GetCursorScreenPos();
  auto col_x = [&](float left, std::size_t c) { return left + time_w + col_w * (static_cast<float>(c) + 0.5f); };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string name = fit_width(small, small->FontSize, viz::short_host_name(lad.hosts[i]), col_w - 4 * s);
    if (name.empty()) continue;
    const ImVec2 ts = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, name.c_str());
    const ImVec2 at(col_x(head.x, i) - ts.x * 0.5f, head.y);
    dl->AddText(small, small->FontSize, at, th.text, name.c_str());
    record(app, at, at + ts, Record("ladder host", W).text(name));
  }
  ImGui::Dummy(ImVec2(width, small->FontSize + 4 * s));
  ImGui::Separator();

  ImGui::BeginChild("ladder", ImVec2(0, 0), false);
  const float row_h = small->FontSize + mono->FontSize * 0.6f + 8 * s;
  // Rows touch (no item spacing), so the clipper's row height is the rows' pitch.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(shown), row_h);
  while (clip.Step()) {
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      const exporter::LadderArrow& a = lad.arrows[static_cast<std::size_t>(r)];
      ImGui::PushID(r);
      const ImVec2 o = ImGui::GetCursorScreenPos();
      const bool clicked = ImGui::InvisibleButton("arrow", ImVec2(std::max(width, 1.0f), row_h));
      ImDrawList* rl = ImGui::GetWindowDrawList();
      const bool current = static_cast<std::size_t>(r) + 1 == shown;
      if (current) rl->AddRectFilled(o, ImVec2(o.x + width, o.y + row_h), th.line_current, 4 * s);
      if (ImGui::IsItemHovered() && !app.screenshot_mode) rl->AddRect(o, ImVec2(o.x + width, o.y + row_h), th.text_dim, 4 * s);
      for (std::size_t c = 0; c < n; ++c)  // the hosts' life lines
        rl->AddLine(ImVec2(col_x(o.x, c), o.y), ImVec2(col_x(o.x, c), o.y + row_h), with_alpha(th.text_dim, 0.35f), 1.0f * s);
      const std::string clock = viz::format_clock(a.time);
      rl->AddText(small, small->FontSize, ImVec2(o.x + 2 * s, o.y + 3 * s), th.text_dim, clock.c_str());
      const float xa = col_x(o.x, column.at(a.from)), xb = col_x(o.x, column.at(a.to));
      const float y = o.y + row_h - 5 * s;
      const ImU32 col = arrow_colour(th, a);
      const float thick = (current ? 2.6f : 1.6f) * s;
      const float dir = xb >= xa ? 1.0f : -1.0f;
      rl->AddLine(ImVec2(xa, y), ImVec2(xb - dir * 2 * s, y), col, thick);
      const float hs = 6 * s;
      if (a.kind == ArrowKind::Refused || a.kind == ArrowKind::TimedOut) {  // it never got there
        rl->AddLine(ImVec2(xb - hs, y - hs), ImVec2(xb + hs, y + hs), col, thick);
        rl->AddLine(ImVec2(xb - hs, y + hs), ImVec2(xb + hs, y - hs), col, thick);
      } else {
        rl->AddTriangleFilled(ImVec2(xb, y), ImVec2(xb - dir * hs * 1.4f, y - hs * 0.7f),
                              ImVec2(xb - dir * hs * 1.4f, y + hs * 0.7f), col);
      }
      // The words over the arrow, from its left end to the window's edge (on a background, so the
      // life lines they cross do not strike them through).
      // Left-aligned on the arrow's left end, or right-aligned on its right end when the columns
      // to the left leave it more room (an arrow near the right edge).
      const float room_right = o.x + width - 4 * s - (std::min(xa, xb) + 4 * s);
      const float room_left = std::max(xa, xb) - 4 * s - (o.x + time_w);
      const std::string text =
          fit_width(small, small->FontSize, arrow_text(a), std::max(room_right, room_left));
      if (!text.empty()) {
        const ImVec2 ts = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, text.c_str());
        const float lx = room_right >= ts.x || room_right >= room_left ? std::min(xa, xb) + 4 * s
                                                                       : std::max(xa, xb) - 4 * s - ts.x;
        const ImVec2 tp(lx, y - 3 * s - ts.y);
        rl->AddRectFilled(tp - ImVec2(2 * s, 0), tp + ts + ImVec2(2 * s, 0), with_alpha(th.label_bg, 0.85f), 3 * s);
        rl->AddText(small, small->FontSize, tp, a.kind == ArrowKind::Data ? th.content_text : th.text, text.c_str());
        record(app, tp, tp + ts, Record("ladder arrow", W).text(text).scrolls());
      }
      if (clicked) {
        app.seek(a.time);
        if (a.conn) {
          app.dialog.conn = a.conn;
          app.dialog.follow = false;
        }
      }
      ImGui::PopID();
    }
  }
  clip.End();
  ImGui::PopStyleVar();
  // Keep the newest arrow in view as they come, and in pictures.
  if (shown != st.ladder_shown || app.screenshot_mode) ImGui::SetScrollHereY(1.0f);
  st.ladder_shown = shown;
  ImGui::EndChild();
}

}  // namespace mailsim::gui
