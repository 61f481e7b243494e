#pragma once
// Per-student variants of a lesson, like Packet Tracer's variable manager: the same lesson with other
// mail domains, other people and other MX preferences, derived from the student's number, so that
// every student's answers are their own. The structure (hosts, roles, times, failures, the seed)
// stays, so the variant behaves exactly as the lesson does; captions, descriptions and message text
// are rewritten with the new names, and the file keeps its layout (only string values and MX
// preferences change).
#include <string>
#include <utility>
#include <vector>

namespace mailsim::scenario {

struct VariantMap {
  std::vector<std::pair<std::string, std::string>> domains;      // "school.example" -> "maple.example"
  std::vector<std::pair<std::string, std::string>> people;       // "alice" -> "erin"
  std::vector<std::pair<int, int>> preferences;                  // MX preference 10 -> 30
};

struct Variant {
  std::string text;   // the lesson file of the variant
  VariantMap map;
};

// `text` is a lesson file (`file` names it in errors). Throws ScenarioError when the lesson itself
// does not load, and when the variant would not (a bug: the lesson used a name the renaming could
// not follow). Student numbers 1 to 9999.
Variant make_variant(const std::string& text, const std::string& file, unsigned student);

constexpr unsigned kMaxStudent = 9999;

}  // namespace mailsim::scenario
