// The receiving server checks SPF after MAIL FROM, with its TXT queries over the virtual network,
// and answers MAIL only when the check is done: reject_fail refuses a fail with 550 5.7.23 and a
// temperror with 451 4.7.24, tag only records; the result is in the trace and in the message.
#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>

#include "lesson.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

// The two-domain lesson, where school.example allows only its relay (10.1.0.25) to send its mail,
// and mx.home.example checks SPF with `policy`.
scenario::Scenario spf_lesson(scenario::SpfPolicy policy, std::string spf_record = "v=spf1 ip4:10.1.0.25 -all") {
  scenario::Scenario s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "mx.home.example") h.sender_auth.spf = policy;
  s.dns_records.push_back(lesson::record("school.example", dns::Type::TXT, std::move(spf_record)));
  return s;
}

// pc1 (10.0.0.10) talks to mx.home.example:25 itself, as a spammer's machine would: one write
// once the greeting is in.
void speak_to_mx(world::World& w, const std::string& dialog) {
  w.network().connect("pc1.school.example", "10.2.0.25", 25, 30 * kSecond,
                      {[dialog](net::Endpoint ep) {
                         ep.set_handlers({[ep, dialog](std::string_view bytes) {
                                            if (bytes.starts_with("220 ")) ep.send(dialog, trace::Payload::Command);
                                          },
                                          [ep] { ep.close(); },
                                          {}});
                       },
                       {}});
}

const std::string kForged = "EHLO pc1.school.example\r\nMAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nQUIT\r\n";

std::string transcript(const world::World& w) {
  std::ostringstream out;
  trace::write_transcript(w.trace(), out);
  return out.str();
}

std::vector<trace::data::Auth> auth_events(const world::World& w) {
  std::vector<trace::data::Auth> out;
  for (const auto& e : w.trace().events())
    if (const auto* a = e.get<trace::data::Auth>()) out.push_back(*a);
  return out;
}

std::string inbox_message(const world::World& w) {
  const auto* f = world::inbox_of(w, "bob@home.example");
  REQUIRE(f != nullptr);
  REQUIRE(f->messages.size() == 1);
  return f->messages[0].raw;
}

}  // namespace

TEST_CASE("reject_fail: the relay the record names passes and the message carries the result") {
  world::World w(spf_lesson(scenario::SpfPolicy::RejectFail));
  w.run(10 * kMinute);
  const std::string raw = inbox_message(w);
  const std::string t = transcript(w);
  // The TXT query goes from the MX to its resolver, between MAIL FROM and its reply.
  const auto mail = t.find("C: MAIL FROM:<alice@school.example>", t.find("relay.isp.example:"));
  const auto query = t.find("DNS mx.home.example -> ns.example: query id=", mail);
  const auto txt = t.find(" TXT school.example", query);
  const auto ok = t.find("S: 250 2.1.0 Ok", query);
  CHECK(mail != std::string::npos);
  CHECK(query != std::string::npos);
  CHECK(txt < ok);
  const auto a = auth_events(w);
  REQUIRE(a.size() == 1);
  CHECK(a[0].method == "spf");
  CHECK(a[0].result == "pass");
  CHECK(a[0].domain == "school.example");
  CHECK(a[0].action == "none");
  CHECK(a[0].reason == "ip4:10.1.0.25");
  // Below the server's own Received line: Authentication-Results, then Received-SPF.
  const auto received = raw.find("Received: from relay.isp.example");
  const auto ar = raw.find("\r\nAuthentication-Results: mx.home.example;\r\n\tspf=pass\r\n"
                            "\t(domain of alice@school.example designates 10.1.0.25 as permitted sender)\r\n"
                            "\tsmtp.mailfrom=alice@school.example\r\n");
  const auto rspf = raw.find("\r\nReceived-SPF: pass (mx.home.example: domain of alice@school.example designates\r\n"
                             " 10.1.0.25 as permitted sender) receiver=mx.home.example; client-ip=10.1.0.25;\r\n");
  CHECK(received != std::string::npos);
  CHECK(ar != std::string::npos);
  CHECK(rspf != std::string::npos);
  CHECK(received < ar);
  CHECK(ar < rspf);
}

TEST_CASE("reject_fail: a host the record does not name is refused at MAIL FROM with 550 5.7.23 and the explanation") {
  auto s = spf_lesson(scenario::SpfPolicy::RejectFail);
  s.messages.clear();
  world::World w(std::move(s));
  speak_to_mx(w, kForged);
  w.run(10 * kMinute);
  const std::string t = transcript(w);
  CHECK(t.find("S: 550 5.7.23 10.0.0.10 is not allowed to send mail for school.example\n") != std::string::npos);
  CHECK(t.find("S: 503 5.5.1 Error: need MAIL command\n") != std::string::npos);
  CHECK(t.find("AUTH mx.home.example: spf=fail") != std::string::npos);
  const auto a = auth_events(w);
  REQUIRE(a.size() == 1);
  CHECK(a[0].result == "fail");
  CHECK(a[0].action == "reject");
}

TEST_CASE("tag: the same host gets 250 and only the result is recorded") {
  auto s = spf_lesson(scenario::SpfPolicy::Tag);
  s.messages.clear();
  world::World w(std::move(s));
  speak_to_mx(w, kForged);
  w.run(10 * kMinute);
  const std::string t = transcript(w);
  CHECK(t.find("S: 550 5.7.23") == std::string::npos);
  CHECK(t.find("S: 250 2.1.5 Ok\n") != std::string::npos);
  const auto a = auth_events(w);
  REQUIRE(a.size() == 1);
  CHECK(a[0].result == "fail");
  CHECK(a[0].action == "none");
}

TEST_CASE("reject_fail: a resolver that does not answer is a temperror, 451 4.7.24") {
  auto s = spf_lesson(scenario::SpfPolicy::RejectFail);
  s.messages.clear();
  for (auto& h : s.hosts)
    if (h.name == "ns.example") h.up = false;
  world::World w(std::move(s));
  speak_to_mx(w, kForged);
  w.run(10 * kMinute);
  const std::string t = transcript(w);
  CHECK(t.find("DNS mx.home.example: no answer for TXT school.example") != std::string::npos);
  CHECK(t.find("S: 451 4.7.24 SPF validation error: ") != std::string::npos);
  const auto a = auth_events(w);
  REQUIRE(a.size() == 1);
  CHECK(a[0].result == "temperror");
  CHECK(a[0].action == "defer");
}

TEST_CASE("the null sender: the HELO name is checked") {
  auto s = spf_lesson(scenario::SpfPolicy::RejectFail);
  s.messages.clear();
  s.dns_records.push_back(lesson::record("pc1.school.example", dns::Type::TXT, "v=spf1 -all"));
  world::World w(std::move(s));
  speak_to_mx(w, "EHLO pc1.school.example\r\nMAIL FROM:<>\r\nQUIT\r\n");
  w.run(10 * kMinute);
  const auto a = auth_events(w);
  REQUIRE(a.size() == 1);
  CHECK(a[0].domain == "pc1.school.example");
  CHECK(a[0].text.find("smtp.helo=pc1.school.example") != std::string::npos);
  CHECK(transcript(w).find("S: 550 5.7.23 ") != std::string::npos);
}

TEST_CASE("off: no query, no header, the same dialog as without the check") {
  world::World w(spf_lesson(scenario::SpfPolicy::Off));
  w.run(10 * kMinute);
  CHECK(transcript(w).find(" TXT ") == std::string::npos);
  CHECK(auth_events(w).empty());
  CHECK(inbox_message(w).find("Authentication-Results") == std::string::npos);
}
