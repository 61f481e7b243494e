#pragma once
// Colours and ImGui style, light (the default: it survives a projector in a lit room) and dark.
#include <imgui.h>

#include "sim/scenario/scenario.hpp"
#include "viz/model/trace_model.hpp"

namespace mailsim::gui {

struct Theme {
  ImU32 map_bg, text, text_dim, text_on_accent;
  ImU32 link, link_down, link_label;
  ImU32 icon_line, icon_down, down_mark, badge, badge_text, label_bg;
  ImU32 badge_on_panel;  // the badge's colour as text on a panel (a retry's countdown)
  ImU32 mailbox_badge;   // messages waiting in a mailbox or kept on a device (badge_text on it)
  ImU32 packet_outline, envelope_fill, envelope_line, halo;
  ImU32 bounce_fill;     // a bounce's envelope (outlined in down_mark)
  ImU32 line_current, line_in_flight, content_text;
  ImU32 tls_lock;        // the padlock of a line read inside TLS
  ImU32 caption_bg, caption_text;
  ImU32 track, played, playhead, failure, caption_marker;
  ImU32 proto[5];       // viz::Proto order: Smtp, Pop3, Imap, Dns, Other
  ImU32 role_fill[8];   // scenario::Role order
  ImU32 role_accent[8];
  ImU32 reply[4];       // 2xx, 3xx, 4xx, 5xx
  ImU32 hop[5];         // Received: chain, hop 1, 2, ...
};

const Theme& theme(bool dark);
// Resets ImGui's style to the theme, scaled for the projector.
void apply_style(bool dark, float scale);

ImU32 proto_colour(const Theme& t, viz::Proto p);
ImU32 role_fill(const Theme& t, scenario::Role r);
ImU32 role_accent(const Theme& t, scenario::Role r);
// Colour of an SMTP reply code by class; 0 when it is not one.
ImU32 reply_colour(const Theme& t, int code);
ImU32 category_colour(const Theme& t, unsigned category_bits);
inline ImVec4 vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
ImU32 with_alpha(ImU32 c, float alpha);

}  // namespace mailsim::gui
