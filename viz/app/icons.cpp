#include "viz/app/icons.hpp"

#include <algorithm>
#include <cmath>

#include "sim/scenario/roles.hpp"

namespace mailsim::gui {
namespace {

ImVec2 at(ImVec2 c, float s, float x, float y) { return {c.x + x * s, c.y + y * s}; }  // unit box [-0.5, 0.5]

void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float th) {
  dl->AddLine(from, to, col, th);
  const float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  const float ux = dx / len, uy = dy / len, head = th * 2.6f;
  dl->AddTriangleFilled(ImVec2(to.x + ux * head * 0.6f, to.y + uy * head * 0.6f),
                        ImVec2(to.x - ux * head - uy * head, to.y - uy * head + ux * head),
                        ImVec2(to.x - ux * head + uy * head, to.y - uy * head - ux * head), col);
}

// A server tower filling the left part of the box; returns nothing, badges go bottom right.
void tower(ImDrawList* dl, ImVec2 c, float s, const IconStyle& st) {
  const float th = std::max(1.5f, s * 0.045f);
  const ImVec2 a = at(c, s, -0.36f, -0.48f), b = at(c, s, 0.22f, 0.48f);
  dl->AddRectFilled(a, b, st.fill, s * 0.06f);
  dl->AddRect(a, b, st.line, s * 0.06f, 0, th);
  for (int i = 0; i < 3; ++i) {
    const float y = -0.30f + 0.17f * static_cast<float>(i);
    dl->AddRectFilled(at(c, s, -0.26f, y), at(c, s, 0.12f, y + 0.09f), st.accent, s * 0.02f);
  }
  dl->AddCircleFilled(at(c, s, 0.05f, 0.34f), s * 0.045f, st.accent);
}

void badge_circle(ImDrawList* dl, ImVec2 c, float s, const IconStyle& st) {
  dl->AddCircleFilled(at(c, s, 0.26f, 0.22f), s * 0.27f, st.accent);
  dl->AddCircle(at(c, s, 0.26f, 0.22f), s * 0.27f, st.line, 0, std::max(1.0f, s * 0.03f));
}

}  // namespace

void draw_ellipse(ImDrawList* dl, ImVec2 c, float rx, float ry, ImU32 col, bool filled, float thickness) {
  constexpr int kSegments = 32;
  for (int i = 0; i < kSegments; ++i) {
    const float a = 6.2831853f * static_cast<float>(i) / kSegments;
    dl->PathLineTo(ImVec2(c.x + rx * std::cos(a), c.y + ry * std::sin(a)));
  }
  if (filled) dl->PathFillConvex(col);
  else dl->PathStroke(col, ImDrawFlags_Closed, thickness);
}

void draw_envelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float th) {
  const float h = w * 0.68f;
  const ImVec2 a(c.x - w / 2, c.y - h / 2), b(c.x + w / 2, c.y + h / 2);
  dl->AddRectFilled(a, b, fill);
  dl->AddRect(a, b, line, 0, 0, th);
  dl->PathLineTo(ImVec2(a.x + th, a.y + th));
  dl->PathLineTo(ImVec2(c.x, c.y + h * 0.12f));
  dl->PathLineTo(ImVec2(b.x - th, a.y + th));
  dl->PathStroke(line, 0, th);
}

void draw_envelope_cheap(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float th) {
  const float h = w * 0.68f;
  const ImVec2 a(c.x - w / 2, c.y - h / 2), b(c.x + w / 2, c.y + h / 2);
  dl->AddRectFilled(ImVec2(a.x - th, a.y - th), ImVec2(b.x + th, b.y + th), line);
  dl->AddRectFilled(a, b, fill);
  dl->AddTriangleFilled(a, ImVec2(b.x, a.y), ImVec2(c.x, c.y + h * 0.12f), line);
}

