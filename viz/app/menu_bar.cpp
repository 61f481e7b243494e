// The menu bar: the lesson's title, File (open another lesson), language, view settings and the keyboard help.
#include <algorithm>
#include <cstdio>

#include "viz/app/app.hpp"
#include "viz/app/draw_util.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/model/format.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

float menus_w = 0;  // how wide the menus were in the frame before

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
  if (!session.ca_file().empty()) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextWrapped(app.tr(Str::ServeCaFile), session.ca_file().c_str());
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

void menu_bar(App& app) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (app.dump) {
    const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    record(app, p, p + s, Record("Menu", "", viz::ItemKind::Window));
  }
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted("mailsim");
  ImGui::PopFont();
  ImGui::TextDisabled("|");
  {
    // The lesson's title gets what the menus leave (measured the frame before), cut with "…".
    float guess = 0;
    for (Str m : {Str::MenuFile, Str::MenuLanguage, Str::MenuView, Str::MenuServe, Str::MenuHelp})
      guess += ImGui::CalcTextSize(app.tr(m)).x + 2 * ImGui::GetStyle().ItemSpacing.x;
    const float room = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX() - std::max(menus_w, guess) -
                       ImGui::CalcTextSize("|").x - 3 * ImGui::GetStyle().ItemSpacing.x;
    const auto& lesson = app.session.scenario();
    const std::string title = fit_width(ImGui::GetFont(), ImGui::GetFontSize(),
                                        viz::lesson_title(viz::pick(lesson.title, app.lang), lesson.student, app.lang), room);
    if (!title.empty()) {
      ImGui::TextUnformatted(title.c_str());
      record_item(app, "Menu", "title");
    }
    ImGui::TextDisabled("|");
  }
  const float menus_start = ImGui::GetCursorPosX();

  const bool file_open = ImGui::BeginMenu(app.label(Str::MenuFile, "file"));
  record_item(app, "Menu", viz::tr(Str::MenuFile, viz::Lang::En));
  if (file_open) {
    if (ImGui::MenuItem(app.tr(Str::OpenLesson), "Ctrl+O", false, app.picker != nullptr)) app.picker->open_request = true;
    ImGui::EndMenu();
  }
  const bool lang_open = ImGui::BeginMenu(app.label(Str::MenuLanguage, "lang"));
  record_item(app, "Menu", viz::tr(Str::MenuLanguage, viz::Lang::En));
  if (lang_open) {
    if (ImGui::MenuItem(app.tr(Str::LangEnglish), "L", app.lang == viz::Lang::En)) app.lang = viz::Lang::En;
    if (ImGui::MenuItem(app.tr(Str::LangJapanese), "L", app.lang == viz::Lang::Ja)) app.lang = viz::Lang::Ja;
    ImGui::EndMenu();
  }
  const bool view_open = ImGui::BeginMenu(app.label(Str::MenuView, "view"));
  record_item(app, "Menu", viz::tr(Str::MenuView, viz::Lang::En));
  if (view_open) {
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
    ImGui::MenuItem(app.tr(Str::QuizModeOn), nullptr, &app.quiz.mode);
    if (ImGui::MenuItem(app.tr(Str::ProjectorLayout), "P", app.panels.projector))
      app.arrangement = app.panels.projector ? Arrangement::Classroom : Arrangement::Projector;
    if (app.panels.forced) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
      ImGui::TextDisabled("%s", app.tr(Str::ProjectorForced));
      ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    // Also here: the projector's bar and a crowded timeline have no room for them.
    ImGui::TextDisabled("%s", app.tr(Str::ViewPlayback));
    float speed = static_cast<float>(app.play.speed);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::SliderFloat(app.label(Str::TlSpeed, "menuspeed"), &speed, static_cast<float>(viz::kMinSpeed),
                           static_cast<float>(viz::kMaxSpeed), app.play.speed < 1 ? "%.2fx" : "%.0fx",
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
      app.play.speed = speed;
    ImGui::MenuItem(app.tr(Str::TlSkipQuiet), nullptr, &app.play.skip_quiet);
    ImGui::Separator();
    if (ImGui::MenuItem(app.tr(Str::Fullscreen), "F11")) app.fullscreen_request = true;
    ImGui::EndMenu();
  }
  const bool serve_open = ImGui::BeginMenu(app.label(Str::MenuServe, "serve"));
  record_item(app, "Menu", viz::tr(Str::MenuServe, viz::Lang::En));
  if (serve_open) {
    serve_menu(app);
    ImGui::EndMenu();
  }
  const bool help_open = ImGui::BeginMenu(app.label(Str::MenuHelp, "help"));
  record_item(app, "Menu", viz::tr(Str::MenuHelp, viz::Lang::En));
  menus_w = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x - menus_start;
  if (help_open) {
    ImGui::TextDisabled("%s", app.tr(Str::KeysTitle));
    for (Str s : {Str::KeyOpen, Str::KeySpace, Str::KeyArrows, Str::KeyHomeEnd, Str::KeySpeed, Str::KeyLang,
                  Str::KeyScale, Str::KeyTheme, Str::KeyProjector, Str::KeyZoom, Str::KeyFull, Str::KeyShot, Str::KeyMouseFailure,
                  Str::KeyMouseEnvelope, Str::KeyMouseHost})
      ImGui::BulletText("%s", app.tr(s));
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

}  // namespace mailsim::gui
