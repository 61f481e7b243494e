// `mailsim run --ladder`: the run as a Mermaid sequenceDiagram, one column per host, one arrow per
// command, reply and DNS message, failed connection attempts included.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "sim/export/ladder.hpp"
#include "sim/export/ladder_rows.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

std::string ladder_of(const std::string& lesson) {
  world::World w(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/" + lesson + ".json"));
  w.run();
  std::ostringstream out;
  exporter::write_ladder(w.trace(), lesson, out);
  return out.str();
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("ladder: Mermaid's syntax characters become entity codes, long text is cut") {
  CHECK(exporter::mermaid_text("MAIL FROM:<a@b>; #1") == "MAIL FROM:#lt;a@b#gt;#59; #35;1");
  CHECK(exporter::mermaid_text("abcdef", 3) == "abc...");
  CHECK(exporter::mermaid_text("abc", 3) == "abc");
  CHECK(exporter::mermaid_text(std::string("a\tb\0c", 5)) == "a b c");
}

TEST_CASE("ladder of basic-delivery: hosts as columns, a reply of many lines as one arrow, data as one") {
  const std::string l = ladder_of("basic-delivery");
  CHECK(l.starts_with("# basic-delivery\n\n```mermaid\nsequenceDiagram\n"
                      "  participant H0 as pc1.school.example\n"
                      "  participant H1 as mail.school.example\n"
                      "  participant H2 as ns.example\n"
                      "  participant H3 as mx.school.example\n"
                      "  H0->>H1: 00:00:10.000 connect to port 587 (SYN)\n"
                      "  H1-->>H0: 00:00:10.002 220 mail.school.example ESMTP mailsim\n"
                      "  H0->>H1: 00:00:10.004 EHLO pc1.school.example\n"
                      "  H1-->>H0: 00:00:10.006 250-mail.school.example<br/>250-PIPELINING<br/>250-SIZE 10485760"
                      "<br/>250-ENHANCEDSTATUSCODES<br/>250 8BITMIME\n"
                      "  H0->>H1: 00:00:10.008 MAIL FROM:#lt;alice@school.example#gt; SIZE=290\n"));
  CHECK(has_line(l, "  H0->>H1: 00:00:10.012 (message data, 15 lines)"));
  CHECK(has_line(l, "  H1-)H2: 00:00:10.014 query id=41895 MX school.example"));
  CHECK(has_line(l, "  H2-)H1: 00:00:10.030 response id=41895 NOERROR MX school.example: 10 mx.school.example"));
  CHECK(l.ends_with("```\n"));
  // Every arrow joins two declared columns, and no text holds what Mermaid would read as syntax.
  const std::regex arrow(R"(  H(\d+)(->>|-->>|-\)|-x|--x)H(\d+): \d\d:\d\d:\d\d\.\d{3} [^;<>#]*(#(lt|gt|59|35);[^;<>#]*|<br/>[^;<>#]*)*)");
  std::istringstream lines(l);
  std::string line;
  int arrows = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("  H", 0) != 0) continue;
    CAPTURE(line);
    std::smatch m;
    REQUIRE(std::regex_match(line, m, arrow));
    CHECK(std::stoi(m[1]) < 4);
    CHECK(std::stoi(m[3]) < 4);
    ++arrows;
  }
  CHECK(arrows == 30);  // two connections of 14 arrows each (SYN to 221), an MX query and its answer
}

TEST_CASE("ladder of destination-down-retry: every connection attempt that got no answer is an arrow") {
  const std::string l = ladder_of("destination-down-retry");
  CHECK(has_line(l, "  H3-xH4: 00:00:40.210 no answer from port 25: timed out"));
  CHECK(has_line(l, "  H3-xH4: 00:06:10.230 no answer from port 25: timed out"));
  std::size_t timeouts = 0;
  for (std::size_t at = l.find("timed out"); at != std::string::npos; at = l.find("timed out", at + 1)) ++timeouts;
  world::World w(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/destination-down-retry.json"));
  w.run();
  std::size_t in_trace = 0;
  for (const trace::Event& e : w.trace().events()) in_trace += e.kind == trace::Kind::TimedOut;
  CHECK(in_trace >= 4);
  CHECK(timeouts == in_trace);
}

TEST_CASE("ladder rows, as the app draws them: each arrow points back at the events it stands for") {
  world::World w(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/basic-delivery.json"));
  w.run();
  const auto& ev = w.trace().events();
  const exporter::Ladder l = exporter::ladder_of(ev);
  CHECK(l.hosts == std::vector<std::string>{"pc1.school.example", "mail.school.example", "ns.example", "mx.school.example"});
  REQUIRE(l.arrows.size() == 30);
  // The EHLO reply: one arrow of five lines, from its first line's event to its last, code 250.
  const exporter::LadderArrow& ehlo = l.arrows[3];
  CHECK(ehlo.kind == exporter::ArrowKind::Reply);
  CHECK(ehlo.code == 250);
  CHECK(ehlo.lines.size() == 5);
  CHECK(ehlo.lines.front() == "250-mail.school.example");
  CHECK(ev[ehlo.event].as<trace::data::Segment>().text == "250-mail.school.example");
  CHECK(ev[ehlo.last_event].as<trace::data::Segment>().text == "250 8BITMIME");
  CHECK(ehlo.time == ev[ehlo.event].time);
  CHECK(ehlo.conn == ev[ehlo.event].conn);
  CHECK(ehlo.from == "mail.school.example");
  CHECK(ehlo.to == "pc1.school.example");
  // The mail data: one arrow over its 15 lines, each a content segment of one connection.
  const auto data = std::find_if(l.arrows.begin(), l.arrows.end(),
                                 [](const exporter::LadderArrow& a) { return a.kind == exporter::ArrowKind::Data; });
  REQUIRE(data != l.arrows.end());
  CHECK(data->data_lines == 15);
  CHECK(data->lines == std::vector<std::string>{"(message data, 15 lines)"});
  for (std::uint32_t i = data->event; i <= data->last_event; ++i)
    if (ev[i].kind == trace::Kind::Segment && ev[i].conn == data->conn && ev[i].host == data->from)
      CHECK(ev[i].as<trace::data::Segment>().what == trace::Payload::Content);
  // In the order they end; each starts no later than the next one ends.
  for (std::size_t i = 1; i < l.arrows.size(); ++i) CHECK(l.arrows[i - 1].event <= l.arrows[i].last_event);
}
