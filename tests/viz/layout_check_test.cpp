// The layout test's rules (viz::check_layout) catch what they are meant to catch: each rule broken
// on its own in an otherwise sound layout is reported, and the sound layout passes.
#include <doctest/doctest.h>

#include "viz/model/contrast.hpp"
#include "viz/model/layout_dump.hpp"

using namespace mailsim::viz;

namespace {

LayoutItem item(ItemKind k, std::string name, Rect r, std::string window = "Network", std::string of = {}) {
  LayoutItem i;
  i.kind = k;
  i.name = std::move(name);
  i.rect = r;
  i.window = k == ItemKind::Window ? "" : std::move(window);
  i.of = std::move(of);
  return i;
}

// A 1280x720 screen: the map on the left with two hosts and their labels and a caption, the dialog
// and the timeline beside and under it.
LayoutDump sound() {
  LayoutDump d;
  d.width = 1280;
  d.height = 720;
  d.items = {item(ItemKind::Window, "Network", {0, 20, 800, 500}),
             item(ItemKind::Window, "Dialog", {800, 20, 480, 700}),
             item(ItemKind::Window, "Timeline", {0, 520, 800, 200}),
             item(ItemKind::Host, "a.example", {100, 100, 50, 50}),
             item(ItemKind::Label, "a.example", {80, 155, 90, 20}, "Network", "a.example"),
             item(ItemKind::Host, "b.example", {400, 100, 50, 50}),
             item(ItemKind::Label, "b.example", {380, 155, 90, 20}, "Network", "b.example"),
             item(ItemKind::Label, "latency a.example - b.example", {250, 100, 40, 14}),
             item(ItemKind::Caption, "caption", {10, 400, 780, 110}),
             item(ItemKind::Label, "time", {810, 100, 60, 14}, "Dialog"),
             item(ItemKind::Label, "C:/S:", {875, 100, 20, 14}, "Dialog")};
  LayoutItem now = item(ItemKind::Label, "scrub: now", {100, 600, 60, 14}, "Timeline");
  now.text = "0:12.000";
  LayoutItem end = item(ItemKind::Label, "scrub: end", {700, 600, 60, 14}, "Timeline");
  end.text = "1:00.000";
  LayoutItem list = item(ItemKind::Label, "event list", {10, 630, 780, 80}, "Timeline");
  list.rows = 3;
  d.items.push_back(now);
  d.items.push_back(end);
  d.items.push_back(list);
  return d;
}

bool reports(const std::vector<std::string>& problems, const std::string& part) {
  for (const auto& p : problems)
    if (p.find(part) != std::string::npos) return true;
  return false;
}

LayoutItem& find(LayoutDump& d, const std::string& name) {
  for (auto& i : d.items)
    if (i.name == name) return i;
  throw std::logic_error("no item " + name);
}

}  // namespace

TEST_CASE("layout rules: a sound layout passes, and survives a JSON round trip") {
  CHECK(check_layout(sound(), {}).empty());
  const auto back = layouts_from_json(to_json(sound()));
  REQUIRE(back.size() == 1);
  CHECK(back[0].items.size() == sound().items.size());
  CHECK(check_layout(back[0], {}).empty());
  nlohmann::json many;
  many["layouts"] = {to_json(sound()), to_json(sound())};
  CHECK(layouts_from_json(many).size() == 2);
}

TEST_CASE("layout rules: two host names on each other") {
  LayoutDump d = sound();
  find(d, "b.example").rect.x = 120;  // the host icon
  d.items[6].rect.x = 120;            // its label onto a.example's
  const auto p = check_layout(d, {});
  CHECK(reports(p, "label \"a.example\" in Network [80, 155, 90, 20] overlaps label \"b.example\""));
  CHECK(reports(p, "host \"a.example\" in Network [100, 100, 50, 50] overlaps host \"b.example\""));
}

TEST_CASE("layout rules: a name between two icons, nearer to the other host's") {
  // b.example straight under a.example, and a.example's name moved down against b's icon: it reads
  // as b's (open-relay-spam's router.school.example under relay.school.example did).
  LayoutDump d = sound();
  find(d, "b.example").rect = {100, 200, 50, 50};
  d.items[6].rect = {80, 255, 90, 20};
  CHECK(check_layout(d, {}).empty());  // each name under its own icon
  d.items[4].rect = {80, 185, 90, 12};  // a's name 35 px under its icon, 3 px over b's
  CHECK(reports(check_layout(d, {}), "the label of host \"a.example\" in Network [100, 100, 50, 50] [80, 185, 90, 12] is nearer to host \"b.example\""));
}

