#pragma once
// Folders and files of lessons made up by a test, under the system's temporary folder.
#include <filesystem>
#include <fstream>
#include <string>

// A fresh, empty folder named `name`.
inline std::filesystem::path scratch(const char* name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}
inline void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }
