#include "viz/app/record.hpp"

#include <algorithm>

#include "viz/app/app.hpp"

namespace mailsim::gui {

const char* window_name(viz::Str title) { return viz::tr(title, viz::Lang::En); }

void record(App& app, ImVec2 min, ImVec2 max, Record r) {
  if (!app.dump) return;
  if (r.item.scrolls) {
    // In a scrolled region only the part inside its clip shows, at the top and bottom; at the sides
    // it stays whole, so a row too wide for its window is seen.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    min.y = std::max(min.y, dl->GetClipRectMin().y);
    max.y = std::min(max.y, dl->GetClipRectMax().y);
    if (max.y <= min.y) return;
  }
  r.item.rect = {min.x, min.y, max.x - min.x, max.y - min.y};
  app.dump->items.push_back(std::move(r.item));
}

void record_item(App& app, const char* window, std::string name) {
  if (!app.dump) return;
  record(app, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), Record(std::move(name), window));
}

void record_window(App& app, viz::Str title) {
  if (!app.dump) return;
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  record(app, p, ImVec2(p.x + s.x, p.y + s.y), Record(window_name(title), "", viz::ItemKind::Window));
}

}  // namespace mailsim::gui
