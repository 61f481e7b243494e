#pragma once
// The loader's message for a scenario text, or "(no error)" when it loads; and the helpers the key
// tests use to edit a bundled lesson and read the message it then gets.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sim/scenario/load.hpp"

inline std::string error_of(const std::string& text) {
  try {
    mailsim::scenario::load_text(text, "t.json");
  } catch (const mailsim::scenario::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

// A bundled lesson's text, by file name ("auth-server.json").
inline std::string lesson_text(const std::string& name) {
  std::ifstream in(MAILSIM_SOURCE_DIR "/scenarios/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `text` with the first `from` replaced by `to` (which must be there).
inline std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The message after "file:line:col: ", which is the loader's own business.
inline std::string message_of(const std::string& text) {
  const std::string e = error_of(text);
  const auto at = e.find(": /");
  return at == std::string::npos ? e : e.substr(at + 2);
}
