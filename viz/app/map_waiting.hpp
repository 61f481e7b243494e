#pragma once
// The map's picture of waiting (viz/model/waiting.hpp): a red bar where each unanswered SYN stopped
// (the router that dropped it, the down host it reached), with a word saying what happened there;
// and, from each client still waiting, a dashed arc to the server it dialled, filling as the connect
// timeout runs out, labelled "waiting for an answer — 12 s of 30 s" (or, connected to a server
// that says nothing, "connected, waiting for the greeting — 40 s of 1 m 40 s").
#include <string>
#include <vector>

#include <imgui.h>

#include "viz/model/geometry.hpp"
#include "viz/model/map_plan.hpp"

namespace mailsim::gui {

class App;

// A waiting arc: a quadratic Bézier from the client's centre `a` to the server's `b`, and its words.
struct WaitArc {
  ImVec2 a, ctrl, b;
  ImVec2 normal;                 // the side it bows to
  std::string text, short_text;  // "waiting for an answer — 12 s of 30 s", and "12 s / 30 s" for a crowded map
  ImVec2 at(float t) const {
    const float u = 1 - t;
    return ImVec2(a.x * u * u + ctrl.x * 2 * u * t + b.x * t * t, a.y * u * u + ctrl.y * 2 * u * t + b.y * t * t);
  }
};

// Draws the arcs' lines on `dl`, before the hosts, so the hosts' names stay readable on top of them;
// returns them for their words. `icon`: the icons' side in pixels.
std::vector<WaitArc> draw_waiting_arcs(App& app, ImDrawList* dl, const viz::MapPlan& plan, float icon);
// Draws the stop marks and the arcs' words, after the hosts: the words go where they cover nothing
// in `taken` (inside `area`), and are added to it, or are left out.
void draw_waiting(App& app, ImDrawList* dl, const viz::MapPlan& plan, const viz::Rect& area, float icon,
                  std::vector<viz::Rect>& taken, const std::vector<WaitArc>& arcs);

}  // namespace mailsim::gui
