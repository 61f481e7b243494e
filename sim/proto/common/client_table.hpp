#pragma once
// What the client machines' transition tables (SMTP, POP3, IMAP: */client_states) share. A row is
// {from, event, to}: a client takes no reply class apart, the event already says what happened.
// The lookup is an index by (state, event) built once from the table, since it runs for every
// reply; the diagram draws each row as one arrow.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "sim/proto/common/diagram.hpp"

namespace mailsim::proto {

// The row for (from, event) in `table`, or nullptr. `kLastState` and `kLastEvent` are the enums'
// last values. `table` must be the same object on every call (each table is a function's static).
template <auto kLastState, auto kLastEvent, class Row>
const Row* find_client_row(const std::vector<Row>& table, decltype(kLastState) from, decltype(kLastEvent) event) {
  constexpr std::size_t kStates = static_cast<std::size_t>(kLastState) + 1;
  constexpr std::size_t kEvents = static_cast<std::size_t>(kLastEvent) + 1;
  using Index = std::array<std::array<const Row*, kEvents>, kStates>;
  // A value past kLast (an enum grown after its "last" value) is a table miss, never a read past
  // the index: the machine then stops and says so instead of taking a row at random.
  const auto in_range = [](auto s, auto e) {
    return static_cast<std::size_t>(s) < kStates && static_cast<std::size_t>(e) < kEvents;
  };
  static const Index index = [&table, &in_range] {
    Index ix{};
    for (const Row& t : table)
      if (in_range(t.from, t.event)) ix[static_cast<std::size_t>(t.from)][static_cast<std::size_t>(t.event)] = &t;
    return ix;
  }();
  if (!in_range(from, event)) return nullptr;
  return index[static_cast<std::size_t>(from)][static_cast<std::size_t>(event)];
}

// A client machine takes `row` (its table's row for (state, event), or nullptr): the move is
// reported to `observer` as a Step of `machine`. A missing row is a defect of the table, not the
// server's doing: the machine stops at once (`stop`) and says so (table_miss) rather than guess.
template <class Row, class State, class Event>
void take_client_row(const Row* row, const char* machine, State& state, Event event, const StepObserver& observer,
                     bool& table_miss, State stop) {
  if (row) {
    if (observer) observer({machine, to_string(state), to_string(event), to_string(row->to), true});
    state = row->to;
    return;
  }
  table_miss = true;
  state = stop;
}

// The diagram of a client table: `states` in the order drawn, `final_state` the end. States and
// events are named by the protocol's to_string().
template <class Row, class State>
Diagram client_table_diagram(std::string name, std::string title, const std::vector<Row>& table,
                             std::initializer_list<State> states, State final_state) {
  std::vector<DiagramRow> rows;
  for (const Row& t : table) rows.push_back({to_string(t.from), to_string(t.event), to_string(t.to), to_string(t.to), ""});
  std::vector<std::string> names;
  for (const State s : states) names.push_back(to_string(s));
  return table_diagram(std::move(name), std::move(title), names, {to_string(final_state)}, rows, "", "", false);
}

}  // namespace mailsim::proto
