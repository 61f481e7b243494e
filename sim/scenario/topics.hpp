#pragma once
// The course's topics: the fixed list a lesson's `topics` names from, in teaching order. It follows
// the course material (five articles on how e-mail works; /work/shared/course in the development
// tree): every topic there should have a lesson, and `mailsim lessons` shows the ones that do not.
#include <span>
#include <string_view>

namespace mailsim::scenario {

struct Topic {
  std::string_view id;  // what a lesson writes: "mx-lookup"
  std::string_view en;  // what a teacher reads
  std::string_view ja;
};

std::span<const Topic> topics();
const Topic* find_topic(std::string_view id);

}  // namespace mailsim::scenario
