#pragma once
// The app's layout as data: every window, host, label, caption and packet with its box in pixels,
// written by `mailsim-gui --dump-layout FILE.json` (docs/teacher-guide.md) and checked by tests.
//
//   {"size": [w, h], "scale": 1.5, "layout": "classroom", "lang": "en", "at": 12000000,
//    "items": [{"kind": "window", "name": "Network", "rect": [x, y, w, h]},
//              {"kind": "host", "name": "mx.home.example", "window": "Network", "rect": [...]},
//              {"kind": "label", "name": "mx.home.example", "of": "mx.home.example", ...}, ...]}
//
// Windows are named by their English title. Every other item names the window it is drawn in;
// "of" ties a label (name, badge) to its host; "scrolls" marks an item inside a scrolled region,
// which may leave its window at the top or bottom but never at the sides; "text" is what it shows;
// "rows" how many rows a list has room for. Several layouts in one file:
// {"layouts": [{...}, {...}]}.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/kernel/time.hpp"
#include "viz/model/geometry.hpp"

namespace mailsim::viz {

enum class ItemKind { Window, Host, Label, Caption, Packet };

struct LayoutItem {
  ItemKind kind = ItemKind::Label;
  std::string name;
  Rect rect;
  std::string window;  // "" for windows
  std::string of;      // a host's label or badge: the host
  std::string text;
  bool scrolls = false;
  int rows = -1;
};

struct LayoutDump {
  int width = 0, height = 0;
  float scale = 1;
  std::string layout;  // "classroom" or "projector"
  std::string lang;    // "en" or "ja"
  Time at = 0;
  std::vector<LayoutItem> items;
};

const char* to_string(ItemKind k);
nlohmann::json to_json(const LayoutDump& d);
// Reads one layout (throws nlohmann::json::exception or std::invalid_argument on a wrong shape).
LayoutDump layout_from_json(const nlohmann::json& j);
// One file: one layout, or {"layouts": [...]}.
std::vector<LayoutDump> layouts_from_json(const nlohmann::json& j);

// What a layout must hold at every size and scale (docs/teacher-guide.md, issue 14):
//  - windows inside the screen, not overlapping one another;
//  - every item inside its window (at the sides only, for an item that scrolls);
//  - the Network window, less its caption, at least `map_share` of the screen's height;
//  - no two host icons overlapping, every host with its name label;
//  - no two labels of one window overlapping, and no label over a host icon;
//  - every host's name nearer to its own icon than to any other host's;
//  - the scrub bar's "now" and "end" times never the same text twice;
//  - a list with room for at least `min_list_rows` rows where the layout has one ("rows" >= 0).
struct LayoutRules {
  float map_share = 0.4f;
  int min_list_rows = 0;
  bool uncut_captions = false;  // a caption cut short ("…") is a problem
};
// The problems found, each one line naming the items; empty when the layout holds.
std::vector<std::string> check_layout(const LayoutDump& d, const LayoutRules& rules);

}  // namespace mailsim::viz
