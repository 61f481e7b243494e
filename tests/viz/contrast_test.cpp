// The themes' contrast, computed from the colours the app draws with (viz/app/theme.cpp and the
// ImGui style it sets) by WCAG's formula: text at least 4.5:1 against what is behind it, lines and
// marks 3:1, in the light and the dark theme. A projector in a lit room flattens contrast; the
// issue that asked for this measured link-delay labels at 3.6:1, links at 2.1:1 and the played part
// of the scrub bar at 1.8:1.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>

#include "viz/app/theme.hpp"
#include "viz/model/contrast.hpp"

using namespace mailsim;
using namespace mailsim::gui;

namespace {

viz::Rgba rgba(ImU32 c) {  // ImGui packs A, B, G, R from the top byte down
  return {((c >> IM_COL32_R_SHIFT) & 0xff) << 16 | ((c >> IM_COL32_G_SHIFT) & 0xff) << 8 | ((c >> IM_COL32_B_SHIFT) & 0xff),
          static_cast<std::uint8_t>((c >> IM_COL32_A_SHIFT) & 0xff)};
}
viz::Rgba rgba(const ImVec4& v) { return rgba(ImGui::ColorConvertFloat4ToU32(v)); }
std::uint32_t opaque(ImU32 c, std::uint32_t under) { return viz::over(rgba(c), under); }
std::uint32_t opaque(const ImVec4& c, std::uint32_t under) { return viz::over(rgba(c), under); }

struct Pair {
  std::string what;
  std::uint32_t fg, bg;
  double need;
};

// Every pair of colours the app puts one on the other, by what they are.
std::vector<Pair> pairs(bool dark) {
  ImGui::CreateContext();
  apply_style(dark, 1.0f);
  const ImGuiStyle& st = ImGui::GetStyle();
  const Theme& t = theme(dark);
  const std::uint32_t map = rgba(t.map_bg).rgb;  // the frame is cleared to it; windows are drawn over
  const std::uint32_t win = opaque(st.Colors[ImGuiCol_WindowBg], map);
  const std::uint32_t label = opaque(t.label_bg, map), label_on_link = opaque(t.label_bg, opaque(t.link, map));
  const std::uint32_t current = opaque(t.line_current, win);
  std::vector<Pair> out;
  auto text = [&](const std::string& what, ImU32 fg, std::uint32_t bg) { out.push_back({what, opaque(fg, bg), bg, viz::kTextContrast}); };
  auto mark = [&](const std::string& what, ImU32 fg, std::uint32_t bg) { out.push_back({what, opaque(fg, bg), bg, viz::kGraphicsContrast}); };
  // The map: names, addresses, ports, latencies, the clock and legend, on the map and on labels.
  for (auto [name, bg] : {std::pair<const char*, std::uint32_t>{"map", map}, {"a label", label}, {"a label on a link", label_on_link}}) {
    text(std::string("host name on ") + name, t.text, bg);
    text(std::string("address, legend, status on ") + name, t.text_dim, bg);
    text(std::string("a stopped port on ") + name, t.down_mark, bg);
    for (int p = 0; p < 5; ++p) text("protocol colour " + std::to_string(p) + " (ports, bubbles) on " + name, t.proto[p], bg);
    for (int r = 0; r < 4; ++r) text("reply colour " + std::to_string(r) + "xx (bubbles) on " + name, t.reply[r], bg);
  }
  text("link delay on the map", t.link_label, map);
  text("caption", t.caption_text, opaque(t.caption_bg, map));
  text("queue count on its badge", t.badge_text, opaque(t.badge, map));
  text("DOWN on its pill", t.badge_text, opaque(t.down_mark, map));
  text("mailbox count on its badge", t.badge_text, opaque(t.mailbox_badge, map));
  mark("link", t.link, map);
  mark("cut link", t.link_down, map);
  mark("a host's DOWN cross", t.down_mark, map);
  mark("a bounce's envelope on the map", t.down_mark, map);
  mark("a bounce's envelope outline on its paper", t.down_mark, rgba(t.bounce_fill).rgb);
  mark("a waiting arc, a SYN's stop mark", t.failure, map);
  text("a stop mark's or waiting arc's words on a label", t.failure, label);
  text("an MTA's retry countdown on its label", t.badge_on_panel, label);
  mark("queue badge", t.badge, map);
  mark("mailbox badge", t.mailbox_badge, map);
  mark("icon outline", t.icon_line, map);
  for (int p = 0; p < 5; ++p) mark("packet of protocol colour " + std::to_string(p), t.proto[p], map);
  // The panels: the dialog, the timeline, the inspector.
  for (auto [name, bg] : {std::pair<const char*, std::uint32_t>{"a panel", win}, {"the current line", current}}) {
    text(std::string("text on ") + name, t.text, bg);
    text(std::string("times and explanations on ") + name, t.text_dim, bg);
    text(std::string("message content on ") + name, t.content_text, bg);
    for (int p = 0; p < 5; ++p) text("C: of protocol colour " + std::to_string(p) + " on " + name, t.proto[p], bg);
    for (int r = 0; r < 4; ++r) text("reply " + std::to_string(r + 2) + "xx on " + name, t.reply[r], bg);
    for (unsigned bit : {viz::kSmtp, viz::kPop3, viz::kImap, viz::kDns, viz::kQueue, viz::kOther})
      text("event category " + std::to_string(bit) + " on " + name, category_colour(t, bit), bg);
    text(std::string("failure on ") + name, t.failure, bg);
    mark(std::string("a TLS padlock on ") + name, t.tls_lock, bg);
  }
  text("time under the playhead", t.playhead, win);
  text("retry countdown", t.badge_on_panel, win);
  for (int h = 0; h < 5; ++h) text("Received: hop " + std::to_string(h), t.hop[h], win);
  mark("played part of the scrub bar on the track", t.played, rgba(t.track).rgb);
  mark("played part of the scrub bar on the panel", t.played, win);
  mark("playhead on the panel", t.playhead, win);
  mark("failure mark on the scrub bar", t.failure, win);
  mark("caption mark on the scrub bar", t.caption_marker, win);
  for (unsigned bit : {viz::kSmtp, viz::kPop3, viz::kImap, viz::kDns, viz::kQueue, viz::kOther})
    mark("event tick " + std::to_string(bit) + " on the scrub bar", category_colour(t, bit), win);
  // ImGui's own widgets, in the style the app sets.
  const ImU32 txt = ImGui::ColorConvertFloat4ToU32(st.Colors[ImGuiCol_Text]);
  const ImU32 disabled = ImGui::ColorConvertFloat4ToU32(st.Colors[ImGuiCol_TextDisabled]);
  const struct {
    const char* name;
    ImGuiCol col;
  } widgets[] = {{"a button", ImGuiCol_Button},         {"a hovered button", ImGuiCol_ButtonHovered},
                 {"a pressed button", ImGuiCol_ButtonActive}, {"a checkbox or field", ImGuiCol_FrameBg},
                 {"a selected row", ImGuiCol_Header},    {"a title bar", ImGuiCol_TitleBgActive},
                 {"a title bar (inactive)", ImGuiCol_TitleBg}, {"a tab", ImGuiCol_Tab},
                 {"the open tab", ImGuiCol_TabActive},   {"a table header", ImGuiCol_TableHeaderBg},
                 {"an odd table row", ImGuiCol_TableRowBgAlt}, {"the menu bar", ImGuiCol_MenuBarBg},
                 {"a menu or tooltip", ImGuiCol_PopupBg}};
  for (const auto& w : widgets) text(std::string("text on ") + w.name, txt, opaque(st.Colors[w.col], win));
  text("greyed text on a panel", disabled, win);
  text("greyed text in the menu bar", disabled, opaque(st.Colors[ImGuiCol_MenuBarBg], win));
  text("greyed text in a menu", disabled, opaque(st.Colors[ImGuiCol_PopupBg], win));
  mark("a check mark", ImGui::ColorConvertFloat4ToU32(st.Colors[ImGuiCol_CheckMark]), opaque(st.Colors[ImGuiCol_FrameBg], win));
  for (unsigned bit : {viz::kSmtp, viz::kPop3, viz::kImap, viz::kDns, viz::kQueue, viz::kOther})
    mark("filter check mark " + std::to_string(bit), category_colour(t, bit), opaque(st.Colors[ImGuiCol_FrameBg], win));
  ImGui::DestroyContext();
  return out;
}

void check_theme(bool dark) {
  for (const auto& p : pairs(dark)) {
    const double ratio = viz::contrast_ratio(p.fg, p.bg);
    char buf[64];
    std::snprintf(buf, sizeof buf, "#%06x on #%06x: %.2f:1", p.fg, p.bg, ratio);
    const std::string where = std::string(dark ? "dark theme, " : "light theme, ") + p.what + ", " + buf;
    INFO(where);
    CHECK(ratio >= p.need);
  }
}

}  // namespace

TEST_CASE("light theme: text stands out 4.5:1 and lines 3:1 from what is behind them") { check_theme(false); }
TEST_CASE("dark theme: text stands out 4.5:1 and lines 3:1 from what is behind them") { check_theme(true); }
