// A bounce looks different on the map: the content of an SMTP transaction whose MAIL FROM is the
// null reverse-path (<>) travels as PacketShape::Bounce, the rest as envelopes. The fact is read
// once, when the line is recorded (sim/trace/line_facts.cpp), as LineFacts::null_sender.
#include <doctest/doctest.h>

#include "sim/scenario/load.hpp"
#include "sim/trace/line_facts.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;
using namespace mailsim::viz;

TEST_CASE("bounce: MAIL FROM:<> is the null sender, read once with the line") {
  using trace::Direction;
  using trace::Payload;
  auto null_sender = [](const char* line) {
    return trace::read_line("smtp", Direction::ClientToServer, Payload::Command, line).null_sender;
  };
  CHECK(null_sender("MAIL FROM:<>"));
  CHECK(null_sender("MAIL FROM:<> SIZE=2166"));
  CHECK(null_sender("mail from: <>"));
  CHECK_FALSE(null_sender("MAIL FROM:<alice@school.example>"));
  CHECK_FALSE(null_sender("RCPT TO:<>"));
  CHECK_FALSE(null_sender("MAIL"));
  CHECK_FALSE(trace::read_line("smtp", Direction::ServerToClient, Payload::Reply, "250 <> Ok").null_sender);
}

TEST_CASE("bounce: in unknown-user the relay's bounce to the sender travels as bounce envelopes, the mail as envelopes") {
  Session s(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/unknown-user.json"));
  const auto& m = s.model();
  std::size_t bounces = 0, envelopes = 0;
  std::uint64_t bounce_conn = 0;
  for (const auto& p : m.packets()) {
    const auto& e = m.events()[p.event];
    if (p.shape == PacketShape::Bounce) {
      ++bounces;
      if (!bounce_conn) bounce_conn = e.conn;
      CHECK(e.conn == bounce_conn);  // one connection carries it: the relay's to mx.school.example
      CHECK(e.host == "relay.isp.example");
    }
    if (p.shape == PacketShape::Envelope) ++envelopes;
  }
  CHECK(bounces > 10);    // the DSN's lines, report and returned headers
  CHECK(envelopes > 10);  // Alice's message on its two hops that worked
  // Every content line of that connection is a bounce's, and its MAIL had the null sender.
  const Connection* c = m.connection(bounce_conn);
  REQUIRE(c);
  CHECK(c->server == "mx.school.example");
  bool saw_null_mail = false;
  for (const auto& l : c->lines) {
    const auto& seg = m.events()[l.event].as<trace::data::Segment>();
    if (seg.facts.keyword == "MAIL") saw_null_mail = seg.facts.null_sender;
  }
  CHECK(saw_null_mail);
}
