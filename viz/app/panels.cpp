#include "viz/app/panels.hpp"

#include <algorithm>
#include <cmath>

#include "viz/app/app.hpp"
#include "viz/app/windows.hpp"

namespace mailsim::gui {

namespace {
// Narrower than this (in unscaled pixels) the classroom's map column is no map.
constexpr float kMinMapColumn = 400;
}  // namespace

Panels arrange_panels(const App& app, viz::Vec2 pos, viz::Vec2 size, float screen_h) {
  const float s = app.scale;
  const float want = kMapShare * screen_h;
  Panels p;
  if (app.arrangement == Arrangement::Classroom) {
    const float right_w = std::floor(std::clamp(size.x * 0.37f, std::min(400 * s, size.x * 0.5f), size.x * 0.5f));
    const float left_w = size.x - right_w;
    auto map_room = [&](float map_h) { return map_h - caption_band_height(app, left_w, kMapCaptionShare * map_h); };
    float timeline_h = timeline_height(app, left_w, kListRows, false);
    p.events_in_timeline = map_room(size.y - timeline_h) >= want;
    if (p.events_in_timeline) {
      // Room to spare goes to the list, as long as the map keeps its share.
      const float roomier = std::max(timeline_h, std::floor(size.y * 0.34f));
      if (map_room(size.y - roomier) >= want) timeline_h = roomier;
    } else {
      timeline_h = timeline_height(app, left_w, -1, false);
      if (map_room(size.y - timeline_h) < want) {
        p.bar = true;
        timeline_h = timeline_height(app, left_w, -1, true);
      }
    }
    if (map_room(size.y - timeline_h) >= want && left_w >= kMinMapColumn * s) {
      const float dialog_h = std::floor(size.y * (p.events_in_timeline ? 0.57f : 0.52f));
      p.map = {pos.x, pos.y, left_w, size.y - timeline_h};
      p.timeline = {pos.x, pos.y + size.y - timeline_h, left_w, timeline_h};
      p.dialog = {pos.x + left_w, pos.y, right_w, dialog_h};
      p.inspector = {pos.x + left_w, pos.y + dialog_h, right_w, size.y - dialog_h};
      return p;
    }
    p.forced = true;
  }
  p.projector = true;
  p.events_in_timeline = false;
  p.bar = true;
  const float bar = timeline_height(app, size.x, -1, true, true);
  // The caption the whole width: a projector's caption is read from the back of the room.
  // A question in its place takes the same share (more squeezes a crowded map's labels at 1024x768,
  // scale 2); it is set smaller to fit.
  const float caption = std::max(caption_band_height(app, size.x, size.y * kProjectorCaptionShare),
                                 quiz_band_height(app, size.x, size.y * kProjectorCaptionShare));
  const float top_h = size.y - bar - caption;
  const float dialog_w = std::floor(std::clamp(size.x * 0.36f, std::min(300 * s, size.x * 0.4f), size.x * 0.42f));
  p.map = {pos.x, pos.y, size.x - dialog_w, top_h};
  p.dialog = {pos.x + size.x - dialog_w, pos.y, dialog_w, top_h};
  p.caption = {pos.x, pos.y + top_h, size.x, caption};
  p.timeline = {pos.x, pos.y + size.y - bar, size.x, bar};
  return p;
}

}  // namespace mailsim::gui
