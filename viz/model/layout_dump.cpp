#include "viz/model/layout_dump.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace mailsim::viz {

namespace {

constexpr const char* kKinds[] = {"window", "host", "label", "caption", "packet"};

// Edges are drawn at fractional pixels; a rounding's worth of overlap or overhang is no defect.
constexpr float kSlack = 0.75f;

std::string describe(const LayoutItem& i) {
  char buf[96];
  std::snprintf(buf, sizeof buf, " [%.0f, %.0f, %.0f, %.0f]", i.rect.x, i.rect.y, i.rect.w, i.rect.h);
  return std::string(to_string(i.kind)) + " \"" + i.name + "\"" + (i.window.empty() ? "" : " in " + i.window) + buf;
}

}  // namespace

const char* to_string(ItemKind k) { return kKinds[static_cast<int>(k)]; }

nlohmann::json to_json(const LayoutDump& d) {
  nlohmann::json items = nlohmann::json::array();
  auto px = [](float v) { return std::round(v * 10) / 10; };  // a tenth of a pixel is plenty
  for (const auto& i : d.items) {
    nlohmann::json j = {{"kind", to_string(i.kind)},
                        {"name", i.name},
                        {"rect", {px(i.rect.x), px(i.rect.y), px(i.rect.w), px(i.rect.h)}}};
    if (!i.window.empty()) j["window"] = i.window;
    if (!i.of.empty()) j["of"] = i.of;
    if (!i.text.empty()) j["text"] = i.text;
    if (i.scrolls) j["scrolls"] = true;
    if (i.rows >= 0) j["rows"] = i.rows;
    items.push_back(std::move(j));
  }
  return {{"size", {d.width, d.height}}, {"scale", d.scale}, {"layout", d.layout}, {"lang", d.lang},
          {"at", d.at},                     {"items", items}};
}

LayoutDump layout_from_json(const nlohmann::json& j) {
  LayoutDump d;
  d.width = j.at("size").at(0).get<int>();
  d.height = j.at("size").at(1).get<int>();
  d.scale = j.value("scale", 1.0f);
  d.layout = j.value("layout", std::string());
  d.lang = j.value("lang", std::string());
  d.at = j.value("at", Time{0});
  for (const auto& ji : j.at("items")) {
    LayoutItem i;
    const std::string kind = ji.at("kind").get<std::string>();
    bool known = false;
    for (int k = 0; k < 5; ++k)
      if (kind == kKinds[k]) {
        i.kind = static_cast<ItemKind>(k);
        known = true;
      }
    if (!known) throw std::invalid_argument("unknown item kind \"" + kind + "\"");
    i.name = ji.at("name").get<std::string>();
    const auto& r = ji.at("rect");
    i.rect = {r.at(0).get<float>(), r.at(1).get<float>(), r.at(2).get<float>(), r.at(3).get<float>()};
    i.window = ji.value("window", std::string());
    i.of = ji.value("of", std::string());
    i.text = ji.value("text", std::string());
    i.scrolls = ji.value("scrolls", false);
    i.rows = ji.value("rows", -1);
    d.items.push_back(std::move(i));
  }
  return d;
}

std::vector<LayoutDump> layouts_from_json(const nlohmann::json& j) {
  std::vector<LayoutDump> out;
  if (j.contains("layouts"))
    for (const auto& l : j.at("layouts")) out.push_back(layout_from_json(l));
  else
    out.push_back(layout_from_json(j));
  return out;
}

