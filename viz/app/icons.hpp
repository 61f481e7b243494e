#pragma once
// Simple vector icons on an ImDrawList, recognisable from the back of a classroom: a PC or a phone, server
// towers with a badge for their job (outbox, relay arrows, mailbox), a globe for DNS, a router
// with crossing arrows; envelopes and dots for packets.
#include <imgui.h>

#include "sim/scenario/scenario.hpp"

namespace mailsim::gui {

struct IconStyle {
  ImU32 fill;    // body tint
  ImU32 accent;  // the role's colour
  ImU32 line;    // outlines
  ImU32 paper;   // light details (screens, envelopes)
};

// Draws the icon for `role` centred on `c` in a box of side `size`.
void draw_role_icon(ImDrawList* dl, scenario::Role role, ImVec2 c, float size, const IconStyle& s);
// The icon for a host: its role's, except that a client that is a phone (its "device") is drawn as one.
void draw_host_icon(ImDrawList* dl, const scenario::Host& h, ImVec2 c, float size, const IconStyle& s);
// An envelope centred on `c`, `w` wide (height 0.68 w).
void draw_envelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float thickness);
// The same in five triangles (a border underneath, the paper, a solid flap): for crowds of packets,
// where a software renderer's cost is per triangle.
void draw_envelope_cheap(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float thickness);
// A bounce (a DSN coming back): an envelope in `line`'s colour on `fill`, with a return arrow
// over it, so it is told apart from ordinary mail at a glance.
void draw_bounce_envelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float thickness);
// A red cross over a box of side `size` (a host that is down).
void draw_cross(ImDrawList* dl, ImVec2 c, float size, ImU32 col, float thickness);
// An ellipse outline or fill, as polygon (ImGui 1.86 has no ellipse primitive).
void draw_ellipse(ImDrawList* dl, ImVec2 c, float rx, float ry, ImU32 col, bool filled, float thickness = 1.0f);
// A closed padlock `h` high centred on `c` (TLS: what crosses the wire is encrypted).
void draw_padlock(ImDrawList* dl, ImVec2 c, float h, ImU32 body, ImU32 line, float thickness);
// Dashed line.
void draw_dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash, float gap);
// Play-control glyphs for buttons.
enum class Glyph { ToStart, Back, Play, Pause, Next, ToEnd };
void draw_glyph(ImDrawList* dl, Glyph g, ImVec2 c, float size, ImU32 col);

}  // namespace mailsim::gui
