// The dialog window's State machine tab: the selected connection's protocol machine drawn from its
// own transition table (the same diagram `mailsim diagram` prints), with the state it is in at the
// display time lit and the row it took last highlighted, so stepping back moves the light back.
//
// Drawn as an arc diagram: the states in a column in table order (the order a session goes
// through them), each transition an arc between two boxes, on the right going down the table and on
// the left going back up, wider the further it reaches; a loop beside a box for a row that stays.
// Only the lit arc carries its label on the map; what can happen next is listed in words above,
// where labels cannot collide.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "sim/world/machines.hpp"
#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/state_view.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

void arrow_head(ImDrawList* dl, ImVec2 tip, ImVec2 from, ImU32 col, float size) {
  const float dx = tip.x - from.x, dy = tip.y - from.y;
  const float len = std::max(0.001f, std::sqrt(dx * dx + dy * dy));
  const ImVec2 u(dx / len, dy / len), n(-u.y, u.x);
  dl->AddTriangleFilled(tip, tip - u * size + n * (size * 0.5f), tip - u * size - n * (size * 0.5f), col);
}

// "MAIL, RCPT → Mail" for each way out of `state` (loops included), in table order.
std::string ways_out(const proto::Diagram& d, const std::string& state) {
  std::string out;
  for (const auto& e : d.edges) {
    if (e.from != state) continue;
    if (!out.empty()) out += "   ";
    out += e.label() + " → " + e.to;
  }
  return out;
}