std::vector<std::string> check_layout(const LayoutDump& d, const LayoutRules& rules) {
  std::vector<std::string> problems;
  const Rect screen{0, 0, static_cast<float>(d.width), static_cast<float>(d.height)};
  std::map<std::string, const LayoutItem*> windows;
  std::vector<const LayoutItem*> hosts, labels;
  for (const auto& i : d.items) {
    if (i.kind == ItemKind::Window) {
      if (!screen.contains(i.rect, kSlack)) problems.push_back(describe(i) + " leaves the screen");
      for (const auto& [name, w] : windows)
        if (w->rect.overlaps(i.rect, kSlack)) problems.push_back(describe(i) + " overlaps " + describe(*w));
      windows[i.name] = &i;
    }
    if (i.kind == ItemKind::Host) hosts.push_back(&i);
    if (i.kind == ItemKind::Label) labels.push_back(&i);
  }
  for (const auto& i : d.items) {
    if (i.kind == ItemKind::Window) continue;
    const auto w = windows.find(i.window);
    if (w == windows.end()) {
      problems.push_back(describe(i) + ": no such window");
      continue;
    }
    const bool inside = i.scrolls ? w->second->rect.contains_x(i.rect, kSlack) : w->second->rect.contains(i.rect, kSlack);
    if (!inside) problems.push_back(describe(i) + " leaves its window " + describe(*w->second));
    if (i.rows >= 0 && i.rows < rules.min_list_rows)
      problems.push_back(describe(i) + " has room for " + std::to_string(i.rows) + " rows, fewer than " +
                         std::to_string(rules.min_list_rows));
  }
  // The map: its window less the caption under it.
  if (const auto m = windows.find("Network"); m != windows.end()) {
    float caption = 0;
    for (const auto& i : d.items)
      if (i.kind == ItemKind::Caption && i.window == "Network") caption += i.rect.h;
    const float share = (m->second->rect.h - caption) / static_cast<float>(d.height);
    if (share + 1e-4f < rules.map_share) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "the map keeps %.1f%% of the window's height (less than %.0f%%)", share * 100,
                    rules.map_share * 100);
      problems.emplace_back(buf);
    }
  } else {
    problems.emplace_back("no Network window");
  }
  for (std::size_t a = 0; a < hosts.size(); ++a) {
    for (std::size_t b = a + 1; b < hosts.size(); ++b)
      if (hosts[a]->rect.overlaps(hosts[b]->rect, kSlack))
        problems.push_back(describe(*hosts[a]) + " overlaps " + describe(*hosts[b]));
    bool named = false;
    for (const auto* l : labels) named = named || (l->of == hosts[a]->name && l->name == hosts[a]->name);
    if (!named) problems.push_back(describe(*hosts[a]) + " has no name label");
  }
  // A host's label block (its name, address and status lines, read together) is its own: no other
  // host's icon is nearer to it than its own.
  for (const auto* h : hosts) {
    Rect block;
    for (const auto* l : labels)
      if (l->of == h->name && l->window == h->window)
        block = block.empty() ? l->rect : Rect::from_corners({std::min(block.x, l->rect.x), std::min(block.y, l->rect.y)},
                                                            {std::max(block.right(), l->rect.right()),
                                                             std::max(block.bottom(), l->rect.bottom())});
    if (block.empty()) continue;
    const float mine = distance(block, h->rect);
    for (const auto* o : hosts)
      if (o != h && o->window == h->window && distance(block, o->rect) + 0.5f < mine) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " [%.0f, %.0f, %.0f, %.0f]", block.x, block.y, block.w, block.h);
        problems.push_back("the label of " + describe(*h) + buf + " is nearer to " + describe(*o) + " than to its own host");
      }
  }
  for (std::size_t a = 0; a < labels.size(); ++a) {
    for (std::size_t b = a + 1; b < labels.size(); ++b)
      if (labels[a]->window == labels[b]->window && labels[a]->rect.overlaps(labels[b]->rect, kSlack))
        problems.push_back(describe(*labels[a]) + " overlaps " + describe(*labels[b]));
    for (const auto* h : hosts)
      if (h->window == labels[a]->window && labels[a]->rect.overlaps(h->rect, kSlack))
        problems.push_back(describe(*labels[a]) + " covers " + describe(*h));
  }
  // A caption too long for its band at the smallest size it may take is cut with "…".
  for (const auto& i : d.items)
    if (rules.uncut_captions && i.name == "caption cut") {
      std::size_t n = std::min<std::size_t>(60, i.text.size());
      while (n > 0 && n < i.text.size() && (static_cast<unsigned char>(i.text[n]) & 0xC0) == 0x80) --n;  // whole UTF-8 characters
      problems.push_back("the caption \"" + i.text.substr(0, n) + "…\" is cut in " + i.window);
    }
  const LayoutItem *now = nullptr, *end = nullptr;
  for (const auto* l : labels) {
    if (l->name == "scrub: now") now = l;
    if (l->name == "scrub: end") end = l;
  }
  if (now && end && now->text == end->text) problems.push_back("the scrub bar shows " + now->text + " twice");
  return problems;
}

}  // namespace mailsim::viz