void draw_bounce_envelope(ImDrawList* dl, ImVec2 c, float w, ImU32 fill, ImU32 line, float th) {
  draw_envelope(dl, c, w, fill, line, th * 1.4f);
  // The return arrow: a half turn over the envelope's top, from its right end back to its left,
  // ending in a head that points down, "sent back".
  const float h = w * 0.68f, r = w * 0.3f;
  const ImVec2 centre(c.x, c.y - h / 2 - r * 0.15f);
  dl->PathArcTo(centre, r, 0.0f, -3.14159265f, 14);  // from the right, over the top, to the left
  dl->PathStroke(line, 0, th * 1.5f);
  const ImVec2 end(centre.x - r, centre.y);
  const float head = w * 0.2f;
  dl->AddTriangleFilled(ImVec2(end.x - head * 0.6f, end.y - head * 0.1f), ImVec2(end.x + head * 0.6f, end.y - head * 0.1f),
                        ImVec2(end.x, end.y + head * 0.7f), line);
}

void draw_cross(ImDrawList* dl, ImVec2 c, float size, ImU32 col, float th) {
  const float r = size * 0.42f;
  dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, th);
  dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, th);
}

void draw_padlock(ImDrawList* dl, ImVec2 c, float h, ImU32 body, ImU32 line, float th) {
  // A body 0.8 h wide and 0.55 h high at the bottom, the shackle a half ring over it.
  const float w = h * 0.8f, bh = h * 0.55f, r = w * 0.3f;
  const ImVec2 b0(c.x - w / 2, c.y + h / 2 - bh), b1(c.x + w / 2, c.y + h / 2);
  const float top = b0.y - r * 0.15f;
  dl->PathArcTo(ImVec2(c.x, top), r, 3.14159265f, 2 * 3.14159265f, 12);
  dl->PathStroke(line, 0, th * 1.2f);
  dl->AddLine(ImVec2(c.x - r, top), ImVec2(c.x - r, b0.y), line, th * 1.2f);
  dl->AddLine(ImVec2(c.x + r, top), ImVec2(c.x + r, b0.y), line, th * 1.2f);
  dl->AddRectFilled(b0, b1, body, h * 0.08f);
  dl->AddRect(b0, b1, line, h * 0.08f, 0, th);
  dl->AddCircleFilled(ImVec2(c.x, b0.y + bh * 0.45f), h * 0.07f, line, 8);  // the keyhole
}

void draw_dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float th, float dash, float gap) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  const float ux = dx / len, uy = dy / len;
  for (float d = 0; d < len; d += dash + gap) {
    const float e = std::min(len, d + dash);
    dl->AddLine(ImVec2(a.x + ux * d, a.y + uy * d), ImVec2(a.x + ux * e, a.y + uy * e), col, th);
  }
}

