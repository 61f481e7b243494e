#include "sim/export/ladder.hpp"

#include <map>

#include "sim/export/ladder_rows.hpp"
#include "sim/kernel/time.hpp"

namespace mailsim::exporter {

namespace {

// The transcript's stamp to the millisecond ("00:00:10.006"): the microseconds only blur a ladder.
std::string when(Time t) {
  std::string stamp = format_time(t);
  return stamp.size() > 3 ? stamp.substr(0, stamp.size() - 3) : stamp;
}

const char* style(ArrowKind k) {
  switch (k) {
    case ArrowKind::Command:
    case ArrowKind::Data:
    case ArrowKind::Connect: return "->>";
    case ArrowKind::Reply: return "-->>";
    case ArrowKind::Datagram: return "-)";
    case ArrowKind::Refused: return "--x";
    case ArrowKind::TimedOut: return "-x";
  }
  return "->>";
}

}  // namespace

std::string mermaid_text(const std::string& text, std::size_t limit) {
  std::string out;
  std::size_t n = 0;
  for (const char c : text) {
    if (n++ == limit) return out + "...";
    switch (c) {
      case ';': out += "#59;"; break;
      case '#': out += "#35;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      default: out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
  }
  return out;
}

void write_ladder(const trace::Trace& trace, const std::string& title, std::ostream& out) {
  const Ladder ladder = ladder_of(trace.events());
  std::map<std::string, std::size_t> column;
  out << "# " << title << "\n\n```mermaid\nsequenceDiagram\n";
  for (std::size_t i = 0; i < ladder.hosts.size(); ++i) {
    column.emplace(ladder.hosts[i], i);
    out << "  participant H" << i << " as " << ladder.hosts[i] << "\n";
  }
  for (const LadderArrow& a : ladder.arrows) {
    // The time before the first line; a reply's further lines under it.
    std::string text = mermaid_text(when(a.time) + " " + a.lines.front());
    for (std::size_t i = 1; i < a.lines.size(); ++i) text += "<br/>" + mermaid_text(a.lines[i]);
    out << "  H" << column.at(a.from) << style(a.kind) << "H" << column.at(a.to) << ": " << text << "\n";
  }
  out << "```\n";
}

}  // namespace mailsim::exporter
