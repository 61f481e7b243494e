#include "sim/proto/common/diagram.hpp"

#include <algorithm>
#include <cctype>

namespace mailsim::proto {

std::string DiagramEdge::label() const {
  std::string out;
  for (const std::string& i : inputs) out += (out.empty() ? "" : ", ") + i;
  if (!outcome.empty()) out += " " + outcome;
  return out;
}

void Diagram::add_state(const std::string& s) {
  if (std::find(states.begin(), states.end(), s) == states.end()) states.push_back(s);
}

void Diagram::add(const std::string& from, const std::string& to, EdgeKind kind, const std::string& input,
                  const std::string& outcome) {
  add_state(from);
  add_state(to);
  auto it = std::find_if(edges.begin(), edges.end(), [&](const DiagramEdge& e) {
    return e.from == from && e.to == to && e.kind == kind && e.outcome == outcome;
  });
  if (it == edges.end()) {
    edges.push_back(DiagramEdge{from, to, kind, {}, outcome});
    it = edges.end() - 1;
  }
  if (std::find(it->inputs.begin(), it->inputs.end(), input) == it->inputs.end()) it->inputs.push_back(input);
}

const DiagramEdge* Diagram::find(const std::string& from, const std::string& to, const std::string& input) const {
  for (const DiagramEdge& e : edges)
    if (e.from == from && e.to == to && std::find(e.inputs.begin(), e.inputs.end(), input) != e.inputs.end())
      return &e;
  return nullptr;
}

Diagram table_diagram(std::string name, std::string title, const std::vector<std::string>& states,
                      std::vector<std::string> final_states, const std::vector<DiagramRow>& rows,
                      const std::string& success, const std::string& failure, bool with_refusals) {
  Diagram d;
  d.name = std::move(name);
  d.title = std::move(title);
  d.final_states = std::move(final_states);
  for (const std::string& s : states) d.add_state(s);
  for (const DiagramRow& r : rows) {
    if (!r.refusal.empty()) {
      if (with_refusals) d.add(r.from, r.from, EdgeKind::Refusal, r.input, r.refusal);
    } else if (r.on_success == r.on_failure) {
      d.add(r.from, r.on_success, EdgeKind::Always, r.input, "");
    } else {
      d.add(r.from, r.on_success, EdgeKind::Success, r.input, success);
      d.add(r.from, r.on_failure, EdgeKind::Failure, r.input, failure);
    }
  }
  return d;
}

namespace {

// A double-quoted string for dot: backslash and quote escaped.
std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Mermaid state ids are words; titles go in a `state "Title" as id` line.
std::string mermaid_id(const std::string& s) {
  std::string out;
  for (const char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

// Mermaid reads ':' ';' '<' '>' and '#' in labels; these names never need them.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (const char c : s) out += (c == ':' || c == ';' || c == '<' || c == '>' || c == '#') ? ' ' : c;
  return out;
}

}  // namespace

std::string to_dot(const Diagram& d) {
  std::string out = "digraph " + dot_quote(d.name) + " {\n";
  out += "  label=" + dot_quote(d.title) + ";\n  labelloc=t;\n  rankdir=LR;\n";
  out += "  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n";
  out += "  edge [fontname=\"sans-serif\", fontsize=10];\n";
  out += "  start [shape=point, label=\"\"];\n";
  for (const std::string& s : d.states) {
    const bool final_state = std::find(d.final_states.begin(), d.final_states.end(), s) != d.final_states.end();
    out += "  " + dot_quote(s) + (final_state ? " [peripheries=2]" : "") + ";\n";
  }
  if (!d.states.empty()) out += "  start -> " + dot_quote(d.states.front()) + ";\n";
  for (const DiagramEdge& e : d.edges) {
    out += "  " + dot_quote(e.from) + " -> " + dot_quote(e.to) + " [label=" + dot_quote(e.label());
    switch (e.kind) {
      case EdgeKind::Success: break;
      case EdgeKind::Failure: out += ", style=dashed"; break;
      case EdgeKind::Always: break;
      case EdgeKind::Refusal: out += ", style=dotted, color=gray40, fontcolor=gray40"; break;
    }
    out += "];\n";
  }
  return out + "}\n";
}

std::string to_mermaid(const Diagram& d) {
  std::string out = "---\ntitle: " + mermaid_text(d.title) + "\n---\nstateDiagram-v2\n";
  for (const std::string& s : d.states)
    if (mermaid_id(s) != s) out += "  state \"" + mermaid_text(s) + "\" as " + mermaid_id(s) + "\n";
  if (!d.states.empty()) out += "  [*] --> " + mermaid_id(d.states.front()) + "\n";
  for (const DiagramEdge& e : d.edges) {
    const char* mark = e.kind == EdgeKind::Failure ? " (fails)" : e.kind == EdgeKind::Refusal ? " (refused)" : "";
    out += "  " + mermaid_id(e.from) + " --> " + mermaid_id(e.to) + " : " + mermaid_text(e.label()) + mark + "\n";
  }
  for (const std::string& s : d.final_states) out += "  " + mermaid_id(s) + " --> [*]\n";
  return out;
}

}  // namespace mailsim::proto
