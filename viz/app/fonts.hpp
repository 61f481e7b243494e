#pragma once
// The fonts, loaded at the UI scale: DejaVu for Latin text with IPAex Gothic merged in for Japanese.
// Found by a search over the usual Debian paths (then own_dir: assets/fonts/, or
// PREFIX/share/mailsim/fonts when installed), so nothing is bundled.
#include <string>
#include <vector>

#include <imgui.h>

namespace mailsim::gui {

struct Fonts {
  ImFont* ui = nullptr;       // panels and explanations (all of Japanese)
  ImFont* bold = nullptr;     // host names, headings
  ImFont* small = nullptr;    // addresses, ports, link latencies, markers
  ImFont* mono = nullptr;     // the protocol dialog and message source
  ImFont* caption = nullptr;  // the lesson's captions, large
  ImFont* clock = nullptr;    // the virtual clock on the map
  std::string own_dir;        // fonts of our own, used when the system has none
  std::string japanese_file;  // "" when no Japanese font was found
  // Glyph ranges must live as long as the atlas.
  ImVector<ImWchar> full_ranges, text_ranges;
  // Whether the smaller fonts were built with this code point.
  bool covers(unsigned c) const {
    for (int i = 0; i + 1 < text_ranges.Size && text_ranges[i]; i += 2)
      if (c >= text_ranges[i] && c <= text_ranges[i + 1]) return true;
    return false;
  }
};

// Clears the atlas and loads every font at `scale`. `texts`: strings whose glyphs the smaller fonts
// need (UI strings, explanations, the scenario's texts and the trace); the UI font gets all of
// Japanese. Call before the renderer (re)creates the font texture.
void load_fonts(Fonts& fonts, float scale, const std::vector<std::string>& texts);

}  // namespace mailsim::gui
