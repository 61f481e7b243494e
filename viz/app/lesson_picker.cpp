#include "viz/app/lesson_picker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "sim/scenario/variant.hpp"
#include "viz/app/app.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/wrap.hpp"
#include "viz/model/strings.hpp"

namespace mailsim::gui {

using viz::Str;

namespace {

constexpr const char* kModalId = "###lesson-picker";

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return !a.empty() && !b.empty() && std::filesystem::equivalent(a, b, ec);
}

// Text wrapped for both languages (viz/app/wrap.hpp) in the current font, as widgets, so the
// window scrolls and lays out around it. `col` 0: the style's text colour.
void text_wrapped(const std::string& text, ImU32 col = 0) {
  static std::vector<TextLine> lines;
  ImFont* font = ImGui::GetFont();
  wrap_text(font, ImGui::GetFontSize(), text.data(), text.data() + text.size(),
            std::max(1.0f, ImGui::GetContentRegionAvail().x), lines);
  if (col) ImGui::PushStyleColor(ImGuiCol_Text, vec4(col));
  for (const TextLine& l : lines) ImGui::TextUnformatted(l.begin, l.end);
  if (col) ImGui::PopStyleColor();
}

std::string format(const char* fmt, const std::string& arg) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, fmt, arg.c_str());
  return buf;
}

void choose(PickerState& p, std::string path) {
  p.error.clear();
  p.chosen = std::move(path);
}

// Keys while no text field has them: moving through the list, opening, the path field, language.
// Returns true for Esc.
bool picker_keys(PickerState& p, viz::Lang& lang) {
  const ImGuiIO& io = ImGui::GetIO();
  auto pressed = [](int key, bool repeat = false) { return ImGui::IsKeyPressed(key, repeat); };
  if (io.KeyCtrl && pressed(GLFW_KEY_O)) p.focus_path = true;
  if (io.WantTextInput) return false;
  const int n = static_cast<int>(p.catalog.lessons.size());
  const int page = 5;
  int to = p.selected;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true)) ++to;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true)) --to;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_PageDown), true)) to += page;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_PageUp), true)) to -= page;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Home))) to = 0;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_End))) to = n - 1;
  to = std::clamp(to, 0, std::max(0, n - 1));
  if (to != p.selected) {
    p.selected = to;
    p.scroll_to_selected = true;
  }
  if (n > 0 && (pressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) || pressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))))
    choose(p, p.catalog.lessons[static_cast<std::size_t>(p.selected)].path.string());
  if (!io.KeyCtrl && pressed(GLFW_KEY_L)) lang = lang == viz::Lang::En ? viz::Lang::Ja : viz::Lang::En;
  return pressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
}

void lesson_list(PickerState& p, viz::Lang lang, const Theme& th, float row_h) {
  ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0, 0.5f));
  for (std::size_t i = 0; i < p.catalog.lessons.size(); ++i) {
    const scenario::LessonEntry& e = p.catalog.lessons[i];
    const bool broken = !e.error.empty();
    char label[768];
    std::snprintf(label, sizeof label, "%s%s%s###lesson%zu", viz::pick(e.title, lang).c_str(),
                  same_file(e.path.string(), p.current) ? "  " : "",
                  same_file(e.path.string(), p.current) ? viz::tr(Str::PkShowing, lang) : "", i);
    const bool selected = static_cast<int>(i) == p.selected;
    // The chosen row must read from the back of the room: white on the playhead's blue.
    ImGui::PushStyleColor(ImGuiCol_Text, vec4(selected ? th.text_on_accent : broken ? th.failure : th.text));
    ImGui::PushStyleColor(ImGuiCol_Header, vec4(th.playhead));
    ImGui::PushStyleColor(ImGuiCol_HeaderHovered, vec4(selected ? th.playhead : with_alpha(th.playhead, 0.18f)));
    ImGui::PushStyleColor(ImGuiCol_HeaderActive, vec4(th.playhead));
    if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_AllowDoubleClick, ImVec2(0, row_h))) {
      p.selected = static_cast<int>(i);
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) choose(p, e.path.string());
    }
    ImGui::PopStyleColor(4);
    if (selected && p.scroll_to_selected) {
      ImGui::SetScrollHereY(0.5f);
      p.scroll_to_selected = false;
    }
  }
  ImGui::PopStyleVar();
}

void lesson_about(const PickerState& p, viz::Lang lang, const Fonts& fonts, const Theme& th) {
  if (p.catalog.lessons.empty()) return;
  const scenario::LessonEntry& e = p.catalog.lessons[static_cast<std::size_t>(p.selected)];
  ImGui::PushFont(fonts.bold);
  text_wrapped(viz::pick(e.title, lang));
  ImGui::PopFont();
  ImGui::Spacing();
  if (!e.error.empty()) {
    text_wrapped(viz::tr(Str::PkBroken, lang), th.failure);
    ImGui::PushFont(fonts.mono);
    text_wrapped(e.error, th.failure);
    ImGui::PopFont();
  } else {
    text_wrapped(viz::pick(e.description, lang));
  }
  ImGui::Spacing();
  text_wrapped(format(viz::tr(Str::PkFile, lang), e.path.filename().string()), th.text_dim);
}

