#pragma once
// The one-line summary of a trace event in the event list and on hover, in the display language.
// Protocol lines stay as they were on the wire ("C: RCPT TO:<bob@home.example>"); what the simulator
// itself says (a connection opened, a host went down, a message delivered) is worded in English or
// Japanese from the event's fields, and a failure or caption shows the scenario's own text.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/event.hpp"
#include "viz/model/lang.hpp"
#include "viz/model/strings.hpp"

namespace mailsim::viz {

// `injected`: failures added in the app (their notes are looked up like the scenario's).
std::string event_summary(const trace::Event& e, const scenario::Scenario& s,
                          const std::vector<scenario::Failure>& injected, Lang lang);

// A queue's name in the display language ("deferred(再試行待ち)").
Str queue_name(trace::QueueName q);
// "host down", "link cut", ... and what a failure acts on ("mx.home.example:25", "a — b").
Str failure_name(scenario::FailureKind k);
std::string failure_target(const scenario::Failure& f);

}  // namespace mailsim::viz
