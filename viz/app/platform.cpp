#include "viz/app/platform.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdio>

#include <glad/gl.h>  // before GLFW, which then includes no GL header of its own
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image.h>
#include <stb_image_write.h>

namespace mailsim::gui {

namespace {
void glfw_error(int code, const char* text) { std::fprintf(stderr, "mailsim-gui: GLFW error %d: %s\n", code, text); }

// Installed before ImGui's own, which calls it first and then records the key's state.
void key_event(GLFWwindow* window, int key, int, int action, int) {
  auto* keys = static_cast<std::vector<int>*>(glfwGetWindowUserPointer(window));
  if (keys && action != GLFW_REPEAT && key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(ImGuiIO::KeysDown)))
    keys->push_back(action == GLFW_PRESS ? key : -1 - key);
}
}  // namespace

Platform::~Platform() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
  }
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

bool Platform::open(int width, int height, const std::string& title) {
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) return false;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // The X11 class the desktop matches to the menu entry's StartupWMClass (else GLFW uses the title).
  glfwWindowHintString(GLFW_X11_CLASS_NAME, "mailsim-gui");
  glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "mailsim-gui");
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) return false;
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "mailsim-gui: cannot load OpenGL 3.3 functions\n");
    return false;
  }
  glfwSetWindowUserPointer(window_, &key_events_);
  glfwSetKeyCallback(window_, key_event);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed; nothing worth saving between runs
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ready_ = true;
  return true;
}

bool Platform::should_close() const { return glfwWindowShouldClose(window_); }

void Platform::new_frame(double wait) {
  ImGuiIO& io = ImGui::GetIO();
  for (int key : forced_down_) io.KeysDown[key] = glfwGetKey(window_, key) == GLFW_PRESS;  // as it really is
  forced_down_.clear();
  bool was_down[IM_ARRAYSIZE(io.KeysDown)];
  std::copy(std::begin(io.KeysDown), std::end(io.KeysDown), was_down);
  if (wait > 0) glfwWaitEventsTimeout(wait);
  else glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (!key_events_.empty()) {
    // A key pressed since the last frame is down in this one, even if already released; a key
    // released since then stays down for this frame if it was down in the last, so Ctrl is still
    // held when the O of a quick Ctrl+O arrives together with Ctrl's release. Next frame, such
    // keys are set back to their real state.
    for (int e : key_events_) {
      const int key = e >= 0 ? e : -1 - e;
      if ((e >= 0 || was_down[key]) && !io.KeysDown[key]) {
        io.KeysDown[key] = true;
        forced_down_.push_back(key);
      }
    }
    key_events_.clear();
    const auto down = [&](int a, int b) { return io.KeysDown[a] || io.KeysDown[b]; };
    io.KeyCtrl = down(GLFW_KEY_LEFT_CONTROL, GLFW_KEY_RIGHT_CONTROL);
    io.KeyShift = down(GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT);
    io.KeyAlt = down(GLFW_KEY_LEFT_ALT, GLFW_KEY_RIGHT_ALT);
    io.KeySuper = down(GLFW_KEY_LEFT_SUPER, GLFW_KEY_RIGHT_SUPER);
  }
  if (forced_w_ > 0 && forced_h_ > 0) {
    io.DisplaySize = ImVec2(static_cast<float>(forced_w_), static_cast<float>(forced_h_));
    io.DisplayFramebufferScale = ImVec2(1, 1);
  }
  if (ignore_mouse_) {  // after the backend wrote the pointer's state, before ImGui reads it
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    for (bool& down : io.MouseDown) down = false;
    io.MouseWheel = io.MouseWheelH = 0;
  }
  ImGui::NewFrame();
}

void Platform::render(unsigned clear, bool draw) {
  ImGui::Render();
  if (!draw) return;
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(static_cast<float>(clear >> 24 & 0xff) / 255.0f, static_cast<float>(clear >> 16 & 0xff) / 255.0f,
               static_cast<float>(clear >> 8 & 0xff) / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

std::vector<unsigned char> Platform::read_pixels(int& width, int& height) const {
  glfwGetFramebufferSize(window_, &width, &height);
  std::vector<unsigned char> rgba(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  for (std::size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;  // the picture, not the buffer's alpha
  // OpenGL's rows start at the bottom.
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  for (int y = 0; y < height / 2; ++y)
    std::swap_ranges(rgba.begin() + static_cast<std::ptrdiff_t>(y * row),
                     rgba.begin() + static_cast<std::ptrdiff_t>((y + 1) * row),
                     rgba.begin() + static_cast<std::ptrdiff_t>((height - 1 - y) * row));
  return rgba;
}

void Platform::present() { glfwSwapBuffers(window_); }

void Platform::finish() { glFinish(); }

void Platform::set_vsync(bool on) { glfwSwapInterval(on ? 1 : 0); }

void Platform::toggle_fullscreen() {
  GLFWmonitor* monitor = glfwGetWindowMonitor(window_);
  if (monitor) {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3], 0);
    return;
  }
  glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
  glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  if (!primary) return;
  const GLFWvidmode* mode = glfwGetVideoMode(primary);
  glfwSetWindowMonitor(window_, primary, 0, 0, mode->width, mode->height, mode->refreshRate);
}

void Platform::reload_fonts() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void Platform::set_title(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }

bool Platform::set_icon(const std::string& png) {
  GLFWimage image{};
  image.pixels = stbi_load(png.c_str(), &image.width, &image.height, nullptr, 4);
  if (!image.pixels) return false;
  glfwSetWindowIcon(window_, 1, &image);
  stbi_image_free(image.pixels);
  return true;
}

double Platform::time() const { return glfwGetTime(); }

bool write_png(const std::string& path, int width, int height, const std::vector<unsigned char>& rgba) {
  return stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4) != 0;
}

}  // namespace mailsim::gui
