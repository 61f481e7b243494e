#pragma once
// The app's windows, each one function over App and its own state struct. `pos`/`size`: where the
// fixed classroom layout puts it.
#include <imgui.h>

#include "viz/model/trace_model.hpp"

namespace mailsim::gui {

class App;

void menu_bar(App& app);
void map_window(App& app, ImVec2 pos, ImVec2 size);
void dialog_window(App& app, ImVec2 pos, ImVec2 size);
void timeline_window(App& app, ImVec2 pos, ImVec2 size);
void inspector_window(App& app, ImVec2 pos, ImVec2 size);
// The dialog window's State machine tab for `conn`.
void state_panel(App& app, const viz::Connection& conn);
// The dialog window's Ladder tab: every connection and DNS message up to now, one column per host.
void ladder_panel(App& app);
// The current caption, in the band at the bottom of the map area.
void caption_overlay(App& app, ImDrawList* dl, ImVec2 min, ImVec2 max, const char* window);
// The inspector's Captured tab: what the lesson's eavesdroppers decoded from their links.
void captured_tab(App& app);
// The inspector's Checks tab: SPF, DKIM and DMARC of the selected message (checks_panel.cpp).
void checks_tab(App& app);
// The event filters and the event list, in the timeline or the inspector's Events tab.
void event_panel(App& app, const char* window);

// What the arrangement (panels.cpp) needs to know of the windows' contents:
// the timeline's height at `width` with a list of `list_rows` rows (< 0: no list), or as a bar of
// controls in one row (`big` ones for the projector);
float timeline_height(const App& app, float width, int list_rows, bool bar, bool big = false);
// the caption band's height, `width` wide: what the longest caption needs, at most `max_height`.
float caption_band_height(const App& app, float width, float max_height);
// In the classroom arrangement the caption band takes at most this share of the map window.
constexpr float kMapCaptionShare = 0.34f;
// The question on screen in the caption's place (quiz_panel.cpp), and the height it needs there.
void quiz_overlay(App& app, ImDrawList* dl, ImVec2 min, ImVec2 max, const char* window);
float quiz_band_height(const App& app, float width, float max_height);
// The projector arrangement's caption, in a window of its own.
void caption_window(App& app, ImVec2 pos, ImVec2 size);

// Window flags of the fixed layout: windows stay where the layout puts them.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

}  // namespace mailsim::gui
