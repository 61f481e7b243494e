// Predict, then reveal: where the questions stop playback, what they ask and the right answer, in
// real lessons' runs; the tally.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "sim/scenario/load.hpp"
#include "sim/world/world.hpp"
#include "viz/model/quiz.hpp"

using namespace mailsim;
using namespace mailsim::viz;

namespace {
struct Run {
  scenario::Scenario s;
  std::vector<trace::Event> events;
};
Run run(const std::string& name) {
  Run r{scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/" + name + ".json"), {}};
  world::World w(r.s);
  w.run();
  r.events = w.trace().events();
  return r;
}
constexpr Time ms(long long n) { return n * kMillisecond; }
const QuizQuestion* first_asking(const std::vector<QuizQuestion>& qs, const std::string& start) {
  for (const auto& q : qs)
    if (q.question.en.rfind(start, 0) == 0) return &q;
  return nullptr;
}
}  // namespace

TEST_CASE("quiz: built-in, which server next, before each new pair, with the lesson's mail servers") {
  const Run r = run("backup-mx");
  const auto qs = builtin_questions(r.s, r.events);
  std::vector<const QuizQuestion*> next;
  for (const auto& q : qs)
    if (q.question.en == "Which server does mail.school.example send the message to next?") next.push_back(&q);
  // mx1 at 10.046 (no answer), then mx2 at 40.046; asked just before each connect.
  REQUIRE(next.size() == 2);
  CHECK(next[0]->at == 10 * kSecond + ms(46) - 1);
  CHECK(next[0]->choices[next[0]->answer].en == "mx1.home.example");
  CHECK(next[1]->at == 40 * kSecond + ms(46) - 1);
  CHECK(next[1]->choices[next[1]->answer].en == "mx2.home.example");
  CHECK(next[1]->choices.size() >= 2);
  CHECK(next[1]->choices.size() <= 4);
  CHECK(std::is_sorted(next[1]->choices.begin(), next[1]->choices.end(),
                       [](const scenario::Text& a, const scenario::Text& b) { return a.en < b.en; }));
  CHECK_FALSE(next[1]->question.ja.empty());
}

TEST_CASE("quiz: built-in, what the server replies, before its decisive reply") {
  const Run r = run("unknown-user");
  const auto qs = builtin_questions(r.s, r.events);
  const QuizQuestion* q = nullptr;
  for (const auto& x : qs)
    if (x.question.en == "What will mx.home.example reply?") q = &x;
  REQUIRE(q);
  CHECK(q->at == 10 * kSecond + ms(290) - 1);  // the 550 5.1.1 leaves at 10.290
  CHECK(q->choices[q->answer].en == "5xx (permanent error: refused)");
  // The submission server's first connection ends with "250 2.0.0 Ok: queued as": the answer is 250.
  const QuizQuestion* sub = first_asking(qs, "What will mail.school.example reply?");
  REQUIRE(sub);
  CHECK(sub->at == 10 * kSecond + ms(14) - 1);
  CHECK(sub->answer == 0);
}

TEST_CASE("quiz: built-in, which queue, before the move to deferred") {
  const Run r = run("destination-down-retry");
  const auto qs = builtin_questions(r.s, r.events);
  const QuizQuestion* q = first_asking(qs, "The attempt did not get through.");
  REQUIRE(q);
  CHECK(q->at == 40 * kSecond + ms(210) - 1);
  CHECK(q->choices[q->answer].en == "deferred");
  // Once per message and server, though it is deferred four times.
  CHECK(std::count_if(qs.begin(), qs.end(), [](const QuizQuestion& x) {
          return x.question.en.rfind("The attempt did not get through.", 0) == 0;
        }) == 1);
}

TEST_CASE("quiz: the lesson's questions, on an event or at a time, and those that never come") {
  Run r = run("unknown-user");
  r.s.quiz.clear();
  scenario::QuizItem on;
  on.on = scenario::Trigger{};
  on.on->kind = scenario::Trigger::Kind::Reply;
  on.on->code = 550;
  on.question = {"What will mx.home.example answer?", "mx.home.example は何と答える?"};
  on.choices = {{"250", "250"}, {"550", "550"}};
  on.answer = 1;
  r.s.quiz.push_back(on);
  scenario::QuizItem later = on;
  later.on->after = 2 * kSecond;
  r.s.quiz.push_back(later);
  scenario::QuizItem at;
  at.at = 5 * kSecond;
  at.question = {"Who sends?", "誰が送る?"};
  at.choices = {{"Alice", "アリス"}, {"Bob", "ボブ"}};
  r.s.quiz.push_back(at);
  scenario::QuizItem never = on;
  never.on->code = 421;
  r.s.quiz.push_back(never);
  const auto qs = lesson_questions(r.s, r.events);
  REQUIRE(qs.size() == 3);
  CHECK(qs[0].at == 5 * kSecond);
  CHECK(qs[1].at == 10 * kSecond + ms(290) - 1);  // just before the 550: the class predicts it
  CHECK(qs[2].at == 12 * kSecond + ms(290));       // `after`: once it has been seen
  CHECK_FALSE(qs[1].builtin);
  // With the built-in ones, the lesson's question keeps its moment and a built-in one there goes.
  const auto all = quiz_questions(r.s, r.events, true);
  CHECK(all.size() > qs.size());
  CHECK(std::is_sorted(all.begin(), all.end(), [](const QuizQuestion& a, const QuizQuestion& b) { return a.at < b.at; }));
  const auto at_550 = std::count_if(all.begin(), all.end(), [](const QuizQuestion& q) { return q.at == 10 * kSecond + ms(290) - 1; });
  CHECK(at_550 == 1);
}

TEST_CASE("quiz: playback stops at the first question it crosses, and the tally counts first answers") {
  Quiz quiz;
  std::vector<QuizQuestion> qs(3);
  qs[0].at = 5 * kSecond;
  qs[1].at = 10 * kSecond;
  qs[2].at = 10 * kSecond;
  for (auto& q : qs) {
    q.choices = {{"a", "a"}, {"b", "b"}, {"c", "c"}};
    q.answer = 2;
  }
  quiz.set(qs);
  CHECK_FALSE(quiz.crossed(0, 5 * kSecond - 1));
  CHECK(quiz.crossed(0, 5 * kSecond) == std::optional<std::size_t>(0));
  CHECK(quiz.crossed(5 * kSecond, 20 * kSecond) == std::optional<std::size_t>(1));  // resumed at 5 s: not 0 again
  CHECK_FALSE(quiz.crossed(10 * kSecond, 20 * kSecond));
  CHECK(quiz.at_or_after(6 * kSecond) == std::optional<std::size_t>(1));
  CHECK_FALSE(quiz.at_or_after(11 * kSecond));
  CHECK(quiz.record(0, 2));
  CHECK_FALSE(quiz.record(1, 0));
  CHECK(quiz.record(0, 1));  // a second answer does not count: the first was right
  CHECK(quiz.answered() == 2);
  CHECK(quiz.right() == 1);
  CHECK(quiz.answer_given(1) == std::optional<std::size_t>(0));
  CHECK_FALSE(quiz.answer_given(2));
  CHECK_FALSE(quiz.record(2, 7));  // no such choice
  CHECK(quiz.answered() == 2);
}

TEST_CASE("quiz: every bundled lesson asks at least two questions of its own, in both languages, and all come") {
  int lessons = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MAILSIM_SOURCE_DIR "/scenarios")) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".json" || path.ends_with("scenario.schema.json")) continue;
    CAPTURE(path);
    const Run r = run(entry.path().stem().string());
    ++lessons;
    CHECK(r.s.quiz.size() >= 2);
    for (const auto& q : r.s.quiz) {
      CHECK_FALSE(q.question.en.empty());
      CHECK_FALSE(q.question.ja.empty());
      CHECK_FALSE(q.explanation.en.empty());
      CHECK_FALSE(q.explanation.ja.empty());
      for (const auto& c : q.choices) {
        CHECK_FALSE(c.en.empty());
        CHECK_FALSE(c.ja.empty());
      }
    }
    CHECK(lesson_questions(r.s, r.events).size() == r.s.quiz.size());
  }
  CHECK(lessons >= 21);
}