void draw_diagram(App& app, const proto::Diagram& d, const viz::MachineAt& at, const proto::DiagramEdge* lit,
                  ImU32 accent) {
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  ImFont* font = app.fonts.mono;
  ImFont* small = app.fonts.small;
  const float fs = font->FontSize;
  const int n = static_cast<int>(d.states.size());
  if (n == 0) return;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float row_h = std::clamp(avail.y / static_cast<float>(n), fs * 1.8f, fs * 3.0f);
  float box_w = 0;
  for (const auto& st : d.states) box_w = std::max(box_w, font->CalcTextSizeA(fs, FLT_MAX, 0, st.c_str()).x);
  box_w += fs * 1.2f;
  const float box_h = std::min(row_h * 0.72f, fs * 1.6f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(avail.x, box_w + 80 * s);
  ImGui::Dummy(ImVec2(width, row_h * static_cast<float>(n)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cx = origin.x + width * 0.5f;
  auto row_y = [&](int r) { return origin.y + row_h * (static_cast<float>(r) + 0.5f); };
  // The widest arc must stay in the window: spread the reach over the space beside the column.
  int max_span = 1;
  for (const auto& e : d.edges) max_span = std::max(max_span, std::abs(viz::state_row(d, e.to) - viz::state_row(d, e.from)));
  const float side = width * 0.5f - box_w * 0.5f - 8 * s;
  const float per_row = std::max(2 * s, (side - 14 * s) / static_cast<float>(max_span));
  const std::string current_from = at.state;
  ImVec2 lit_apex(0, 0);
  bool have_apex = false;

  // Arcs first, so the boxes cover their ends; the lit one last of all, on top.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& e : d.edges) {
      const bool is_lit = &e == lit;
      if ((pass == 1) != is_lit) continue;
      const int a = viz::state_row(d, e.from), b = viz::state_row(d, e.to);
      if (a < 0 || b < 0) continue;
      const bool from_here = e.from == current_from;
      ImU32 col = is_lit ? accent : from_here ? th.text_dim : with_alpha(th.text_dim, 0.30f);
      if (!is_lit && e.kind == proto::EdgeKind::Failure) col = with_alpha(th.reply[3], from_here ? 0.85f : 0.35f);
      const float thick = is_lit ? 3.0f * s : from_here ? 1.6f * s : 1.0f * s;
      const float ya = row_y(a), yb = row_y(b);
      if (a == b) {  // a row that stays: a loop at the box's right
        const float x = cx + box_w * 0.5f;
        const ImVec2 p0(x, ya - box_h * 0.25f), p3(x, ya + box_h * 0.25f);
        const ImVec2 c1(x + 26 * s, ya - box_h * 0.9f), c2(x + 26 * s, ya + box_h * 0.9f);
        dl->AddBezierCubic(p0, c1, c2, p3, col, thick);
        arrow_head(dl, p3, c2, col, 7 * s);
        if (is_lit) lit_apex = ImVec2(x + 24 * s, ya), have_apex = true;
        continue;
      }
      // Down the table on the right, back up on the left; failures a little wider than successes
      // between the same two states, so both arcs show.
      const bool down = b > a;
      const float dir = down ? 1.0f : -1.0f;
      const float reach = 14 * s + per_row * static_cast<float>(std::abs(b - a)) +
                          (e.kind == proto::EdgeKind::Failure ? 5 * s : 0);
      const float x = cx + dir * box_w * 0.5f;
      const ImVec2 p0(x, ya + box_h * 0.15f * dir), p3(x, yb - box_h * 0.15f * dir);
      const ImVec2 c1(x + dir * reach, ya), c2(x + dir * reach, yb);
      dl->AddBezierCubic(p0, c1, c2, p3, col, thick);
      arrow_head(dl, p3, c2, col, 7 * s);
      if (is_lit) lit_apex = ImVec2(x + dir * reach * 0.75f, (ya + yb) * 0.5f), have_apex = true;
    }
  }

  // Keep the lit state in view when it changes (the window may be shorter than the diagram).
  const int here_row = viz::state_row(d, at.state);
  const std::string key = at.machine + "/" + at.state;
  if (here_row >= 0 && (key != app.dialog.state_shown || app.screenshot_mode)) {
    const float y = row_y(here_row) - origin.y;
    const float view = ImGui::GetWindowHeight();
    if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + view) ImGui::SetScrollY(std::max(0.0f, y - view * 0.5f));
  }
  app.dialog.state_shown = key;

  const char* W = window_name(Str::WinDialog);
  for (int r = 0; r < n; ++r) {
    const std::string& st = d.states[static_cast<std::size_t>(r)];
    const bool here = st == at.state;
    const bool final_state = std::find(d.final_states.begin(), d.final_states.end(), st) != d.final_states.end();
    const ImVec2 bmin(cx - box_w * 0.5f, row_y(r) - box_h * 0.5f), bmax(cx + box_w * 0.5f, row_y(r) + box_h * 0.5f);
    dl->AddRectFilled(bmin, bmax, here ? accent : th.label_bg, box_h * 0.3f);
    dl->AddRect(bmin, bmax, here ? accent : th.text_dim, box_h * 0.3f, 0, final_state ? 2.5f * s : 1.0f * s);
    const ImVec2 ts = font->CalcTextSizeA(fs, FLT_MAX, 0, st.c_str());
    const ImVec2 tp(cx - ts.x * 0.5f, row_y(r) - ts.y * 0.5f);
    dl->AddText(font, fs, tp, here ? th.text_on_accent : th.text, st.c_str());
    record(app, tp, tp + ts, Record("state", W).text(st).scrolls());
  }

  if (lit && have_apex) {
    // The lit arc's label, beside a loop (not over its box), kept inside the window.
    const std::string label = fit_width(small, small->FontSize, lit->label(), width - 8 * s);
    const ImVec2 ls = small->CalcTextSizeA(small->FontSize, FLT_MAX, 0, label.c_str());
    const float left = origin.x + 4 * s, right = origin.x + width - 4 * s;
    // Beside the column on the arc's side, never over a box: where it does not fit, the line above
    // the diagram already says which row was taken.
    const bool right_side = lit->from == lit->to || viz::state_row(d, lit->to) > viz::state_row(d, lit->from);
    const float pad = 4 * s;
    const float x0 = right_side ? std::max(lit_apex.x + pad, cx + box_w * 0.5f + pad) : std::min(lit_apex.x - pad, cx - box_w * 0.5f - pad) - ls.x;
    if (x0 >= left && x0 + ls.x <= right && (right_side ? x0 >= cx + box_w * 0.5f : x0 + ls.x <= cx - box_w * 0.5f)) {
      const ImVec2 top(x0 + ls.x * 0.5f, lit_apex.y - ls.y * 0.5f);
      label_centered(dl, small, top, th.text_on_accent, accent, label);
      record(app, ImVec2(x0, top.y), ImVec2(x0 + ls.x, top.y + ls.y), Record("step", W).text(label).scrolls());
    }
  }
}

}  // namespace

