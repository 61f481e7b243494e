#pragma once
// The trace as a ladder (Wireshark's flow graph, a SIP call ladder), written as a Mermaid
// sequenceDiagram in a Markdown file: one column per host, time downwards, one arrow per command,
// reply (a multi-line reply is one arrow) and DNS message, with the connection attempts that failed. The mail data of one DATA/RETR/
// FETCH is one arrow, not one per line. GitHub, GitLab and most Markdown viewers draw it.
#include <ostream>
#include <string>

#include "sim/trace/event.hpp"

namespace mailsim::exporter {

// `title` heads the file.
void write_ladder(const trace::Trace& trace, const std::string& title, std::ostream& out);

// `text` made safe for a Mermaid message: the characters Mermaid reads as syntax or markup (";",
// "#", "<", ">") as its entity codes, and at most `limit` characters of the original, "..." after
// a cut.
std::string mermaid_text(const std::string& text, std::size_t limit = 100);

}  // namespace mailsim::exporter
