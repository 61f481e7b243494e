#include "viz/model/failures_file.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "viz/model/format.hpp"

namespace mailsim::viz {

using scenario::FailureKind;

nlohmann::ordered_json failure_to_json(const scenario::Failure& f) {
  nlohmann::ordered_json j;
  j["at"] = seconds_text(f.at);
  j["kind"] = scenario::to_string(f.kind);
  switch (f.kind) {
    case FailureKind::HostDown:
    case FailureKind::HostUp:
      j["host"] = f.host;
      break;
    case FailureKind::ServiceStop:
    case FailureKind::ServiceStart:
      j["host"] = f.host;
      j["port"] = f.port;
      break;
    case FailureKind::LinkDown:
    case FailureKind::LinkUp:
      j["link"] = {f.link_a, f.link_b};
      break;
    default:
      break;  // the GUI does not inject the other kinds
  }
  if (!f.note.en.empty() || !f.note.ja.empty()) {
    nlohmann::ordered_json note;
    if (!f.note.en.empty()) note["en"] = f.note.en;
    if (!f.note.ja.empty()) note["ja"] = f.note.ja;
    j["note"] = note;
  }
  return j;
}

std::string append_failures(const std::string& path, const std::vector<scenario::Failure>& failures) {
  nlohmann::ordered_json doc;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot read " + path;
    std::stringstream text;
    text << in.rdbuf();
    try {
      doc = nlohmann::ordered_json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
      return path + ": " + e.what();
    }
  }
  if (!doc.is_object()) return path + ": not a JSON object";
  auto& list = doc["failures"];
  if (list.is_null()) list = nlohmann::ordered_json::array();
  if (!list.is_array()) return path + ": \"failures\" is not a list";
  for (const auto& f : failures) list.push_back(failure_to_json(f));
  const std::string out = doc.dump(2) + "\n";
  // Write beside the file and rename, so a failed write never leaves half a scenario.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o << out;
    if (!o) return "cannot write " + tmp;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return "cannot replace " + path;
  return {};
}

}  // namespace mailsim::viz
