#include "viz/app/platform.hpp"

#include <algorithm>
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
  if (wait > 0) glfwWaitEventsTimeout(wait);
  else glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Platform::render(unsigned clear) {
  ImGui::Render();
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
