#pragma once
// The loader's message for a scenario text, or "(no error)" when it loads.
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
