#pragma once
// The app's windows, each one function over App and its own state struct. `pos`/`size`: where the
// fixed classroom layout puts it.
#include <imgui.h>

namespace mailsim::gui {

class App;

void menu_bar(App& app);
void map_window(App& app, ImVec2 pos, ImVec2 size);
void dialog_window(App& app, ImVec2 pos, ImVec2 size);
void timeline_window(App& app, ImVec2 pos, ImVec2 size);
void inspector_window(App& app, ImVec2 pos, ImVec2 size);
// The current caption, drawn over the bottom of the map area.
void caption_overlay(App& app, ImDrawList* dl, ImVec2 min, ImVec2 max);

// Window flags of the fixed layout: windows stay where the layout puts them.
constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

}  // namespace mailsim::gui
