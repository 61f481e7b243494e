#pragma once
// Checks a scenario's `expect` block against the world at the end of a run.
#include <string>
#include <vector>

#include "sim/world/expect_facts.hpp"
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

// The same, from facts gathered while the run went on (a run that stores no trace: `run --quiet`).
std::vector<ExpectResult> check_expectations(const World& w, const ExpectFacts& facts);

// The Message-ID the scenario message `id` got when it was submitted, or "" if it never was
// (ExpectFacts::message_id, from the whole trace: for one message; gather facts once for many).
std::string message_id_of(const World& w, const std::string& id);
// Messages in the INBOX of `address` (on the destination that holds it); nullptr if no such mailbox.
const mailstore::Folder* inbox_of(const World& w, const std::string& address);
// Folder `folder` ("Junk") of the mailbox of `address`, or nullptr.
const mailstore::Folder* folder_of(const World& w, const std::string& address, const std::string& folder);

}  // namespace mailsim::world