// The picker's contents in the current window. `closable`: the modal (Esc and a Close button).
// Returns true when the teacher asks to close it.
bool picker_contents(PickerState& p, viz::Lang& lang, const Fonts& fonts, bool dark, bool closable) {
  const Theme& th = theme(dark);
  const ImGuiStyle& style = ImGui::GetStyle();
  // Not in the frame that opened the modal: the Ctrl+O that opened it would also go to the path field.
  bool close = p.keys_ready && picker_keys(p, lang) && closable;
  p.keys_ready = true;

  ImGui::PushFont(fonts.caption);
  ImGui::TextUnformatted(viz::tr(Str::PkTitle, lang));
  ImGui::PopFont();
  if (closable) {
    const char* text = viz::tr(Str::PkClose, lang);
    const float w = ImGui::CalcTextSize(text).x + style.FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - w);
    if (ImGui::Button(text)) close = true;
  }
  const std::string dir = p.catalog.dir.string();
  if (!p.catalog.error.empty()) text_wrapped(p.catalog.error, th.failure);
  else text_wrapped(format(viz::tr(p.catalog.lessons.empty() ? Str::PkNone : Str::PkBundled, lang), dir), th.text_dim);

  // The list and the chosen lesson's description side by side, the path field and hints below.
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float below = 2 * ImGui::GetFrameHeightWithSpacing() + style.ItemSpacing.y +
                      line * (1 + (p.catalog.left_out > 0) + (p.error.empty() ? 0 : 2));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float list_h = std::max(line * 3, avail.y - below);
  const float list_w = std::floor(avail.x * 0.56f);
  ImGui::BeginChild("lessons", ImVec2(list_w, list_h), true);
  lesson_list(p, lang, th, ImGui::GetFontSize() * 1.7f);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("about", ImVec2(0, list_h), true);
  lesson_about(p, lang, fonts, th);
  ImGui::EndChild();
  if (p.catalog.left_out > 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, viz::tr(Str::PkLeftOut, lang), p.catalog.left_out);
    text_wrapped(buf, th.text_dim);
  }

  // Per-student variants (mailsim variant): the same lesson with each student's own names.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(viz::tr(Str::PkStudent, lang));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (ImGui::InputInt("##student", &p.student)) p.student = std::clamp(p.student, 0, static_cast<int>(scenario::kMaxStudent));
  ImGui::SameLine();
  ImGui::TextDisabled("%s", viz::tr(Str::PkStudentHint, lang));
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(viz::tr(Str::PkOpenFile, lang));
  ImGui::SameLine();
  const char* open = viz::tr(Str::PkOpen, lang);
  const float open_w = ImGui::CalcTextSize(open).x + style.FramePadding.x * 2;
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - open_w - style.ItemSpacing.x);
  if (p.focus_path) {
    ImGui::SetKeyboardFocusHere();
    p.focus_path = false;
  }
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, std::max(1.0f, ImGui::GetFontSize() / 18));
  const bool entered = ImGui::InputTextWithHint("##path", viz::tr(Str::PkPathHint, lang), p.path, sizeof p.path,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::PopStyleVar();
  ImGui::SameLine();
  if ((ImGui::Button(open) || entered) && p.path[0]) choose(p, p.path);
  if (!p.error.empty()) text_wrapped(format(viz::tr(Str::PkCannotOpen, lang), p.error), th.failure);
  text_wrapped(viz::tr(closable ? Str::PkKeys : Str::PkKeysStart, lang), th.text_dim);
  return close;
}

}  // namespace

void init_picker(PickerState& p, const std::string& dir, const std::string& current) {
  p.catalog = scenario::list_lessons(dir);
  p.current = current;
  p.selected = 0;
  for (std::size_t i = 0; i < p.catalog.lessons.size(); ++i)
    if (same_file(p.catalog.lessons[i].path.string(), current)) p.selected = static_cast<int>(i);
  p.scroll_to_selected = true;
}

std::vector<std::string> picker_texts(const PickerState& p) {
  std::vector<std::string> out{p.catalog.dir.string(), p.catalog.error, p.error};
  for (const auto& e : p.catalog.lessons) {
    out.push_back(e.title.en + e.title.ja + e.description.en + e.description.ja);
    out.push_back(e.error + e.path.string());
  }
  return out;
}

void picker_modal(App& app) {
  if (!app.picker) return;
  PickerState& p = *app.picker;
  if (p.open_request) {
    ImGui::OpenPopup(kModalId);
    p.open_request = false;
    p.close_request = false;
    p.keys_ready = false;
    p.error.clear();
    p.scroll_to_selected = true;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::floor(vp->WorkSize.x * 0.86f), std::floor(vp->WorkSize.y * 0.88f)),
                           ImGuiCond_Always);
  // Opaque: the lesson behind must not show through the list.
  ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  bg.w = 1;
  ImGui::PushStyleColor(ImGuiCol_PopupBg, bg);
  p.showing = ImGui::BeginPopupModal(kModalId, nullptr,
                                     ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  if (!p.showing) return;
  if (picker_contents(p, app.lang, app.fonts, app.dark, true) || p.close_request) {
    ImGui::CloseCurrentPopup();
    p.close_request = false;
  }
  ImGui::EndPopup();
}

void picker_screen(PickerState& p, viz::Lang& lang, const Fonts& fonts, bool dark) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("###start", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus);
  picker_contents(p, lang, fonts, dark, false);
  ImGui::End();
}

}  // namespace mailsim::gui
