#pragma once
// Predict, then reveal: where playback stops for a question, what it asks, its choices and the right
// one. The lesson's own questions (its `quiz` list) are placed on the run's trace with the same
// trigger matcher as captions (sim/world/trigger.hpp); in quiz mode the app also asks built-in
// questions that fit any lesson, made from the trace's typed events:
//  - before an MTA dials the next server: "Which server does the message go to next?" (the server it
//    dials among the lesson's other mail servers), once per pair of servers;
//  - before a server's decisive reply on an SMTP connection (its first 4xx or 5xx, or else the 250
//    that accepts the data): "What will the server reply?" (250, 4xx, 5xx);
//  - before a message moves to the deferred queue: "Which queue does the message wait in now?".
// The tally (n of m right) counts the questions the teacher recorded an answer for.
#include <cstddef>
#include <optional>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/trace/event.hpp"

namespace mailsim::viz {

struct QuizQuestion {
  Time at = 0;                           // the display time playback stops at
  scenario::Text question;
  std::vector<scenario::Text> choices;   // 2 to 4
  std::size_t answer = 0;
  scenario::Text explanation;
  bool builtin = false;
};

// The lesson's questions on this run: an `at` question at its time, an `on` question just before
// the event its trigger fires on (so the class predicts it), or `after` that event when it says so.
// A question whose event never happens in this run is left out. In time order.
std::vector<QuizQuestion> lesson_questions(const scenario::Scenario& s, const std::vector<trace::Event>& events);
// The built-in questions for this run (see above), in time order.
std::vector<QuizQuestion> builtin_questions(const scenario::Scenario& s, const std::vector<trace::Event>& events);
// Both, merged in time order; at one time the lesson's question goes first and a built-in one at the
// same time is dropped.
std::vector<QuizQuestion> quiz_questions(const scenario::Scenario& s, const std::vector<trace::Event>& events,
                                         bool with_builtin);

// The questions and the class's answers.
class Quiz {
 public:
  void set(std::vector<QuizQuestion> q);
  const std::vector<QuizQuestion>& questions() const { return questions_; }
  // The first question playback crossed moving forwards from `from` to `to` (from < at <= to).
  std::optional<std::size_t> crossed(Time from, Time to) const;
  // The first question at or after t.
  std::optional<std::size_t> at_or_after(Time t) const;
  // The class's answer to question q; only the first one counts. Returns whether it was right.
  bool record(std::size_t q, std::size_t choice);
  std::optional<std::size_t> answer_given(std::size_t q) const;
  int answered() const { return answered_; }
  int right() const { return right_; }

 private:
  std::vector<QuizQuestion> questions_;
  std::vector<std::optional<std::size_t>> given_;
  int answered_ = 0, right_ = 0;
};

}  // namespace mailsim::viz
