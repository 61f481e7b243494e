#pragma once
// Checks a scenario's `expect` block against the world at the end of a run.
#include <functional>
#include <string>
#include <vector>

#include "sim/world/world.hpp"

namespace mailsim::world {

// Both texts in the classroom's languages (the CLI's --lang picks one).
struct ExpectResult {
  scenario::Expectation expectation;
  bool ok = false;
  scenario::Text description;  // "m1 delivered to bob@home.example"
  scenario::Text detail;       // why it failed, or what was found
};

std::vector<ExpectResult> check_expectations(const World& w);

// Whether check_expectations, for this scenario, may read an event of the trace: submissions,
// queue moves, deliveries, sender checks, captures, and reply lines when some `reply_seen` asks.
// Dialog lines otherwise, machine steps and TLS records it never reads. Datagrams count as read:
// a server's record of its DNS lookups points at them while the run goes on. A run that keeps
// only these (`mailsim run --quiet`) checks the same.
std::function<bool(const trace::Event&)> read_by_expectations(const scenario::Scenario& s);

// The Message-ID the scenario message `id` got when it was submitted, or "" if it never was.
std::string message_id_of(const World& w, const std::string& id);
// Messages in the INBOX of `address` (on the destination that holds it); nullptr if no such mailbox.
const mailstore::Folder* inbox_of(const World& w, const std::string& address);
// Folder `folder` ("Junk") of the mailbox of `address`, or nullptr.
const mailstore::Folder* folder_of(const World& w, const std::string& address, const std::string& folder);

}  // namespace mailsim::world