TEST_CASE("layout rules: a latency label under a name, a label over an icon, a host without a name") {
  LayoutDump d = sound();
  find(d, "latency a.example - b.example").rect = {100, 160, 40, 14};
  CHECK(reports(check_layout(d, {}), "label \"a.example\" in Network [80, 155, 90, 20] overlaps label \"latency"));
  d = sound();
  find(d, "latency a.example - b.example").rect = {110, 110, 40, 14};
  CHECK(reports(check_layout(d, {}), "covers host \"a.example\""));
  d = sound();
  d.items.erase(d.items.begin() + 4);
  CHECK(reports(check_layout(d, {}), "host \"a.example\" in Network [100, 100, 50, 50] has no name label"));
}

TEST_CASE("layout rules: the caption squeezing the map under 40% of the height") {
  LayoutDump d = sound();
  find(d, "caption").rect = {10, 230, 780, 280};  // 500 - 280 = 220 of 720: 30.6%
  CHECK(reports(check_layout(d, {}), "the map keeps 30.6% of the window's height (less than 40%)"));
}

TEST_CASE("layout rules: text leaving its window, at the sides even when it scrolls") {
  LayoutDump d = sound();
  find(d, "C:/S:").rect.x = 1275;
  CHECK(reports(check_layout(d, {}), "label \"C:/S:\" in Dialog [1275, 100, 20, 14] leaves its window"));
  d = sound();
  find(d, "C:/S:").rect.y = 900;  // below the window: only a row scrolled out of sight may
  CHECK(reports(check_layout(d, {}), "leaves its window"));
  find(d, "C:/S:").scrolls = true;
  CHECK(check_layout(d, {}).empty());
  find(d, "C:/S:").rect.x = 1275;
  CHECK(reports(check_layout(d, {}), "leaves its window"));
}

TEST_CASE("layout rules: a dialog time over its C:/S: mark, the scrub bar's time twice, a short list") {
  LayoutDump d = sound();
  find(d, "time").rect.w = 80;  // "15:10.586" runs into the mark at 875
  CHECK(reports(check_layout(d, {}), "label \"time\" in Dialog [810, 100, 80, 14] overlaps label \"C:/S:\""));
  d = sound();
  find(d, "scrub: now").text = "1:00.000";
  CHECK(reports(check_layout(d, {}), "the scrub bar shows 1:00.000 twice"));
  LayoutRules rules;
  rules.min_list_rows = 6;
  CHECK(reports(check_layout(sound(), rules), "has room for 3 rows, fewer than 6"));
}

TEST_CASE("layout rules: windows off the screen or on each other") {
  LayoutDump d = sound();
  find(d, "Dialog").rect.w = 600;
  CHECK(reports(check_layout(d, {}), "window \"Dialog\" [800, 20, 600, 700] leaves the screen"));
  d = sound();
  find(d, "Timeline").rect.y = 400;
  CHECK(reports(check_layout(d, {}), "window \"Timeline\" [0, 400, 800, 200] overlaps window \"Network\""));
}

TEST_CASE("WCAG contrast: the reference values") {
  CHECK(relative_luminance(0xffffff) == doctest::Approx(1.0));
  CHECK(relative_luminance(0x000000) == doctest::Approx(0.0));
  CHECK(contrast_ratio(0x000000, 0xffffff) == doctest::Approx(21.0));
  CHECK(contrast_ratio(0xffffff, 0x000000) == doctest::Approx(21.0));
  CHECK(contrast_ratio(0x777777, 0xffffff) == doctest::Approx(4.48).epsilon(0.002));  // the classic near miss
  CHECK(contrast_ratio(0x767676, 0xffffff) == doctest::Approx(4.54).epsilon(0.002));
  CHECK(over({0x000000, 128}, 0xffffff) == 0x7f7f7f);
  CHECK(over({0x123456, 255}, 0xffffff) == 0x123456);
  CHECK(over({0x123456, 0}, 0xabcdef) == 0xabcdef);
}
