#pragma once
// The map's picture of waiting (viz/model/waiting.hpp): a red bar where each unanswered SYN stopped
// (the router that dropped it, the down host it reached), with a word saying what happened there;
// and, from each client still waiting, a dashed arc to the server it dialled, filling as the connect
// timeout runs out, labelled "waiting for an answer — 12 s of 30 s".
#include <vector>

#include <imgui.h>

#include "viz/model/geometry.hpp"
#include "viz/model/map_plan.hpp"

namespace mailsim::gui {

class App;

// Draws on `dl`; the words go where they cover nothing in `taken` (inside `area`), and are added to
// it, or are left out. `icon`: the icons' side in pixels.
void draw_waiting(App& app, ImDrawList* dl, const viz::MapPlan& plan, const viz::Rect& area, float icon,
                  std::vector<viz::Rect>& taken);

}  // namespace mailsim::gui
