#pragma once
// A protocol machine's state diagram, drawn from its own transition table, so what students see is
// the machine that answers them and cannot drift from it. The same Diagram feeds
// `mailsim diagram` (Graphviz dot, Mermaid) and the app's state-diagram panel, which lights the edge
// a connection just took.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::proto {

enum class EdgeKind {
  Success,  // after a positive reply (solid)
  Failure,  // after a negative reply, where that leads elsewhere than success (dashed)
  Always,   // the same state either way (QUIT, the session's own events)
  Refusal,  // out of sequence: refused by the table, the state stays (dotted, grey)
};

struct DiagramEdge {
  std::string from, to;
  EdgeKind kind = EdgeKind::Success;
  std::vector<std::string> inputs;  // the commands or events on this edge, in table order
  std::string outcome;              // "2xx/3xx", "4xx/5xx", "+OK", "503" ...; empty for Always
  // "MAIL, RCPT 2xx/3xx": the inputs, then the outcome.
  std::string label() const;
};

struct Diagram {
  std::string name;                  // "smtp-server"
  std::string title;                 // "SMTP server (RFC 5321)"
  std::vector<std::string> states;   // in table order; the first is where the machine starts
  std::vector<std::string> final_states;
  std::vector<DiagramEdge> edges;

  // Adds a state once.
  void add_state(const std::string& s);
  // Adds `input` to the edge (from, to, kind, outcome), creating it when it is new: rows that share
  // an arrow share one edge, so NOOP, VRFY and HELP make one loop, not three.
  void add(const std::string& from, const std::string& to, EdgeKind kind, const std::string& input,
           const std::string& outcome);
  // The edge a machine took from `from` to `to` on `input`; nullptr when the diagram has none.
  const DiagramEdge* find(const std::string& from, const std::string& to, const std::string& input) const;
};

// One row of a machine's transition table, in words: every machine's table reads into these, so
// all diagrams are drawn by one rule.
struct DiagramRow {
  std::string from, input, on_success, on_failure;
  std::string refusal;  // non-empty: the table refuses `input` in `from` with this ("503", "-ERR")
};

// The diagram of a whole table. `states` in the order to draw them (the first is the start),
// `success`/`failure` name the reply classes ("2xx/3xx", "+OK" ...). A row whose two outcomes lead
// to the same state is one Always edge; refusals are drawn only `with_refusals`.
Diagram table_diagram(std::string name, std::string title, const std::vector<std::string>& states,
                      std::vector<std::string> final_states, const std::vector<DiagramRow>& rows,
                      const std::string& success, const std::string& failure, bool with_refusals);

// A row a machine just took, named as its diagram names states and inputs, so a viewer can light the
// edge (Diagram::find(from, to, input)). Machines report these to an observer the node sets; the
// node records them in the trace.
struct StepTaken {
  std::string machine;     // the diagram's name: "smtp-server", "smtp-client", "pop3-server", ...
  std::string from, input, to;
  bool success = true;     // the positive edge (2xx/3xx, +OK, OK) or the negative one
};
using StepObserver = std::function<void(const StepTaken&)>;

// Graphviz: `dot -Tsvg` renders it.
std::string to_dot(const Diagram& d);
// Mermaid stateDiagram-v2, for Markdown pages.
std::string to_mermaid(const Diagram& d);

}  // namespace mailsim::proto
