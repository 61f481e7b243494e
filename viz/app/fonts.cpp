#include "viz/app/fonts.hpp"

#include <cstdio>
#include <filesystem>
#include <initializer_list>

namespace mailsim::gui {
namespace {

std::string first_existing(std::initializer_list<const char*> paths) {
  for (const char* p : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec)) return p;
  }
  return {};
}

std::string find_font(const std::string& own_dir, std::initializer_list<const char*> system, const char* own_name) {
  std::string found = first_existing(system);
  if (found.empty() && !own_dir.empty()) found = first_existing({(own_dir + "/" + own_name).c_str()});
  return found;
}

// Latin, General Punctuation (— “ ” …), arrows, geometric shapes (▶ ◀ ■), math minus.
const ImWchar kLatinRanges[] = {0x0020, 0x00FF, 0x2000, 0x206F, 0x2190, 0x21FF, 0x2212, 0x2212, 0x25A0, 0x25FF, 0};

ImFont* add(const std::string& latin_file, const std::string& ja_file, float size, const ImWchar* ja_ranges) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  ImFont* font = nullptr;
  if (!latin_file.empty()) font = io.Fonts->AddFontFromFileTTF(latin_file.c_str(), size, &cfg, kLatinRanges);
  if (!ja_file.empty()) {
    // CJK glyphs are large enough not to need horizontal oversampling, which keeps the atlas small.
    ImFontConfig ja;
    ja.MergeMode = font != nullptr;
    ja.OversampleH = 1;
    ja.PixelSnapH = true;
    ImFont* f = io.Fonts->AddFontFromFileTTF(ja_file.c_str(), size, &ja, ja_ranges);
    if (!font) font = f;
  }
  if (!font) {
    cfg.SizePixels = size;
    font = io.Fonts->AddFontDefault(&cfg);
  }
  return font;
}

}  // namespace

void load_fonts(Fonts& fonts, float scale, const std::vector<std::string>& texts) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  auto find = [&](std::initializer_list<const char*> system, const char* own_name) {
    return find_font(fonts.own_dir, system, own_name);
  };
  const std::string sans = find({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}, "DejaVuSans.ttf");
  const std::string bold =
      find({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}, "DejaVuSans-Bold.ttf");
  const std::string mono =
      find({"/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"}, "DejaVuSansMono.ttf");
  const std::string mono_bold =
      find({"/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"}, "DejaVuSansMono-Bold.ttf");
  fonts.japanese_file = find({"/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
                              "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
                              "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
                              "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf"},
                             "ipaexg.ttf");
  static bool warned = false;
  if (fonts.japanese_file.empty() && !warned) {
    std::fprintf(stderr, "mailsim-gui: no Japanese font found (install fonts-ipaexfont-gothic); "
                         "Japanese text will show as boxes\n");
    warned = true;
  }

  ImFontGlyphRangesBuilder text;
  text.AddRanges(kLatinRanges);
  for (const auto& s : texts) text.AddText(s.data(), s.data() + s.size());
  fonts.text_ranges.clear();
  text.BuildRanges(&fonts.text_ranges);
  ImFontGlyphRangesBuilder full;
  full.AddRanges(io.Fonts->GetGlyphRangesJapanese());
  full.AddRanges(fonts.text_ranges.Data);  // punctuation, arrows, and any rarer kanji the lesson uses
  fonts.full_ranges.clear();
  full.BuildRanges(&fonts.full_ranges);

  const std::string& ja = fonts.japanese_file;
  fonts.ui = add(sans, ja, 18 * scale, fonts.full_ranges.Data);
  fonts.bold = add(bold, ja, 17 * scale, fonts.text_ranges.Data);
  fonts.small = add(sans, ja, 14 * scale, fonts.text_ranges.Data);
  fonts.mono = add(mono, ja, 16 * scale, fonts.text_ranges.Data);
  fonts.caption = add(sans, ja, 25 * scale, fonts.text_ranges.Data);
  fonts.clock = add(mono_bold.empty() ? mono : mono_bold, "", 24 * scale, nullptr);
  io.FontDefault = fonts.ui;
  io.Fonts->Build();
}

}  // namespace mailsim::gui
