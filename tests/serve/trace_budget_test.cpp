// The served run's trace stays within its budget: a dialog past its own budget keeps a summary
// line, the oldest dialogs are thinned to summaries, then the oldest network events to one note;
// the world's state and the events from before serving are never touched, and seq is never reused.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/serve/trace_budget.hpp"

using namespace mailsim;
using trace::Event;
using trace::Kind;
using trace::Payload;

namespace {

// Short names, so that every string stays inside its object and each event costs sizeof(Event).
Event line(std::uint64_t conn, std::string text) {
  Event e;
  trace::data::Segment seg;
  seg.what = Payload::Command;
  seg.text = std::move(text);
  e.data = std::move(seg);
  e.kind = Kind::Segment;
  e.conn = conn;
  e.host = "c";
  e.peer = "s";
  e.dir = trace::Direction::ClientToServer;
  return e;
}

Event control(Kind k, std::uint64_t conn) {
  Event e;
  if (k == Kind::Accepted) e.data = trace::data::Accepted{};
  else e.data = trace::data::Close{};
  e.kind = k;
  e.conn = conn;
  e.host = "c";
  e.peer = "s";
  return e;
}

Event queue_move(std::string id) {
  Event e;
  e.kind = Kind::Queue;
  e.host = "mx";
  e.queue_id = std::move(id);
  e.data = trace::data::Queue{};
  return e;
}

std::vector<const Event*> of(const trace::Trace& t, std::uint64_t conn, Kind k = Kind::Segment) {
  std::vector<const Event*> out;
  for (const auto& e : t.events())
    if (e.conn == conn && e.kind == k) out.push_back(&e);
  return out;
}

}  // namespace

TEST_CASE("an event costs its object plus what its strings and route hold on the heap") {
  Event e = line(1, "NOOP");
  CHECK(serve::footprint(e) == sizeof(Event));
  auto& text = e.as<trace::data::Segment>().text;
  text = std::string(100, 'x');
  CHECK(serve::footprint(e) == sizeof(Event) + text.capacity() + 1);
  e.path = {{"c", 0}, {"s", 5}};
  CHECK(serve::footprint(e) >= sizeof(Event) + text.capacity() + 1 + 2 * sizeof(trace::Hop));
}

TEST_CASE("a dialog past its trace budget keeps its first lines and one summary of the rest") {
  trace::Trace t;
  t.add(line(9, "before serving"));  // the lesson's own run: never counted, never touched
  serve::TraceBudget budget(t, {3 * sizeof(Event), 1 << 30});
  t.add(control(Kind::Accepted, 1));
  for (int i = 0; i < 10; ++i) t.add(line(1, "NOOP"));
  t.add(line(2, "EHLO other"));  // another dialog has a budget of its own
  t.add(control(Kind::Close, 1));
  // Only one side closed: the dialog is still open, and its summary is written when the bridge's
  // round ends (flush), not for every line left out.
  CHECK(trace::shown_text(*of(t, 1)[3]) == "… 1 line (4 bytes) not shown: this dialog passed its trace budget");
  budget.flush();

  const auto lines = of(t, 1);
  REQUIRE(lines.size() == 4);
  for (int i = 0; i < 3; ++i) CHECK(trace::shown_text(*lines[i]) == "NOOP");
  CHECK(lines[3]->as<trace::data::Segment>().what == Payload::Omitted);
  CHECK(trace::shown_text(*lines[3]) == "… 7 lines (28 bytes) not shown: this dialog passed its trace budget");
  CHECK(of(t, 2).size() == 1);
  CHECK(of(t, 1, Kind::Close).size() == 1);
  CHECK(budget.lines_not_stored() == 7);
  // Seq numbers are not reused: the 6 lines never stored leave a gap before the next event.
  CHECK(t.events().back().seq == 13);
  CHECK(t.size() == 8);
  CHECK(trace::shown_text(t.events().front()) == "before serving");
}

