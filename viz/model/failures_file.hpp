#pragma once
// Saving the failures a teacher injected in class into the scenario file, so next year's lesson has
// them from the start. Keys follow docs/scenario-format.md (failures).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.hpp"

namespace mailsim::viz {

// {"at": "12.5s", "kind": "host_down", "host": "mx.home.example"}; only the kinds the GUI injects
// (host_down/up, service_stop/start, link_down/up) and their keys.
nlohmann::ordered_json failure_to_json(const scenario::Failure& f);

// Appends `failures` to the file's "failures" array (created if missing), keeping every other key and
// its order, written back with 2-space indent. Returns "" on success, else what went wrong.
std::string append_failures(const std::string& path, const std::vector<scenario::Failure>& failures);

}  // namespace mailsim::viz
