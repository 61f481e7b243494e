// The menu bar: the lesson's title, File (open another lesson), language, view settings and the keyboard help.
#include <cstdio>

#include "viz/app/app.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

// Real clients on loopback join the open lesson (what `mailsim serve` does, on the map).
void serve_menu(App& app) {
  viz::Session& session = app.session;
  if (!session.serving()) {
    if (ImGui::MenuItem(app.tr(Str::ServeStart))) app.request_serving(true);
  } else if (ImGui::MenuItem(app.tr(Str::ServeStop))) {
    app.request_serving(false);
  }
  if (!app.serve_status.empty()) ImGui::TextWrapped("%s", app.serve_status.c_str());
  if (session.mappings().empty()) return;
  ImGui::Separator();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
  ImGui::TextDisabled("%s", app.tr(Str::ServeHint));
  ImGui::PopTextWrapPos();
  ImGui::PushFont(app.fonts.mono);
  for (const auto& m : session.mappings()) ImGui::TextUnformatted(serve::mapping_line(m).c_str());
  ImGui::PopFont();
  ImGui::Text(app.tr(Str::ServeCount), session.real_connections());
}

}  // namespace

void menu_bar(App& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted("mailsim");
  ImGui::PopFont();
  ImGui::TextDisabled("|");
  ImGui::TextUnformatted(viz::pick(app.session.scenario().title, app.lang).c_str());
  ImGui::TextDisabled("|");

  if (ImGui::BeginMenu(app.label(Str::MenuFile, "file"))) {
    if (ImGui::MenuItem(app.tr(Str::OpenLesson), "Ctrl+O", false, app.picker != nullptr)) app.picker->open_request = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(app.label(Str::MenuLanguage, "lang"))) {
    if (ImGui::MenuItem(app.tr(Str::LangEnglish), "L", app.lang == viz::Lang::En)) app.lang = viz::Lang::En;
    if (ImGui::MenuItem(app.tr(Str::LangJapanese), "L", app.lang == viz::Lang::Ja)) app.lang = viz::Lang::Ja;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(app.label(Str::MenuView, "view"))) {
    char scale[64];
    std::snprintf(scale, sizeof scale, app.tr(Str::UiScale), static_cast<int>(app.scale * 100 + 0.5f));
    ImGui::TextUnformatted(scale);
    if (ImGui::MenuItem(app.tr(Str::Bigger), "Ctrl +", false, app.scale < 3.0f)) {
      app.scale += 0.25f;
      app.fonts_dirty = true;
    }
    if (ImGui::MenuItem(app.tr(Str::Smaller), "Ctrl -", false, app.scale > 0.5f)) {
      app.scale -= 0.25f;
      app.fonts_dirty = true;
    }
    ImGui::Separator();
    if (ImGui::MenuItem(app.tr(Str::DarkTheme), "T", app.dark)) {
      app.dark = !app.dark;
      app.style_dirty = true;
    }
    ImGui::MenuItem(app.tr(Str::ShowLegend), nullptr, &app.map.legend);
    if (ImGui::MenuItem(app.tr(Str::Fullscreen), "F11")) app.fullscreen_request = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(app.label(Str::MenuServe, "serve"))) {
    serve_menu(app);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu(app.label(Str::MenuHelp, "help"))) {
    ImGui::TextDisabled("%s", app.tr(Str::KeysTitle));
    for (Str s : {Str::KeyOpen, Str::KeySpace, Str::KeyArrows, Str::KeyHomeEnd, Str::KeySpeed, Str::KeyLang,
                  Str::KeyScale, Str::KeyTheme, Str::KeyFull, Str::KeyShot, Str::KeyMouseFailure,
                  Str::KeyMouseEnvelope, Str::KeyMouseHost})
      ImGui::BulletText("%s", app.tr(s));
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace mailsim::gui