TEST_CASE("past the served run's budget the oldest dialogs' lines become one summary each") {
  trace::Trace t;
  t.add(line(9, "before serving"));
  serve::TraceBudget budget(t, {1 << 30, 40 * sizeof(Event)});
  t.add(queue_move("Q1"));  // the world's state
  for (int i = 0; i < 25; ++i) t.add(line(1, "DATA " + std::to_string(100 + i)));  // 8 characters each
  for (int i = 0; i < 15; ++i) t.add(line(2, "NOOP " + std::to_string(100 + i)));

  CHECK(trace::shown_text(t.events().front()) == "before serving");
  CHECK(of(t, 0, Kind::Queue).size() == 1);
  const auto first = of(t, 1);
  REQUIRE(!first.empty());
  CHECK(first[0]->as<trace::data::Segment>().what == Payload::Omitted);
  const std::size_t gone = 25 - (first.size() - 1);
  CHECK(gone > 1);
  CHECK(trace::shown_text(*first[0]) == "… " + std::to_string(gone) + " lines (" + std::to_string(8 * gone) +
                              " bytes) not shown: the served trace was thinned");
  // What is left of it is its most recent lines, in order.
  for (std::size_t i = 1; i < first.size(); ++i) CHECK(trace::shown_text(*first[i]) == "DATA " + std::to_string(100 + gone + i - 1));
  // The newest dialog is whole, and no network event had to go.
  CHECK(of(t, 2).size() == 15);
  CHECK(of(t, 0, Kind::Note).empty());
  CHECK(budget.bytes() <= 40 * sizeof(Event));
  CHECK(budget.events_thinned() == gone - 1);
}

TEST_CASE("when lines are not enough, the oldest network events go, counted by one note") {
  trace::Trace t;
  serve::TraceBudget budget(t, {1 << 30, 20 * sizeof(Event)});
  std::size_t added = 0;
  for (std::uint64_t conn = 1; conn <= 30; ++conn) {  // connections that only open and close
    t.add(control(Kind::Accepted, conn));
    t.add(control(Kind::Close, conn));
    t.add(control(Kind::Close, conn));
    added += 3;
    if (conn % 10 == 0) t.add(queue_move("Q" + std::to_string(conn)));
  }
  std::vector<const Event*> notes = of(t, 0, Kind::Note);
  REQUIRE(notes.size() == 1);  // one note, however often it thinned
  std::size_t left = 0;
  for (const auto& e : t.events()) left += e.kind != Kind::Note && e.kind != Kind::Queue;
  const std::uint64_t gone = added - left;
  CHECK(trace::shown_text(*notes[0]) == "… " + std::to_string(gone) + " earlier network events of the served run not shown: its trace passed its budget");
  CHECK(&t.events().front() == notes[0]);  // at the start of the served run
  CHECK(of(t, 0, Kind::Queue).size() == 3);  // queue moves are the world's state: all there
  CHECK(of(t, 30, Kind::Close).size() == 2);  // the newest connection is whole
  CHECK(budget.events_thinned() == gone);
  CHECK(budget.bytes() <= 20 * sizeof(Event));
}

TEST_CASE("a dialog that closes on both sides has its summary written then, without a flush") {
  trace::Trace t;
  serve::TraceBudget budget(t, {sizeof(Event), 1 << 30});
  for (const char* l : {"one", "two", "three", "four"}) t.add(line(1, l));
  t.add(control(Kind::Close, 1));
  CHECK(trace::shown_text(*of(t, 1)[1]) == "… 1 line (3 bytes) not shown: this dialog passed its trace budget");
  t.add(control(Kind::Close, 1));  // the other side: the dialog is over
  CHECK(trace::shown_text(*of(t, 1)[1]) == "… 3 lines (12 bytes) not shown: this dialog passed its trace budget");
}

TEST_CASE("a trace without a budget keeps everything, and one that had a budget keeps what it has") {
  trace::Trace t;
  {
    serve::TraceBudget budget(t, {sizeof(Event), 1 << 30});
    t.add(line(1, "one"));
    t.add(line(1, "two"));  // becomes the summary
    t.add(line(1, "three"));
  }
  t.add(line(1, "four"));
  const auto lines = of(t, 1);
  REQUIRE(lines.size() == 3);
  CHECK(trace::shown_text(*lines[1]) == "… 2 lines (8 bytes) not shown: this dialog passed its trace budget");
  CHECK(trace::shown_text(*lines[2]) == "four");
  CHECK(t.find(lines[2]->seq) == lines[2]);
  CHECK(t.find(2) == nullptr);  // "three" was never stored
}
