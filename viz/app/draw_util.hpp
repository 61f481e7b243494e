#pragma once
// Small drawing helpers shared by the windows.
#include <cstdio>
#include <string>
#include <string_view>

#include <imgui.h>

#include "viz/model/explain.hpp"
#include "viz/model/lang.hpp"

namespace mailsim::gui {

inline ImVec2 operator+(ImVec2 a, ImVec2 b) { return {a.x + b.x, a.y + b.y}; }
inline ImVec2 operator-(ImVec2 a, ImVec2 b) { return {a.x - b.x, a.y - b.y}; }
inline ImVec2 operator*(ImVec2 a, float f) { return {a.x * f, a.y * f}; }

// Text centred horizontally on x, top at y, on a rounded background; returns its size.
ImVec2 label_centered(ImDrawList* dl, ImFont* font, ImVec2 top_center, ImU32 col, ImU32 bg, std::string_view text);
// Copies at most `max_chars` characters of `text` (UTF-8 aware) into `buf`, with "…" when cut.
const char* ellipsize(char* buf, std::size_t size, std::string_view text, std::size_t max_chars);
// `text` cut (with "…") to at most `max_w` pixels wide in `font` at `size`; "" when not even "…" fits.
std::string fit_width(ImFont* font, float size, std::string_view text, float max_w);
// "RCPT TO — names one recipient (RFC 5321 §4.1.1.3)" into buf, with the detail appended.
const char* explanation_text(char* buf, std::size_t size, const viz::LineExplanation& e, viz::Lang lang);

}  // namespace mailsim::gui
