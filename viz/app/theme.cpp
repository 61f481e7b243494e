#include "viz/app/theme.hpp"

namespace mailsim::gui {
namespace {

constexpr ImU32 rgb(unsigned hex, unsigned alpha = 255) {
  return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, alpha);
}

// Protocol colours after Okabe & Ito's colour-blind-safe palette, darker on light, brighter on dark.
// Every colour that is text stands out from what is behind it by WCAG's 4.5:1, every line and mark
// by 3:1, in both themes (tests/viz/contrast_test.cpp computes it): a projector washes out less.
const Theme kLight = {
    .map_bg = rgb(0xffffff), .text = rgb(0x1b1f24), .text_dim = rgb(0x5f6b76), .text_on_accent = rgb(0xffffff),
    .link = rgb(0x8b939b), .link_down = rgb(0xc82339), .link_label = rgb(0x606971),
    .icon_line = rgb(0x2b333b), .icon_down = rgb(0xc9ced3), .down_mark = rgb(0xc82339), .badge = rgb(0xb34509),
    .badge_text = rgb(0xffffff), .label_bg = rgb(0xffffff, 225), .badge_on_panel = rgb(0xb34509),
    .mailbox_badge = rgb(0x1f7a45),
    .packet_outline = rgb(0xffffff), .envelope_fill = rgb(0xfff8e1), .envelope_line = rgb(0x8a5a00),
    .halo = rgb(0xffc400, 150), .bounce_fill = rgb(0xfde2e5),
    .line_current = rgb(0xffe9a8), .line_in_flight = rgb(0xffd45c, 150), .content_text = rgb(0x55606b),
    .tls_lock = rgb(0xa87a00),
    .caption_bg = rgb(0x1b1f24, 230), .caption_text = rgb(0xffffff),
    .track = rgb(0xe3e7eb), .played = rgb(0x4a7fc1), .playhead = rgb(0x1a63c7), .failure = rgb(0xc82339),
    .caption_marker = rgb(0xb78900),
    .proto = {rgb(0xaa4b00), rgb(0x006dab), rgb(0x007656), rgb(0x9e4594), rgb(0x5e6975)},
    .role_fill = {rgb(0xdbe8fb), rgb(0xfde7cf), rgb(0xebe0fa), rgb(0xd6f2f1), rgb(0xdcf2e2), rgb(0xe4e8ec),
                  rgb(0xf8ecc4), rgb(0xfbdde0)},
    .role_accent = {rgb(0x2f6fd0), rgb(0xd9730d), rgb(0x7c4dcc), rgb(0x0f8a8a), rgb(0x2e8b4f), rgb(0x5d6975),
                    rgb(0x9a7400), rgb(0xc5221f)},
    .reply = {rgb(0x177835), rgb(0x1a63c7), rgb(0xa35200), rgb(0xc5221f)},
    .hop = {rgb(0x2f6fd0), rgb(0x9e5409), rgb(0x277643), rgb(0x7c4dcc), rgb(0xc5221f)},
};

const Theme kDark = {
    .map_bg = rgb(0x14171b), .text = rgb(0xeef1f4), .text_dim = rgb(0xa3adb8), .text_on_accent = rgb(0xffffff),
    .link = rgb(0x65707b), .link_down = rgb(0xff707e), .link_label = rgb(0x8a96a2),
    .icon_line = rgb(0xdfe5ea), .icon_down = rgb(0x3a4148), .down_mark = rgb(0xff707e), .badge = rgb(0xff7a2e),
    .badge_text = rgb(0x14171b), .label_bg = rgb(0x14171b, 215), .badge_on_panel = rgb(0xff7a2e),
    .mailbox_badge = rgb(0x5fd38a),
    .packet_outline = rgb(0x14171b), .envelope_fill = rgb(0xfff3c4), .envelope_line = rgb(0x6b4500),
    .halo = rgb(0xffd54a, 150), .bounce_fill = rgb(0x4a1f24),
    .line_current = rgb(0x3d3418), .line_in_flight = rgb(0x8a6d12, 170), .content_text = rgb(0xaab4bf),
    .tls_lock = rgb(0xffcf3f),
    .caption_bg = rgb(0x000000, 215), .caption_text = rgb(0xffffff),
    .track = rgb(0x2c3238), .played = rgb(0x4f86c6), .playhead = rgb(0x6fb1ff), .failure = rgb(0xff707e),
    .caption_marker = rgb(0xffcf3f),
    .proto = {rgb(0xff9a3c), rgb(0x56b4e9), rgb(0x2fd39a), rgb(0xe08ad6), rgb(0xa3adb8)},
    .role_fill = {rgb(0x1f3556), rgb(0x4a3218), rgb(0x35284f), rgb(0x14403f), rgb(0x1b4029), rgb(0x2c333a),
                  rgb(0x40361a), rgb(0x4a1f24)},
    .role_accent = {rgb(0x6ea8ff), rgb(0xffa94d), rgb(0xb392f0), rgb(0x3dd6d0), rgb(0x5fd38a), rgb(0xaab4bf),
                    rgb(0xffd54a), rgb(0xff7878)},
    .reply = {rgb(0x5bd16a), rgb(0x6fb1ff), rgb(0xffa94d), rgb(0xff7878)},
    .hop = {rgb(0x6ea8ff), rgb(0xffa94d), rgb(0x5fd38a), rgb(0xb392f0), rgb(0xff6b6b)},
};

}  // namespace

