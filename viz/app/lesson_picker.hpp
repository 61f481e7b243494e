#pragma once
// The lesson picker: the bundled lessons with their titles in the current language, and any lesson
// file by its path (Dear ImGui has no file dialog; a path is typed). Two ways in:
//  - File → Open lesson (Ctrl+O) in the app: a modal over the lesson on show;
//  - mailsim-gui started without a file (from the desktop menu): the start screen, the picker alone.
// Keyboard first, for a teacher at a projector: Up/Down choose, Enter opens, Ctrl+O types a path,
// L switches the language, Esc closes. The picker only chooses; main.cpp loads what was chosen and
// tells the picker when that failed (error), so the lesson on show stays until a new one loads.
#include <optional>
#include <string>
#include <vector>

#include "viz/app/fonts.hpp"
#include "viz/model/lang.hpp"
#include "sim/scenario/catalog.hpp"

namespace mailsim::gui {

class App;

struct PickerState {
  scenario::LessonCatalog catalog;
  int selected = 0;
  bool scroll_to_selected = true;
  char path[1024] = "";
  bool focus_path = false;
  std::string current;                // path of the lesson on show (marked in the list)
  std::optional<std::string> chosen;  // set by the picker; main.cpp takes it and tries to load it
  int student = 0;                    // open the chosen lesson's variant for this student (0: as written)
  std::string error;                  // why the last choice did not open
  bool open_request = false;          // File menu, Ctrl+O: open the modal on the next frame
  bool close_request = false;         // the chosen lesson loaded: close the modal
  bool showing = false;               // the modal was up in the last frame
  bool keys_ready = true;             // false in the frame the modal opens
};

// Lists the lessons of `dir` (once, at start: loading each one takes a moment) and selects `current`.
void init_picker(PickerState& p, const std::string& dir, const std::string& current);
// Texts the fonts must cover: the lessons' titles, descriptions and errors.
std::vector<std::string> picker_texts(const PickerState& p);
// The modal, drawn by App::frame each frame.
void picker_modal(App& app);
// The start screen's frame: the picker filling the main viewport. `lang`: L switches it.
void picker_screen(PickerState& p, viz::Lang& lang, const Fonts& fonts, bool dark);

}  // namespace mailsim::gui
