// The question on screen (viz/model/quiz.hpp), drawn where the caption is: the band under the map,
// or the projector's caption window, grown for it as far as the map's share allows. Big type, read
// from the back of the room: the question, the choices numbered 1-4 in two columns, the tally and
// what the keys do; once revealed, the right choice marked and the explanation.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "viz/app/app.hpp"
#include "viz/app/record.hpp"
#include "viz/app/theme.hpp"
#include "viz/app/windows.hpp"
#include "viz/app/wrap.hpp"

namespace mailsim::gui {

namespace {

using viz::Str;

struct QuizBox {
  float margin_x, margin_y, pad;
};
QuizBox quiz_box(float s) { return {10 * s, 6 * s, 14 * s}; }
constexpr float kSmallest = 0.5f;  // of the caption font's size

// Where everything goes at text size `size`, `width` wide; `height` is what it needs.
struct QuizPlan {
  float size = 0, height = 0, head_h = 0, cell_h = 0, cell_w = 0, gap = 0;
  int columns = 1;
  std::vector<TextLine> question, explanation;
  std::vector<std::vector<TextLine>> choices;
};

void plan_quiz(const App& app, const viz::QuizQuestion& q, bool revealed, float width, float size, QuizPlan& p) {
  ImFont* f = app.fonts.caption;
  const QuizBox b = quiz_box(app.scale);
  const float inner = width - 2 * (b.margin_x + b.pad);
  p.size = size;
  p.gap = 0.4f * size;
  p.head_h = app.fonts.ui->FontSize * 1.3f;
  const std::string& text = viz::pick(q.question, app.lang);
  wrap_text(f, size, text.c_str(), text.c_str() + text.size(), inner, p.question);
  // Two columns when every choice fits on one line of half the width (short answers: "250",
  // host names), else one.
  const float number_w = f->CalcTextSizeA(size * 0.9f, FLT_MAX, 0, "4 ").x + p.gap;
  float widest = 0;
  for (const auto& c : q.choices) {
    const std::string& t = viz::pick(c, app.lang);
    widest = std::max(widest, f->CalcTextSizeA(size * 0.9f, FLT_MAX, 0, t.c_str(), t.c_str() + t.size()).x);
  }
  const int columns = p.columns = (inner - p.gap) / 2 - number_w - 2 * p.gap >= widest ? 2 : 1;
  p.cell_w = (inner - p.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  p.choices.resize(q.choices.size());
  std::size_t most = 1;
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    const std::string& c = viz::pick(q.choices[i], app.lang);
    wrap_text(f, size * 0.9f, c.c_str(), c.c_str() + c.size(), p.cell_w - number_w - 2 * p.gap, p.choices[i]);
    most = std::max(most, p.choices[i].size());
  }
  p.cell_h = static_cast<float>(most) * size * 0.9f + p.gap;
  const std::size_t rows = (q.choices.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
  p.explanation.clear();
  float ex_h = 0;
  if (revealed) {
    const std::string& ex = viz::pick(q.explanation, app.lang);
    if (!ex.empty()) wrap_text(f, size * 0.8f, ex.c_str(), ex.c_str() + ex.size(), inner, p.explanation);
    ex_h = p.explanation.empty() ? 0 : p.gap + wrapped_height(size * 0.8f, p.explanation);
  }
  p.height = 2 * (b.margin_y + b.pad) + p.head_h + wrapped_height(size, p.question) + p.gap +
             static_cast<float>(rows) * (p.cell_h + p.gap) + ex_h;
}

// The largest size from the caption font's down that fits `height`; when even the smallest does
// not, without the explanation (the right choice still shows which it is).
void fit_quiz(const App& app, const viz::QuizQuestion& q, bool revealed, float width, float height, QuizPlan& p) {
  const float full = app.fonts.caption->FontSize;
  for (bool explain : {revealed, false})
    for (float size = full;; size *= 0.92f) {
      plan_quiz(app, q, explain, width, size, p);
      if (p.height <= height) return;
      if (size * 0.92f < full * kSmallest) break;
    }
}

bool clicked_in(ImVec2 a, ImVec2 z) {
  if (!ImGui::IsMouseClicked(ImGuiMouseButton_Left) || !ImGui::IsWindowHovered()) return false;
  const ImVec2 m = ImGui::GetIO().MousePos;
  return m.x >= a.x && m.x < z.x && m.y >= a.y && m.y < z.y;
}

}  // namespace

float quiz_band_height(const App& app, float width, float max_height) {
  if (!app.quiz.open) return 0;
  static QuizPlan p;
  fit_quiz(app, app.quiz.quiz.questions()[*app.quiz.open], true, width, max_height, p);
  return std::floor(std::min(p.height, max_height));
}

void quiz_overlay(App& app, ImDrawList* dl, ImVec2 min, ImVec2 max, const char* window) {
  const std::size_t index = *app.quiz.open;
  const viz::QuizQuestion& q = app.quiz.quiz.questions()[index];
  const Theme& th = theme(app.dark);
  const float s = app.scale;
  const QuizBox b = quiz_box(s);
  const ImVec2 box_min(min.x + b.margin_x, min.y + b.margin_y), box_max(max.x - b.margin_x, max.y - b.margin_y);
  static QuizPlan p;
  fit_quiz(app, q, app.quiz.revealed, max.x - min.x, max.y - min.y, p);
  ImFont* f = app.fonts.caption;
  ImFont* ui = app.fonts.ui;
  dl->AddRectFilled(box_min, box_max, th.caption_bg, 8 * s);
  dl->AddRect(box_min, box_max, th.caption_marker, 8 * s, 0, 3 * s);
  record(app, box_min, box_max, Record("quiz", window, viz::ItemKind::Caption).text(viz::pick(q.question, app.lang)));
  const float x0 = box_min.x + b.pad;
  float y = box_min.y + b.pad;
  // The head: which question, the tally, the keys.
  char head[160];
  std::snprintf(head, sizeof head, app.tr(Str::QuizHead), static_cast<int>(index + 1),
                static_cast<int>(app.quiz.quiz.questions().size()), app.quiz.quiz.right(), app.quiz.quiz.answered());
  dl->AddText(ui, ui->FontSize, ImVec2(x0, y), th.caption_marker, head);
  record(app, ImVec2(x0, y), ImVec2(x0 + ui->CalcTextSizeA(ui->FontSize, FLT_MAX, 0, head).x, y + ui->FontSize),
         Record("quiz head", window).text(head));
  const char* keys = app.tr(app.quiz.revealed ? Str::QuizKeysRevealed : Str::QuizKeys);
  const float keys_w = ui->CalcTextSizeA(ui->FontSize, FLT_MAX, 0, keys).x;
  const ImVec2 keys_at(box_max.x - b.pad - keys_w, y);
  if (keys_at.x > x0 + ui->CalcTextSizeA(ui->FontSize, FLT_MAX, 0, head).x + 12 * s) {
    dl->AddText(ui, ui->FontSize, keys_at, th.caption_text, keys);
    record(app, keys_at, ImVec2(keys_at.x + keys_w, y + ui->FontSize), Record("quiz keys", window).text(keys));
    if (clicked_in(keys_at, ImVec2(keys_at.x + keys_w, y + ui->FontSize))) {
      if (!app.quiz.revealed) {
        app.quiz.revealed = true;
      } else {
        app.quiz.open.reset();
        app.play.playing = true;
        return;
      }
    }
  }
  y += p.head_h;
  draw_lines(dl, f, p.size, ImVec2(x0, y), th.caption_text, p.question);
  y += wrapped_height(p.size, p.question) + p.gap;
  const std::optional<std::size_t> given = app.quiz.quiz.answer_given(index);
  const int columns = p.columns;
  for (std::size_t i = 0; i < q.choices.size(); ++i) {
    const float cx = x0 + static_cast<float>(static_cast<int>(i) % columns) * (p.cell_w + p.gap);
    const float cy = y + static_cast<float>(static_cast<int>(i) / columns) * (p.cell_h + p.gap);
    const ImVec2 a(cx, cy), z(cx + p.cell_w, cy + p.cell_h);
    if (z.y > box_max.y) break;  // only where even the smallest type does not fit
    const bool right = app.quiz.revealed && i == q.answer;
    const bool chosen = given && *given == i;
    dl->AddRectFilled(a, z, right ? th.reply[0] : with_alpha(th.caption_text, 0.08f), 6 * s);
    if (chosen) dl->AddRect(a, z, app.quiz.revealed && !right ? th.reply[3] : th.caption_marker, 6 * s, 0, 3 * s);
    char number[4];
    std::snprintf(number, sizeof number, "%d", static_cast<int>(i + 1));
    const ImU32 ink = right ? th.text_on_accent : th.caption_text;
    dl->AddText(f, p.size * 0.9f, ImVec2(cx + p.gap, cy + p.gap / 2), ink, number);
    const float number_w = f->CalcTextSizeA(p.size * 0.9f, FLT_MAX, 0, "4 ").x + p.gap;
    draw_lines(dl, f, p.size * 0.9f, ImVec2(cx + number_w + p.gap, cy + p.gap / 2), ink, p.choices[i]);
    record(app, a, z, Record("quiz choice " + std::string(number), window).text(viz::pick(q.choices[i], app.lang)));
    if (clicked_in(a, z)) app.quiz.quiz.record(index, i);
  }
  const std::size_t rows = (q.choices.size() + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns);
  y += static_cast<float>(rows) * (p.cell_h + p.gap);
  if (app.quiz.revealed && !p.explanation.empty() && y + wrapped_height(p.size * 0.8f, p.explanation) <= box_max.y) {
    draw_lines(dl, f, p.size * 0.8f, ImVec2(x0, y), th.caption_text, p.explanation);
    record(app, ImVec2(x0, y), ImVec2(box_max.x - b.pad, y + wrapped_height(p.size * 0.8f, p.explanation)),
           Record("quiz explanation", window).text(viz::pick(q.explanation, app.lang)));
  }
}

}  // namespace mailsim::gui
