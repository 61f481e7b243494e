#include "viz/app/draw_util.hpp"

#include <algorithm>
#include <cstring>

namespace mailsim::gui {

ImVec2 label_centered(ImDrawList* dl, ImFont* font, ImVec2 top_center, ImU32 col, ImU32 bg, std::string_view text) {
  const char* b = text.data();
  const char* e = b + text.size();
  const ImVec2 sz = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, b, e);
  const ImVec2 pos(top_center.x - sz.x / 2, top_center.y);
  if (bg) {
    const float pad = font->FontSize * 0.18f;
    dl->AddRectFilled(ImVec2(pos.x - pad * 1.5f, pos.y - pad * 0.5f), ImVec2(pos.x + sz.x + pad * 1.5f, pos.y + sz.y + pad * 0.3f),
                      bg, pad * 2);
  }
  dl->AddText(font, font->FontSize, pos, col, b, e);
  return sz;
}

const char* ellipsize(char* buf, std::size_t size, std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0, i = 0;
  while (i < text.size() && chars < max_chars) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > text.size()) break;
    i += len;
    ++chars;
  }
  const bool cut = i < text.size();
  const std::size_t n = std::min(i, size - 4);
  std::memcpy(buf, text.data(), n);
  if (cut) {
    std::memcpy(buf + n, "…", 3);  // U+2026, 3 bytes
    buf[n + 3] = 0;
  } else {
    buf[n] = 0;
  }
  return buf;
}

std::string fit_width(ImFont* font, float size, std::string_view text, float max_w) {
  auto width = [&](std::string_view t) { return font->CalcTextSizeA(size, FLT_MAX, 0, t.data(), t.data() + t.size()).x; };
  if (width(text) <= max_w) return std::string(text);
  const float ellipsis = width("…");
  std::size_t n = text.size();
  while (n > 0) {
    --n;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // a character's first byte
    if (width(text.substr(0, n)) + ellipsis <= max_w) break;
  }
  if (n == 0 && ellipsis > max_w) return {};
  return std::string(text.substr(0, n)) + "…";
}

const char* explanation_text(char* buf, std::size_t size, const viz::LineExplanation& e, viz::Lang lang) {
  buf[0] = 0;
  if (!e.main) return buf;
  int n = std::snprintf(buf, size, "%s — %s (%s)", e.main->title, viz::text(*e.main, lang), e.main->ref);
  if (e.detail && n > 0 && static_cast<std::size_t>(n) < size)
    std::snprintf(buf + n, size - static_cast<std::size_t>(n), " · %s: %s", e.detail->title, viz::text(*e.detail, lang));
  return buf;
}

}  // namespace mailsim::gui
