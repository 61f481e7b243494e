// Where a lesson sits in a course: topics, level, minutes, prerequisites.
#include "sim/scenario/sections.hpp"
#include "sim/scenario/topics.hpp"

namespace mailsim::scenario {

const char* to_string(Level l) {
  switch (l) {
    case Level::Unset: return "";
    case Level::Intro: return "intro";
    case Level::Intermediate: return "intermediate";
    case Level::Advanced: return "advanced";
  }
  return "";
}

namespace detail {

namespace {
std::string topic_list() {
  std::vector<std::string> ids;
  for (const Topic& t : topics()) ids.emplace_back(t.id);
  return join(ids);
}

// A file stem as `mailsim lessons` names lessons: the prerequisite is checked against the folder
// there, since one file cannot see the others.
bool is_lesson_id(const std::string& s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}
}  // namespace

void parse_lesson(const Node& root, Scenario& s) {
  for (const Node& n : list_of(root, "topics")) {
    const std::string id = n.string();
    if (!find_topic(id)) n.fail(in_quotes(id) + " is not a topic of the course; the topics are: " + topic_list());
    for (const std::string& seen : s.lesson.topics)
      if (seen == id) n.fail(in_quotes(id) + " is listed twice");
    s.lesson.topics.push_back(id);
  }
  if (auto n = root.get("level")) {
    const std::string l = n->string();
    if (l == "intro") s.lesson.level = Level::Intro;
    else if (l == "intermediate") s.lesson.level = Level::Intermediate;
    else if (l == "advanced") s.lesson.level = Level::Advanced;
    else n->fail(in_quotes(l) + " is not a level: intro, intermediate or advanced");
  }
  // A class period is 45–90 minutes; a lesson longer than three is a unit, not a lesson.
  if (auto n = root.get("minutes")) s.lesson.minutes = static_cast<int>(n->integer(1, 180));
  for (const Node& n : list_of(root, "prerequisites")) {
    const std::string id = n.string();
    if (!is_lesson_id(id))
      n.fail(in_quotes(id) + " is not a lesson's name: write the file name without .json, e.g. \"relay-mx\"");
    if (id == s.id) n.fail("a lesson cannot be its own prerequisite");
    s.lesson.prerequisites.push_back(id);
  }
}

}  // namespace detail
}  // namespace mailsim::scenario
