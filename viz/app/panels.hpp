#pragma once
// Where the app's windows go: the classroom arrangement (map and timeline on the left, dialog and
// inspector on the right) or the projector one (map and caption, dialog, a bar of big controls).
// Recomputed every frame from the window's size, the UI scale and what the windows need, so that
// at any size and scale the map keeps its room (at least 40% of the height, tested with
// --dump-layout) and every row of controls fits its window.
//
// The classroom arrangement gives up room in steps, the map's last:
//  1. the event list under the timeline's controls, with room for kListRows rows;
//  2. the event list as the inspector's first tab (taller there), the controls over the scrub bar;
//  3. the projector's one-row bar of big controls instead of the timeline (the speed and quiet-time
//     settings are in the View menu in every arrangement);
//  4. when even that leaves the map too little room, or too narrow a column (a small window at a
//     large scale), the projector arrangement, and the View menu says why.
#include "viz/model/geometry.hpp"

namespace mailsim::gui {

class App;

struct Panels {
  bool projector = false;          // the projector arrangement is on show
  bool forced = false;             // ... because the classroom one does not fit this window
  bool events_in_timeline = true;  // else in the inspector's Events tab (classroom only)
  bool bar = false;                // the timeline is the one-row bar of big controls
  viz::Rect map, dialog, timeline, inspector;  // inspector empty in the projector arrangement
  viz::Rect caption;  // the projector's caption, the whole width under the map and the dialog;
                      // empty in the classroom arrangement (the caption is the map's bottom band)
};

// The projector's caption takes at most this share of the height.
constexpr float kProjectorCaptionShare = 0.3f;
// Rows the classroom's event list gets before it moves to the inspector.
constexpr int kListRows = 8;
// The share of the window's height the map (less its caption) is given at least, with a margin
// over the 40% the layout test demands.
constexpr float kMapShare = 0.45f;

// The arrangement for a work area at `pos` of `size` (below the menu bar) in a window `screen_h` tall.
Panels arrange_panels(const App& app, viz::Vec2 pos, viz::Vec2 size, float screen_h);

}  // namespace mailsim::gui