void draw_role_icon(ImDrawList* dl, scenario::Role role, ImVec2 c, float s, const IconStyle& st) {
  using scenario::Icon;
  const float th = std::max(1.5f, s * 0.045f);
  switch (scenario::info(role).icon) {
    case Icon::Monitor: {  // a monitor on a stand
      const ImVec2 a = at(c, s, -0.5f, -0.42f), b = at(c, s, 0.5f, 0.24f);
      dl->AddRectFilled(a, b, st.fill, s * 0.06f);
      dl->AddRect(a, b, st.line, s * 0.06f, 0, th);
      dl->AddRectFilled(at(c, s, -0.41f, -0.33f), at(c, s, 0.41f, 0.15f), st.paper, s * 0.03f);
      draw_envelope(dl, at(c, s, 0, -0.09f), s * 0.42f, st.paper, st.accent, th * 0.8f);
      dl->AddRectFilled(at(c, s, -0.07f, 0.24f), at(c, s, 0.07f, 0.38f), st.line);
      dl->AddRectFilled(at(c, s, -0.28f, 0.38f), at(c, s, 0.28f, 0.46f), st.line, s * 0.03f);
      break;
    }
    case Icon::Outbox: {  // a server with an outbox: envelope and an arrow going out
      tower(dl, c, s, st);
      badge_circle(dl, c, s, st);
      draw_envelope(dl, at(c, s, 0.26f, 0.27f), s * 0.30f, st.paper, st.line, th * 0.7f);
      arrow(dl, at(c, s, 0.26f, 0.12f), at(c, s, 0.26f, -0.02f), st.paper, th * 1.1f);
      break;
    }
    case Icon::Relay: {  // a server passing things on: two arrows
      tower(dl, c, s, st);
      badge_circle(dl, c, s, st);
      arrow(dl, at(c, s, 0.10f, 0.14f), at(c, s, 0.40f, 0.14f), st.paper, th * 1.2f);
      arrow(dl, at(c, s, 0.42f, 0.30f), at(c, s, 0.12f, 0.30f), st.paper, th * 1.2f);
      break;
    }
    case Icon::Mailbox: {  // a server with a mailbox: an envelope dropping into a tray
      tower(dl, c, s, st);
      badge_circle(dl, c, s, st);
      draw_envelope(dl, at(c, s, 0.26f, 0.13f), s * 0.26f, st.paper, st.line, th * 0.7f);
      dl->PathLineTo(at(c, s, 0.10f, 0.23f));
      dl->PathLineTo(at(c, s, 0.13f, 0.36f));
      dl->PathLineTo(at(c, s, 0.39f, 0.36f));
      dl->PathLineTo(at(c, s, 0.42f, 0.23f));
      dl->PathStroke(st.paper, 0, th * 1.2f);
      break;
    }
    case Icon::Globe: {  // a globe: names for the whole Internet
      const float r = s * 0.44f;
      dl->AddCircleFilled(c, r, st.fill, 40);
      draw_ellipse(dl, c, r * 0.45f, r, st.accent, false, th);
      dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), st.accent, th);
      dl->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), st.accent, th);
      dl->AddLine(ImVec2(c.x - r * 0.87f, c.y - r * 0.5f), ImVec2(c.x + r * 0.87f, c.y - r * 0.5f), st.accent, th * 0.8f);
      dl->AddLine(ImVec2(c.x - r * 0.87f, c.y + r * 0.5f), ImVec2(c.x + r * 0.87f, c.y + r * 0.5f), st.accent, th * 0.8f);
      dl->AddCircle(c, r, st.line, 40, th);
      break;
    }
    case Icon::Router: {  // the classic router: a flat cylinder with crossing arrows on top
      const float rx = s * 0.46f, ry = s * 0.17f, h = s * 0.26f;
      const ImVec2 top(c.x, c.y - h / 2), bottom(c.x, c.y + h / 2);
      dl->AddRectFilled(ImVec2(c.x - rx, top.y), ImVec2(c.x + rx, bottom.y), st.fill);
      draw_ellipse(dl, bottom, rx, ry, st.fill, true);
      draw_ellipse(dl, bottom, rx, ry, st.line, false, th);
      dl->AddRectFilled(ImVec2(c.x - rx + th / 2, top.y), ImVec2(c.x + rx - th / 2, bottom.y), st.fill);
      dl->AddLine(ImVec2(c.x - rx, top.y), ImVec2(c.x - rx, bottom.y), st.line, th);
      dl->AddLine(ImVec2(c.x + rx, top.y), ImVec2(c.x + rx, bottom.y), st.line, th);
      draw_ellipse(dl, top, rx, ry, st.accent, true);
      draw_ellipse(dl, top, rx, ry, st.line, false, th);
      const float ax = rx * 0.55f, ay = ry * 0.55f;
      arrow(dl, ImVec2(top.x - ax * 0.2f, top.y - ay * 0.2f), ImVec2(top.x - ax, top.y - ay), st.paper, th);
      arrow(dl, ImVec2(top.x + ax * 0.2f, top.y + ay * 0.2f), ImVec2(top.x + ax, top.y + ay), st.paper, th);
      arrow(dl, ImVec2(top.x + ax, top.y - ay), ImVec2(top.x + ax * 0.2f, top.y - ay * 0.2f), st.paper, th);
      arrow(dl, ImVec2(top.x - ax, top.y + ay), ImVec2(top.x - ax * 0.2f, top.y + ay * 0.2f), st.paper, th);
      break;
    }
    case Icon::Key: {  // a server holding the keys: a key on its badge
      tower(dl, c, s, st);
      badge_circle(dl, c, s, st);
      dl->AddCircle(at(c, s, 0.16f, 0.22f), s * 0.07f, st.paper, 16, th * 1.2f);
      dl->AddLine(at(c, s, 0.23f, 0.22f), at(c, s, 0.42f, 0.22f), st.paper, th * 1.2f);
      dl->AddLine(at(c, s, 0.36f, 0.22f), at(c, s, 0.36f, 0.31f), st.paper, th * 1.2f);
      dl->AddLine(at(c, s, 0.42f, 0.22f), at(c, s, 0.42f, 0.31f), st.paper, th * 1.2f);
      break;
    }
    case Icon::Headphones: {  // someone listening in: a head and shoulders wearing headphones
      const ImVec2 head = at(c, s, 0, -0.10f);
      const float r = s * 0.24f;
      dl->PathArcTo(at(c, s, 0, 0.50f), s * 0.40f, 3.14159f, 2 * 3.14159f, 24);
      dl->PathFillConvex(st.fill);
      dl->PathArcTo(at(c, s, 0, 0.50f), s * 0.40f, 3.14159f, 2 * 3.14159f, 24);
      dl->PathStroke(st.line, 0, th);
      dl->AddCircleFilled(head, r, st.fill, 32);
      dl->AddCircle(head, r, st.line, 32, th);
      dl->PathArcTo(head, r * 1.3f, 3.14159f * 1.05f, 3.14159f * 1.95f, 20);
      dl->PathStroke(st.accent, 0, th * 1.8f);
      for (const float side : {-1.0f, 1.0f}) {
        const ImVec2 cup(head.x + side * r * 1.25f, head.y + r * 0.05f);
        dl->AddRectFilled(ImVec2(cup.x - s * 0.07f, cup.y - s * 0.11f), ImVec2(cup.x + s * 0.07f, cup.y + s * 0.11f),
                          st.accent, s * 0.04f);
      }
      break;
    }
  }
}

