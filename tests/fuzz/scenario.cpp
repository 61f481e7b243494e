// The scenario loader on fuzzed lesson files (a teacher's JSON, or one shared by someone else).
// Checked beyond "no crash": it either loads or throws ScenarioError (any other exception escapes
// and fails the run), and the error is located: this file's name, a line and column inside the text
// (both from 1), a JSON pointer that is empty or starts with "/", a message, and what() in the form
// "file:line:col: /pointer: message".
#include <algorithm>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;
using mailsim::fuzz::visible;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)scenario::load_text(text, "fuzz.json");
  } catch (const scenario::ScenarioError& e) {
    const std::string context = "\n  error: " + visible(e.what()) + "\n  for: " + visible(text);
    const long lines = 1 + std::count(text.begin(), text.end(), '\n');
    FUZZ_CHECK(e.file() == "fuzz.json", "error names another file" + context);
    FUZZ_CHECK(e.line() >= 1 && e.line() <= lines, "line " + std::to_string(e.line()) + " is not in the text" + context);
    FUZZ_CHECK(e.column() >= 1, "column " + std::to_string(e.column()) + context);
    FUZZ_CHECK(e.json_path().empty() || e.json_path().front() == '/', "not a JSON pointer: " + visible(e.json_path()) + context);
    FUZZ_CHECK(!e.message().empty(), "error without a message" + context);
    const std::string prefix = "fuzz.json:" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " +
                               (e.json_path().empty() ? "/" : e.json_path()) + ": ";
    FUZZ_CHECK(std::string_view(e.what()).starts_with(prefix), "what() is not file:line:col: /pointer: message" + context);
  }
  return 0;
}
