#pragma once
// The window, the OpenGL context and the ImGui backends (GLFW + OpenGL 3.3 core).
// A key pressed and released between two frames still counts as pressed for one frame (ImGui 1.86
// keeps only whether a key is down when the frame starts): presentation remotes and xdotool tap
// keys faster than a frame, and a quick Ctrl+O must still have Ctrl down with the O.
#include <string>
#include <vector>

struct GLFWwindow;

namespace mailsim::gui {

class Platform {
 public:
  Platform() = default;
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;
  ~Platform();

  // Opens the window and sets up ImGui; false (with a message on stderr) when that fails.
  bool open(int width, int height, const std::string& title);
  bool should_close() const;
  // Polls input (or waits up to `wait` seconds for some) and starts an ImGui frame.
  void new_frame(double wait = 0);
  // While on, ImGui does not see the mouse (pictures of the window show no hover and no tooltip).
  void ignore_mouse(bool on) { ignore_mouse_ = on; }
  // While set (not 0x0), ImGui lays its frames out for this size instead of the window's: the layout
  // dump measures sizes the screen may not have, without drawing.
  void force_size(int width, int height) { forced_w_ = width, forced_h_ = height; }
  // Renders the ImGui frame into the back buffer (without presenting it); with `draw` false the
  // frame only ends (nothing reaches the GPU).
  void render(unsigned clear_rgba, bool draw = true);
  // The back buffer as RGBA rows, top row first (call after render(), before present()).
  std::vector<unsigned char> read_pixels(int& width, int& height) const;
  void present();
  // Waits until the GPU has drawn everything (for timing).
  void finish();
  void set_vsync(bool on);
  void toggle_fullscreen();
  // After the font atlas changed: upload it again.
  void reload_fonts();
  void set_title(const std::string& title);
  // The window's icon from a PNG (taskbars, window lists); false when it cannot be read.
  bool set_icon(const std::string& png);
  double time() const;

 private:
  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;
  bool ignore_mouse_ = false;
  int forced_w_ = 0, forced_h_ = 0;
  std::vector<int> key_events_;  // since the last frame: key pressed, -1 - key released (see new_frame)
  std::vector<int> forced_down_; // keys held down for one frame though already released
  int windowed_[4] = {0, 0, 0, 0};  // x, y, w, h before going full screen
};

// Writes RGBA pixels as a PNG (rows top first); false on failure.
bool write_png(const std::string& path, int width, int height, const std::vector<unsigned char>& rgba);

}  // namespace mailsim::gui
