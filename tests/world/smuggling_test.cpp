// SMTP smuggling against the world's own servers, on 25 (a destination) and on 587 (a submission
// server): a client that sends "<LF>.<CR><LF>" and a second transaction behind it. What each
// smtpd_forbid_bare_newline value lets into the mailbox, and that the trace keeps the bare LF.
#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>

#include "lesson.hpp"
#include "sim/export/pcap.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

const std::string kAttack =
    "EHLO attacker.example\r\n"
    "MAIL FROM:<alice@school.example>\r\n"
    "RCPT TO:<bob@home.example>\r\n"
    "DATA\r\n"
    "Subject: hello\r\n\r\nfirst part\n.\r\n"
    "MAIL FROM:<evil@attacker.example>\r\n"
    "RCPT TO:<bob@home.example>\r\n"
    "DATA\r\n"
    "From: ceo@home.example\r\n\r\nsmuggled\r\n"
    ".\r\n"
    "QUIT\r\n";

// Runs the two-domain lesson with `host`'s policy set, and a raw client on pc1 that sends the
// attack to address:port in one write once the greeting is in.
std::unique_ptr<world::World> attacked(const std::string& host, smtp::BareNewline policy, const std::string& address,
                      std::uint16_t port) {
  scenario::Scenario s = lesson::two_domains();
  s.messages.clear();
  for (auto& h : s.hosts)
    if (h.name == host) h.smtpd_forbid_bare_newline = policy;
  auto w = std::make_unique<world::World>(std::move(s));
  w->network().connect("pc1.school.example", address, port, 30 * kSecond,
                      {[](net::Endpoint ep) {
                         ep.set_handlers({[ep](std::string_view bytes) {
                                            if (bytes.starts_with("220 ")) ep.send(kAttack, trace::Payload::Command);
                                          },
                                          [ep] { ep.close(); },
                                          {}});
                       },
                       {}});
  w->run(10 * kMinute);
  return w;
}

std::size_t inbox_size(const world::World& w) {
  const auto* f = world::inbox_of(w, "bob@home.example");
  return f ? f->messages.size() : 0;
}

std::string transcript(const world::World& w) {
  std::ostringstream out;
  trace::write_transcript(w.trace(), out);
  return out.str();
}

}  // namespace

TEST_CASE("smuggling on 25: under no the forged second message reaches the mailbox") {
  auto wp = attacked("mx.home.example", smtp::BareNewline::No, "10.2.0.25", 25);
  const world::World& w = *wp;
  REQUIRE(inbox_size(w) == 2);
  const auto& second = world::inbox_of(w, "bob@home.example")->messages[1].raw;
  CHECK(second.starts_with("Return-Path: <evil@attacker.example>\r\n"));
  CHECK(second.find("\r\n\r\nsmuggled\r\n") != std::string::npos);
}

TEST_CASE("smuggling on 25: under normal one message arrives, the commands are its text") {
  auto wp = attacked("mx.home.example", smtp::BareNewline::Normal, "10.2.0.25", 25);
  const world::World& w = *wp;
  REQUIRE(inbox_size(w) == 1);
  const auto& only = world::inbox_of(w, "bob@home.example")->messages[0].raw;
  CHECK(only.starts_with("Return-Path: <alice@school.example>\r\n"));
  CHECK(only.find("\r\nfirst part\r\n\r\nMAIL FROM:<evil@attacker.example>\r\n") != std::string::npos);
}

TEST_CASE("smuggling on 25: under strict the session ends with 521 and nothing arrives") {
  auto wp = attacked("mx.home.example", smtp::BareNewline::Strict, "10.2.0.25", 25);
  const world::World& w = *wp;
  CHECK(inbox_size(w) == 0);
  CHECK(transcript(w).find("#1 S: 521 5.5.2 Error: bare <LF> received\n") != std::string::npos);
}

TEST_CASE("smuggling on 587: the submission server under no queues and relays both messages") {
  auto wp = attacked("mail.school.example", smtp::BareNewline::No, "10.0.0.25", 587);
  const world::World& w = *wp;
  CHECK(inbox_size(w) == 2);
  auto fixedp = attacked("mail.school.example", smtp::BareNewline::Normal, "10.0.0.25", 587);
  const world::World& fixed = *fixedp;
  CHECK(inbox_size(fixed) == 1);
}

TEST_CASE("the trace keeps the bare LF: transcript, JSON lines, and the bytes of every line") {
  auto wp = attacked("mx.home.example", smtp::BareNewline::Normal, "10.2.0.25", 25);
  const world::World& w = *wp;
  const std::string t = transcript(w);
  CHECK(t.find("#1 C: first part<LF>\n") != std::string::npos);
  CHECK(t.find("#1 C: .\n") != std::string::npos);
  std::ostringstream j;
  trace::write_jsonl(w.trace(), j);
  CHECK(j.str().find(R"("payload":"command","text":"first part","eol":"lf")") != std::string::npos);
  // Everything the client sent on connection 1, rebuilt from the trace, is the attack byte for byte.
  std::string sent;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Segment && e.conn == 1 && e.dir == trace::Direction::ClientToServer)
      sent += e.as<trace::data::Segment>().text + trace::bytes_of(e.as<trace::data::Segment>().eol);
  CHECK(sent == kAttack);
}

TEST_CASE("the capture carries the bare LF as sent, not a CRLF the trace never saw") {
  auto wp = attacked("mx.home.example", smtp::BareNewline::Normal, "10.2.0.25", 25);
  std::map<std::string, std::string> addresses;
  for (const auto& h : wp->network().hosts()) addresses[h.name] = h.address;
  std::ostringstream pcap;
  exporter::write_pcap(wp->trace(), addresses, 0, pcap);
  CHECK(pcap.str().find("first part\n") != std::string::npos);
  CHECK(pcap.str().find("first part\r\n") == std::string::npos);
}
