#pragma once
// Word wrapping that suits both languages: English breaks at spaces, Japanese between characters
// (with the usual rules: no line starts with 、。)」 and none ends with (「), and a Latin word such
// as "Postfix" inside Japanese text is never split unless it alone is wider than the line.
// (ImGui's own wrapping treats a run of Japanese as one long word and cuts it anywhere.)
#include <cstddef>
#include <vector>

#include <imgui.h>

namespace mailsim::gui {

struct TextLine {
  const char* begin;
  const char* end;
};

// Appends the lines of [text, text_end) wrapped to `width` to `out` (cleared first).
void wrap_text(const ImFont* font, float size, const char* text, const char* text_end, float width,
               std::vector<TextLine>& out);
// Height of the wrapped lines.
inline float wrapped_height(float size, const std::vector<TextLine>& lines) {
  return static_cast<float>(lines.size()) * size;
}
void draw_lines(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, ImU32 col, const std::vector<TextLine>& lines);

// Pages of [text, text_end) that wrap to at most `lines_per_page` lines each at `width`: as many
// whole sentences (ended by ". " "! " "? " ": " or 。!?) as fit; a sentence longer than a page
// goes over to the next page at a line's end. Appends each page's range to `out` (cleared first);
// none when not one line fits.
void paginate(const ImFont* font, float size, const char* text, const char* text_end, float width,
              std::size_t lines_per_page, std::vector<TextLine>& out);

}  // namespace mailsim::gui