const Theme& theme(bool dark) { return dark ? kDark : kLight; }

void apply_style(bool dark, float scale) {
  ImGuiStyle style;
  if (dark) ImGui::StyleColorsDark(&style);
  else ImGui::StyleColorsLight(&style);
  style.WindowRounding = 4;
  style.FrameRounding = 4;
  style.GrabRounding = 4;
  style.TabRounding = 4;
  style.WindowBorderSize = 1;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 5);
  style.CellPadding = ImVec2(5, 2);
  style.ScrollbarSize = 16;
  style.GrabMinSize = 14;
  if (!dark) {
    style.Colors[ImGuiCol_WindowBg] = vec4(rgb(0xfbfcfd));
    style.Colors[ImGuiCol_TitleBgActive] = vec4(rgb(0xd5dde6));
    style.Colors[ImGuiCol_TitleBg] = vec4(rgb(0xd5dde6));
    style.Colors[ImGuiCol_Text] = vec4(kLight.text);
    style.Colors[ImGuiCol_TextDisabled] = vec4(kLight.text_dim);  // ImGui's grey is 2.8:1 on white
    style.Colors[ImGuiCol_CheckMark] = vec4(kLight.playhead);
    style.Colors[ImGuiCol_MenuBarBg] = vec4(rgb(0xeef1f4));
  } else {
    // ImGui's dark style puts white on mid blues (3:1) and its grey on the menu bar (3.9:1).
    style.Colors[ImGuiCol_TextDisabled] = vec4(kDark.text_dim);
    style.Colors[ImGuiCol_ButtonHovered] = vec4(rgb(0x2f6fb5));
    style.Colors[ImGuiCol_ButtonActive] = vec4(rgb(0x245a96));
  }
  // Child windows show their parent's background instead of painting their own: every full layer
  // costs a software renderer (llvmpipe) a few milliseconds per frame.
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

ImU32 proto_colour(const Theme& t, viz::Proto p) { return t.proto[static_cast<int>(p)]; }
// One colour a role: Auth (a key's gold) and Eavesdropper (alarm red) were read past the end once.
static_assert(sizeof(Theme::role_fill) / sizeof(ImU32) == static_cast<std::size_t>(scenario::Role::Eavesdropper) + 1);
static_assert(sizeof(Theme::role_accent) / sizeof(ImU32) == static_cast<std::size_t>(scenario::Role::Eavesdropper) + 1);

ImU32 role_fill(const Theme& t, scenario::Role r) { return t.role_fill[static_cast<int>(r)]; }
ImU32 role_accent(const Theme& t, scenario::Role r) { return t.role_accent[static_cast<int>(r)]; }

ImU32 reply_colour(const Theme& t, int code) {
  if (code >= 200 && code < 600) return t.reply[code / 100 - 2];
  return 0;
}

ImU32 category_colour(const Theme& t, unsigned bits) {
  using namespace viz;
  if (bits & kSmtp) return t.proto[0];
  if (bits & kPop3) return t.proto[1];
  if (bits & kImap) return t.proto[2];
  if (bits & kDns) return t.proto[3];
  if (bits & kQueue) return t.badge;
  return t.text_dim;
}

ImU32 with_alpha(ImU32 c, float alpha) {
  const unsigned a = static_cast<unsigned>(((c >> IM_COL32_A_SHIFT) & 0xff) * alpha);
  return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace mailsim::gui
