#include "viz/app/map_waiting.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/model/format.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

const char* const kWindow = "Network";
constexpr float kWordSize = 15;             // the marks' and arcs' words at zoom 1
constexpr Duration kMarkLinger = 5 * kSecond;  // a failed attempt's mark stays this long after it

ImVec2 im(viz::Vec2 v) { return {v.x, v.y}; }

ImVec2 unit(ImVec2 v) {
  const float l = std::hypot(v.x, v.y);
  return l > 0 ? ImVec2(v.x / l, v.y / l) : ImVec2(1, 0);
}

Str mark_word(viz::StopReason r) {
  switch (r) {
    case viz::StopReason::Dropped: return Str::MarkDropped;
    case viz::StopReason::Rejected: return Str::MarkRejected;
    case viz::StopReason::LinkDown: return Str::MarkNoRoute;
    case viz::StopReason::HostDown:
    case viz::StopReason::NoAnswer:
    case viz::StopReason::Nowhere:
    case viz::StopReason::None: return Str::MarkNoAnswer;
  }
  return Str::MarkNoAnswer;
}

// A word on a framed pill next to the first of `anchors` where it covers nothing; false when there
// is no room near any.
bool word(App& app, ImDrawList* dl, const std::vector<ImVec2>& anchors, const char* text, ImU32 col, float z,
          const viz::Rect& area, std::vector<viz::Rect>& taken, const std::string& name) {
  const Theme& th = theme(app.dark);
  ImFont* f = app.fonts.bold;
  const float fs = kWordSize * z;
  const ImVec2 ts = f->CalcTextSizeA(fs, FLT_MAX, 0, text);
  const ImVec2 pad(5 * z, 2 * z);
  std::optional<viz::Rect> r;
  for (const ImVec2& anchor : anchors)
    if ((r = viz::place_near({anchor.x, anchor.y}, {ts.x + 2 * pad.x, ts.y + 2 * pad.y}, 6 * z, area, taken))) break;
  if (!r) return false;
  taken.push_back(*r);
  const ImVec2 a = im(r->min()), b = im(r->max());
  dl->AddRectFilled(a, b, th.label_bg, 4 * z);
  dl->AddRect(a, b, col, 4 * z, 0, 2 * z);
  dl->AddText(f, fs, a + pad, col, text);
  record(app, a, b, Record(name, kWindow).text(text));
  return true;
}

// Where the plan draws `host`, if it is on the map.
std::optional<ImVec2> centre_of(const App& app, const viz::MapPlan& plan, const std::string& host) {
  const auto i = app.model().host_index(host);
  if (!i || *i >= plan.centre.size()) return std::nullopt;
  return im(plan.centre[*i]);
}

}  // namespace

std::vector<WaitArc> draw_waiting_arcs(App& app, ImDrawList* dl, const viz::MapPlan& plan, float icon) {
  const Theme& th = theme(app.dark);
  const float z = plan.zoom;
  auto centre = [&](const std::string& host) { return centre_of(app, plan, host); };
  // Client to server, bowed to one side so they do not hide the links; dashed ahead, solid for the
  // part of the timeout already spent.
  // Several connections may wait between the same two hosts (a queue tries two messages at once):
  // one arc, labelled with the attempt the dialog shows if it is one of them (so the two give the
  // same count), else the oldest, and how many wait.
  struct Pair {
    const viz::Attempt* shown;
    int count = 0;
    bool drawn = false;
  };
  const auto waiting = app.waiting.waiting_at(app.now);
  std::map<std::pair<std::string, std::string>, Pair> pairs;
  for (const viz::Attempt* a : waiting) {
    Pair& p = pairs.try_emplace({a->client, a->server}, Pair{a}).first->second;
    ++p.count;
    const bool in_dialog = a->end == viz::AttemptEnd::Accepted ? app.dialog.attempt == viz::kNoEvent && a->conn == app.dialog.conn
                                                                : a->connect == app.dialog.attempt;
    if (in_dialog) p.shown = a;
  }
  std::vector<WaitArc> out;
  char buf[200];
  for (const viz::Attempt* first : waiting) {  // in the order the attempts started
    Pair& pair = pairs.at({first->client, first->server});
    if (std::exchange(pair.drawn, true)) continue;
    const viz::Attempt* a = pair.shown;
    const auto pa = centre(a->client), pb = centre(a->server);
    if (!pa || !pb || a->client == a->server) continue;
    const ImVec2 d = *pb - *pa;
    const float len = std::hypot(d.x, d.y);
    if (len < icon) continue;
    WaitArc arc;
    arc.a = *pa;
    arc.b = *pb;
    arc.normal = ImVec2(-d.y / len, d.x / len);
    if (arc.normal.y > 0) arc.normal = arc.normal * -1.0f;  // bow upwards: labels sit under the icons
    arc.ctrl = (*pa + *pb) * 0.5f + arc.normal * (len * 0.22f);
    const viz::Wait w = viz::wait_of(*a);
    const Duration waited = app.now - w.since;
    const float done = w.limit > 0 ? std::clamp(static_cast<float>(waited) / static_cast<float>(w.limit), 0.0f, 1.0f) : 0;
    // From the edge of one icon to the edge of the other.
    const float t0 = std::min(0.45f, icon * 0.6f / len), t1 = 1 - t0;
    constexpr int kSteps = 40;
    const ImU32 col = th.failure;
    for (int k = 0; k < kSteps; ++k) {
      const float u0 = t0 + (t1 - t0) * k / kSteps, u1 = t0 + (t1 - t0) * (k + 1) / kSteps;
      const bool spent = (u0 - t0) / (t1 - t0) < done;
      if (!spent && k % 2) continue;  // the rest of the wait: dashed
      dl->AddLine(arc.at(u0), arc.at(u1), spent ? col : with_alpha(col, 0.8f), (spent ? 4.0f : 2.5f) * z);
    }
    // An arrow head at the server's end: the client waits for *its* answer.
    const ImVec2 tip = arc.at(t1), back = unit(tip - arc.at(t1 - 0.04f));
    const ImVec2 side(-back.y, back.x);
    dl->AddTriangleFilled(tip, tip - back * (11 * z) + side * (6 * z), tip - back * (11 * z) - side * (6 * z), col);
    arc.text = viz::wait_label(w, app.now, app.lang);
    arc.short_text = viz::wait_label(w, app.now, app.lang, true);
    if (pair.count > 1) {
      std::snprintf(buf, sizeof buf, app.tr(Str::WaitArcMore), pair.count);
      arc.text += buf;
      std::snprintf(buf, sizeof buf, " ×%d", pair.count);
      arc.short_text += buf;
    }
    out.push_back(std::move(arc));
  }
  return out;
}