void state_panel(App& app, const viz::Connection& conn) {
  const Theme& th = theme(app.dark);
  const auto machines = viz::machines_at(app.model(), conn, app.now);
  if (machines.empty()) {
    ImGui::TextWrapped("%s", app.tr(Str::SmNoMachine));
    return;
  }
  auto& pick = app.dialog.machine;
  if (pick >= machines.size()) pick = 0;
  // The server's machine or the client's: both ends of the connection follow their own table.
  if (machines.size() > 1) {
    for (std::size_t i = 0; i < machines.size(); ++i) {
      char label[160];
      std::snprintf(label, sizeof label, "%s###machine%zu", machines[i].machine.c_str(), i);
      // Side by side, or under each other in a narrow window.
      const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                      ImGui::CalcTextSize(machines[i].machine.c_str()).x;
      if (i && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <=
                   ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_FrameBg, th.track);  // an unchosen circle shows on the panel
      if (ImGui::RadioButton(label, pick == i)) pick = i;
      ImGui::PopStyleColor();
      record_item(app, window_name(Str::WinDialog), machines[i].machine);
    }
  }
  const viz::MachineAt& at = machines[pick];
  const auto d = world::machine_diagram(at.machine);
  if (!d) return;
  const trace::Event* last = at.last ? &app.model().events()[*at.last] : nullptr;
  const proto::DiagramEdge* lit = last ? viz::lit_edge(*d, *last) : nullptr;

  // In a short window the diagram comes first: the title and the ways out give way to it.
  const float diagram_min = static_cast<float>(d->states.size()) * app.fonts.mono->FontSize * 1.8f;
  const bool roomy = ImGui::GetContentRegionAvail().y > diagram_min + 6 * ImGui::GetTextLineHeightWithSpacing();
  char buf[512];
  if (roomy) {
    std::snprintf(buf, sizeof buf, app.tr(Str::SmMachineOn), d->title.c_str(), at.host.c_str());
    ImGui::PushFont(app.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, th.text_dim);
    ImGui::TextWrapped("%s", buf);
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  if (!last) {
    std::snprintf(buf, sizeof buf, app.tr(Str::SmStart), at.state.c_str());
  } else {
    const auto& step = last->as<trace::data::Step>();
    if (lit)
      std::snprintf(buf, sizeof buf, app.tr(Str::SmTook), step.input.c_str(), step.from.c_str(), step.to.c_str());
    else  // a refusal: the table keeps the state (drawn only with --refusals in `mailsim diagram`)
      std::snprintf(buf, sizeof buf, app.tr(Str::SmRefused), step.input.c_str(), step.from.c_str());
  }
  ImGui::PushStyleColor(ImGuiCol_Text, th.text);
  ImGui::TextWrapped("%s", buf);
  ImGui::PopStyleColor();
  // What can happen next, in words, when the window leaves the diagram its rows after it.
  const std::string next = ways_out(*d, at.state);
  if (!next.empty() && roomy) {
    std::snprintf(buf, sizeof buf, app.tr(Str::SmNext), at.state.c_str());
    ImGui::PushFont(app.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, th.text_dim);
    ImGui::TextWrapped("%s %s", buf, next.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
  ImGui::Separator();
  ImGui::BeginChild("diagram", ImVec2(0, 0), false);
  draw_diagram(app, *d, at, lit, proto_colour(th, viz::proto_of(conn.protocol)));
  ImGui::EndChild();
}

}  // namespace mailsim::gui
