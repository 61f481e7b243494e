#pragma once
// When a lesson's triggers fire (scenario::Trigger: a caption's or a quiz question's `on`). The one
// place that matches a trigger against trace events: the world follows its trace with it to show
// captions when their event happens, and the app runs it over a finished trace to find where its
// quiz questions stop playback.
//
// Triggers may name a scenario message ("m1"), which the trace knows by the Message-ID the
// submission server gave it. The matcher learns that name from the trace itself as it reads it:
// the client's Submit event names the server and the queue id ("queued as"), the server's Queue
// events give that queue id's Message-ID. A message is therefore known by name from the moment its
// client is told it was accepted; the submission server's own first moves (incoming, active) come
// a round trip earlier and match only a trigger that does not name the message.
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::world {

class TriggerMatcher {
 public:
  // `triggers` must outlive the matcher.
  explicit TriggerMatcher(std::vector<const scenario::Trigger*> triggers);

  // Reads the next event of the trace (every one, in order) and returns which triggers (indexes
  // into the list given) fire on it: those it matches for the nth time.
  const std::vector<std::size_t>& see(const trace::Event& e);

  // Whether `t` matches `e`, with the message names learned so far (no counting).
  bool matches(const scenario::Trigger& t, const trace::Event& e) const;
  // The scenario's name of the message `e` is about ("m1"), or "" when it is none of the lesson's
  // (or not known yet).
  std::string message_of(const trace::Event& e) const;

 private:
  void learn(const trace::Event& e);

  std::vector<const scenario::Trigger*> triggers_;
  std::vector<int> seen_;                   // matches so far, per trigger
  std::vector<std::size_t> fired_;          // scratch for see()
  using HostQueueId = std::pair<std::string, std::string>;
  std::map<HostQueueId, std::string> name_of_queue_id_;        // (server, queue id) -> "m1"
  std::map<HostQueueId, std::string> message_id_of_queue_id_;  // (MTA, queue id) -> Message-ID
  std::map<std::string, std::string> name_of_message_id_;      // Message-ID -> "m1"
};

// Where each trigger fires in a complete trace: the index of the event it fires on, per trigger
// (events().size() when it never does).
std::vector<std::size_t> fire_points(const std::vector<const scenario::Trigger*>& triggers,
                                     const std::vector<trace::Event>& events);

}  // namespace mailsim::world