void draw_waiting(App& app, ImDrawList* dl, const viz::MapPlan& plan, const viz::Rect& area, float icon,
                  std::vector<viz::Rect>& taken, const std::vector<WaitArc>& arcs) {
  const Theme& th = theme(app.dark);
  const float z = plan.zoom;
  auto centre = [&](const std::string& host) { return centre_of(app, plan, host); };

  // Stop marks: a bar across the SYN's way just outside the host where it stopped, on the side it
  // came from (or, before a down link, on the side it was going). One per place and reason.
  std::set<std::tuple<std::string, std::string, int>> marked;
  for (const viz::Attempt* a : app.waiting.marks_at(app.now, kMarkLinger)) {
    const auto& e = app.model().events()[a->connect];
    const auto at = centre(a->stop_host);
    if (!at) continue;
    std::string from;  // the host the SYN came from to reach stop_host
    if (e.path.size() >= 2 && e.path.back().host == a->stop_host) from = e.path[e.path.size() - 2].host;
    const bool onward = a->reason == viz::StopReason::LinkDown || from.empty();
    const auto other = centre(onward ? a->server : from);
    if (!other || !marked.insert({a->stop_host, onward ? a->server : from, static_cast<int>(a->reason)}).second) continue;
    const ImVec2 dir = unit(*other - *at);
    const ImVec2 p = *at + dir * (icon * 0.78f);
    const ImVec2 across(-dir.y, dir.x);
    const float half = icon * 0.32f;
    dl->AddLine(p - across * half, p + across * half, th.map_bg, 9 * z);
    dl->AddLine(p - across * half, p + across * half, th.down_mark, 6 * z);
    record(app, p - ImVec2(half, half), p + ImVec2(half, half), Record("stop " + a->stop_host, kWindow, viz::ItemKind::Packet));
    std::vector<ImVec2> anchors;
    for (float k : {8.0f, 30.0f, 55.0f, 80.0f}) anchors.push_back(p + dir * (k * z));
    for (float k : {30.0f, 60.0f}) {
      anchors.push_back(p + across * (k * z));
      anchors.push_back(p - across * (k * z));
    }
    word(app, dl, anchors, app.tr(mark_word(a->reason)), th.down_mark, z, area, taken, "stop mark");
  }

  // The arcs' words, on the arc where there is room; on a crowded map the short form ("14 s / 30 s"),
  // rather than no word at all.
  for (const WaitArc& arc : arcs) {
    std::vector<ImVec2> anchors;
    for (float u : {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.2f, 0.8f}) anchors.push_back(arc.at(u));
    for (float u : {0.5f, 0.3f, 0.7f}) anchors.push_back(arc.at(u) + arc.normal * (30 * z));
    if (!word(app, dl, anchors, arc.text.c_str(), th.failure, z, area, taken, "waiting"))
      word(app, dl, anchors, arc.short_text.c_str(), th.failure, z, area, taken, "waiting");
  }
}

}  // namespace mailsim::gui