void draw_host_icon(ImDrawList* dl, const scenario::Host& h, ImVec2 c, float s, const IconStyle& st) {
  if (h.role != scenario::Role::Client || h.device != scenario::Device::Phone) {
    draw_role_icon(dl, h.role, c, s, st);
    return;
  }
  // A phone standing upright: body, screen with the envelope (as the PC's), speaker and button.
  const float th = std::max(1.5f, s * 0.045f);
  const ImVec2 a = at(c, s, -0.25f, -0.48f), b = at(c, s, 0.25f, 0.48f);
  dl->AddRectFilled(a, b, st.fill, s * 0.09f);
  dl->AddRect(a, b, st.line, s * 0.09f, 0, th);
  dl->AddRectFilled(at(c, s, -0.18f, -0.34f), at(c, s, 0.18f, 0.28f), st.paper, s * 0.02f);
  draw_envelope(dl, at(c, s, 0, -0.04f), s * 0.28f, st.paper, st.accent, th * 0.8f);
  dl->AddLine(at(c, s, -0.07f, -0.41f), at(c, s, 0.07f, -0.41f), st.line, th);
  dl->AddCircleFilled(at(c, s, 0, 0.38f), s * 0.045f, st.line);
}

void draw_glyph(ImDrawList* dl, Glyph g, ImVec2 c, float s, ImU32 col) {
  const float h = s * 0.5f;
  auto tri_right = [&](float x0) {
    dl->AddTriangleFilled(ImVec2(c.x + x0, c.y - h), ImVec2(c.x + x0 + h * 1.4f, c.y), ImVec2(c.x + x0, c.y + h), col);
  };
  auto tri_left = [&](float x0) {
    dl->AddTriangleFilled(ImVec2(c.x + x0, c.y - h), ImVec2(c.x + x0 - h * 1.4f, c.y), ImVec2(c.x + x0, c.y + h), col);
  };
  auto bar = [&](float x0) { dl->AddRectFilled(ImVec2(c.x + x0, c.y - h), ImVec2(c.x + x0 + s * 0.16f, c.y + h), col); };
  switch (g) {
    case Glyph::Play: tri_right(-h * 0.6f); break;
    case Glyph::Pause: bar(-s * 0.26f); bar(s * 0.10f); break;
    case Glyph::Back: bar(-h * 1.0f); tri_left(h * 0.85f); break;
    case Glyph::Next: tri_right(-h * 0.85f); bar(h * 0.84f); break;
    case Glyph::ToStart: bar(-h * 1.3f); tri_left(h * 0.2f); tri_left(h * 1.3f); break;
    case Glyph::ToEnd: tri_right(-h * 1.3f); tri_right(-h * 0.2f); bar(h * 1.2f); break;
  }
}

}  // namespace mailsim::gui
