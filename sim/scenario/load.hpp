#pragma once
// Reading scenario files. Every problem is reported as one ScenarioError naming the file, line,
// column and JSON pointer, e.g.
//   scenarios/x.json:12:7: /hosts/2/address: '10.0.0.300' is not an IPv4 address
#include <stdexcept>
#include <string>

#include "sim/scenario/scenario.hpp"

namespace mailsim::scenario {

class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, int line, int column, std::string json_path, std::string message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& json_path() const { return json_path_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_, column_;
  std::string json_path_, message_;
};

// Reads, parses and validates; throws ScenarioError (also for an unreadable file: line 0).
Scenario load_file(const std::string& path);
// Same for text already in memory; `file` is only used in messages.
Scenario load_text(const std::string& text, const std::string& file);
// The variant of the lesson in `path` for student `student` (1 to kMaxStudent, sim/scenario/
// variant.hpp), as `mailsim variant` writes it; its `student` says which. Throws ScenarioError.
Scenario load_variant(const std::string& path, unsigned student);

}  // namespace mailsim::scenario
