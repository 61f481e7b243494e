#pragma once
// While the app writes its layout (--dump-layout), each window says where it drew what: items go
// into App::dump (nothing happens when it is null, which is always but for that run).
#include <string>

#include <imgui.h>

#include "viz/model/layout_dump.hpp"
#include "viz/model/strings.hpp"

namespace mailsim::gui {

class App;

// The English title of a window, as the dump names it.
const char* window_name(viz::Str title);

// An item to record: Record("clock", W).text(t), Record(h.name, W, viz::ItemKind::Host).
struct Record {
  Record(std::string name, const char* window, viz::ItemKind kind = viz::ItemKind::Label) {
    item.name = std::move(name);
    item.window = window;
    item.kind = kind;
  }
  Record& of(std::string host) { return item.of = std::move(host), *this; }
  Record& text(std::string t) { return item.text = std::move(t), *this; }
  Record& scrolls() { return item.scrolls = true, *this; }
  Record& rows(int n) { return item.rows = n, *this; }
  viz::LayoutItem item;
};

void record(App& app, ImVec2 min, ImVec2 max, Record r);
// The ImGui item just drawn (a button, a checkbox, a tab).
void record_item(App& app, const char* window, std::string name);
// The current ImGui window, as kind "window".
void record_window(App& app, viz::Str title);

}  // namespace mailsim::gui
