#include "viz/app/wrap.hpp"

#include <cstring>

#include <imgui_internal.h>  // ImTextCharFromUtf8

namespace mailsim::gui {
namespace {

unsigned decode(const char*& p, const char* end) {
  unsigned c = 0;
  const int n = ImTextCharFromUtf8(&c, p, end);
  p += n > 0 ? n : 1;
  return c;
}

bool is_cjk(unsigned c) { return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF); }
bool no_line_start(unsigned c) {  // closing marks stay with what they close
  static const unsigned kChars[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D, 0x300F, 0xFF1A, 0xFF1B, 0xFF01,
                                    0xFF1F, 0x30FC, 0x3063, 0x30C3, 0x3083, 0x3085, 0x3087, 0x30E3, 0x30E5, 0x30E7,
                                    0x2026, 0x201D, ')', ',', '.', ':', ';', '!', '?'};
  for (unsigned k : kChars)
    if (c == k) return true;
  return false;
}
bool no_line_end(unsigned c) {
  return c == 0xFF08 || c == 0x300C || c == 0x300E || c == 0x201C || c == '(';
}

}  // namespace

void wrap_text(const ImFont* font, float size, const char* text, const char* text_end, float width,
               std::vector<TextLine>& out) {
  out.clear();
  if (!text_end) text_end = text + std::strlen(text);
  auto measure = [&](const char* b, const char* e) { return font->CalcTextSizeA(size, FLT_MAX, 0, b, e).x; };
  const char* line_begin = text;
  float line_w = 0;
  const char* p = text;
  while (p < text_end) {
    if (*p == '\n') {
      out.push_back({line_begin, p});
      line_begin = ++p;
      line_w = 0;
      continue;
    }
    // The next unbreakable unit: one Japanese character, or a word with its trailing spaces, plus
    // any closing marks that may not start a line; an opening mark takes the next unit with it.
    const char* u = p;
    const char* q = p;
    unsigned c = decode(q, text_end);
    if (!is_cjk(c) && c != ' ') {
      for (const char* r = q; r < text_end && *r != ' ' && *r != '\n';) {
        const char* before = r;
        const unsigned d = decode(r, text_end);
        if (is_cjk(d) && !no_line_start(d)) {
          r = before;
          break;
        }
        q = r;
      }
    }
    for (const char* r = q; r < text_end;) {  // trailing spaces and closing marks
      const char* before = r;
      const unsigned d = decode(r, text_end);
      if (d == ' ' || no_line_start(d)) q = r;
      else {
        r = before;
        break;
      }
    }
    if (no_line_end(c) && q < text_end && *q != '\n') {  // "(" or "「" goes with what follows
      const char* r = q;
      const unsigned d = decode(r, text_end);
      if (is_cjk(d)) q = r;
      else
        while (r < text_end && *r != ' ' && *r != '\n') q = ++r;
    }
    const float w = measure(u, q);
    // Trailing spaces do not count when the unit ends a line.
    const char* trimmed = q;
    while (trimmed > u && trimmed[-1] == ' ') --trimmed;
    const float w_trim = measure(u, trimmed);
    if (line_w + w_trim > width && p != line_begin) {
      out.push_back({line_begin, p});
      line_begin = p;
      line_w = 0;
    }
    if (w_trim > width && p == line_begin) {  // a word wider than the line: cut it by characters
      const char* r = u;
      float acc = 0;
      while (r < q) {
        const char* next = r;
        decode(next, q);
        const float cw = measure(r, next);
        if (acc + cw > width && r != line_begin) {
          out.push_back({line_begin, r});
          line_begin = r;
          acc = 0;
        }
        acc += cw;
        r = next;
      }
      line_w = acc;
      p = q;
      continue;
    }
    line_w += w;
    p = q;
  }
  if (line_begin < text_end || out.empty()) out.push_back({line_begin, text_end});
}

void draw_lines(ImDrawList* dl, const ImFont* font, float size, ImVec2 pos, ImU32 col, const std::vector<TextLine>& lines) {
  for (const auto& l : lines) {
    const char* e = l.end;
    while (e > l.begin && e[-1] == ' ') --e;
    dl->AddText(font, size, pos, col, l.begin, e);
    pos.y += size;
  }
}

namespace {

// Where the sentence that starts at `p` ends (past its punctuation), or `end`.
const char* sentence_end(const char* p, const char* end) {
  for (; p < end; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if ((c == '.' || c == '!' || c == '?' || c == ':') && (p + 1 == end || p[1] == ' ')) return p + 1;
    // 。 is E3 80 82, ! EF BC 81, ? EF BC 9F
    if (end - p >= 3 && ((c == 0xE3 && static_cast<unsigned char>(p[1]) == 0x80 && static_cast<unsigned char>(p[2]) == 0x82) ||
                         (c == 0xEF && static_cast<unsigned char>(p[1]) == 0xBC &&
                          (static_cast<unsigned char>(p[2]) == 0x81 || static_cast<unsigned char>(p[2]) == 0x9F))))
      return p + 3;
  }
  return end;
}

}  // namespace

void paginate(const ImFont* font, float size, const char* text, const char* text_end, float width,
              std::size_t lines_per_page, std::vector<TextLine>& out) {
  out.clear();
  if (lines_per_page == 0) return;
  static std::vector<TextLine> lines;
  const char* p = text;
  while (p < text_end) {
    while (p < text_end && *p == ' ') ++p;
    if (p == text_end) break;
    const char* page_end = p;
    for (const char* s = sentence_end(p, text_end);; s = sentence_end(s, text_end)) {
      wrap_text(font, size, p, s, width, lines);
      if (lines.size() > lines_per_page) break;
      page_end = s;
      if (s == text_end) break;
    }
    if (page_end == p) {  // one sentence longer than a page: the lines that fit, the rest on the next
      wrap_text(font, size, p, text_end, width, lines);
      page_end = lines[std::min(lines_per_page, lines.size()) - 1].end;
      if (page_end <= p) return;  // nothing fits, not even a word
    }
    out.push_back({p, page_end});
    p = page_end;
  }
}

}  // namespace mailsim::gui
