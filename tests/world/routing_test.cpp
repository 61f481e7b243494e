// Where the relay sends mail (RFC 5321 §5.1) when the MX data is unusual: MX hosts that are the relay
// itself (a mail loop, 5.4.6), a recipient domain DNS says does not exist or has no address (5.4.4),
// and an MX that turns the session away with a 4xx, so the same attempt goes on to the next one.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "conservation.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/trace/transcript.hpp"
#include "sim/proto/message/message.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;
using lesson::run_checked;
using lesson::dialog;

namespace {

// home.example's MX records replaced by `mx`.
scenario::Scenario with_home_mx(const std::vector<dns::Record>& mx) {
  auto s = lesson::two_domains();
  std::erase_if(s.dns_records, [](const dns::Record& r) { return r.name == "home.example" && r.type == dns::Type::MX; });
  s.dns_records.insert(s.dns_records.end(), mx.begin(), mx.end());
  return s;
}

// The DSN alice received, its folded fields unfolded so a long diagnostic reads as one line.
std::string dsn_for_alice(const world::World& w) {
  const auto* inbox = world::inbox_of(w, "alice@school.example");
  REQUIRE(inbox);
  REQUIRE(inbox->messages.size() == 1);
  return message::unfold(inbox->messages.front().raw);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The lines that mention `name`.
std::vector<std::string> about(std::vector<std::string> lines, const std::string& name) {
  std::erase_if(lines, [&](const std::string& l) { return !has(l, name); });
  return lines;
}

// The relay bounced bob's message as a loop at its first attempt, without opening any connection.
void check_loop_bounce(const world::World& w) {
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 8);
  CHECK(q[1] == "attempt 1 (queue active)");
  CHECK(q[2] == "to=<bob@home.example>, relay=none, status=bounced (mail for home.example loops back to myself)");
  CHECK(q[3].rfind("from=<>, ", 0) == 0);  // the DSN
  CHECK(q[4] == "removed (bounced)");
  for (const char* h : {"relay.isp.example", "mx.home.example"})
    CHECK(lesson::connections(w, "relay.isp.example", h).empty());
  const std::string dsn = dsn_for_alice(w);
  CHECK(has(dsn, "\r\n<bob@home.example>: mail for home.example loops back to myself\r\n"));
  CHECK(has(dsn, "\r\nFinal-Recipient: rfc822; bob@home.example\r\nAction: failed\r\nStatus: 5.4.6\r\n"
                 "Diagnostic-Code: X-Postfix; mail for home.example loops back to myself\r\n"));
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
}

}  // namespace

TEST_CASE("MX loop: the only MX of the domain is the relay itself, 5.4.6 bounce") {
  world::World w(with_home_mx({lesson::record("home.example", dns::Type::MX, "relay.isp.example", 10)}));
  run_checked(w);
  check_loop_bounce(w);
}

TEST_CASE("MX loop: every MX host is the relay (another name for its address too), 5.4.6 bounce") {
  auto s = with_home_mx({lesson::record("home.example", dns::Type::MX, "mx1.isp.example", 10),
                         lesson::record("home.example", dns::Type::MX, "relay.isp.example", 20)});
  s.dns_records.push_back(lesson::record("mx1.isp.example", dns::Type::A, "10.1.0.25"));
  world::World w(s);
  run_checked(w);
  check_loop_bounce(w);
}

TEST_CASE("MX loop: the relay is the best MX, so the less preferred real MX may not be used either") {
  // RFC 5321 §5.1: an MX host that finds itself in the list uses only more preferred hosts; mail
  // handed to mx.home.example (preference 10) could come straight back to the relay (preference 5).
  world::World w(with_home_mx({lesson::record("home.example", dns::Type::MX, "relay.isp.example", 5),
                               lesson::record("home.example", dns::Type::MX, "mx.home.example", 10)}));
  run_checked(w);
  check_loop_bounce(w);
}

TEST_CASE("backup MX: the relay listed at preference 20 delivers to the preference 10 host, never to itself") {
  world::World w(with_home_mx({lesson::record("home.example", dns::Type::MX, "mx.home.example", 10),
                               lesson::record("home.example", dns::Type::MX, "relay.isp.example", 20)}));
  run_checked(w);
  CHECK(lesson::connections(w, "relay.isp.example", "relay.isp.example").empty());
  CHECK(lesson::connections(w, "relay.isp.example", "mx.home.example").size() == 1);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
}

TEST_CASE("DNS permanent failure: NXDOMAIN for the recipient domain bounces with 5.4.4 at once") {
  auto s = lesson::two_domains();
  s.messages[0].to = {"bob@nowhere.example"};
  world::World w(s);
  run_checked(w);
  // One question and its answer: NXDOMAIN is final, so no A query follows.
  const auto asked = about(lesson::texts(w, trace::Kind::Datagram, "relay.isp.example"), "nowhere.example");
  const auto told = about(lesson::texts(w, trace::Kind::Datagram, "ns.example"), "nowhere.example");
  REQUIRE(asked.size() == 1);
  REQUIRE(told.size() == 1);
  CHECK(asked[0].ends_with(" MX nowhere.example"));
  CHECK(told[0].ends_with(" NXDOMAIN MX nowhere.example"));
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 8);
  CHECK(q[2] == "to=<bob@nowhere.example>, relay=none, status=bounced (Host or domain name not found. Name service "
                "error for name=nowhere.example type=MX: Host not found)");
  CHECK(q[4] == "removed (bounced)");
  const std::string dsn = dsn_for_alice(w);
  CHECK(has(dsn, "\r\nFinal-Recipient: rfc822; bob@nowhere.example\r\nAction: failed\r\nStatus: 5.4.4\r\n"
                 "Diagnostic-Code: X-Postfix; Host or domain name not found. Name service error for "
                 "name=nowhere.example type=MX: Host not found\r\n"));
}

TEST_CASE("DNS permanent failure: a domain with no MX and no A record bounces with 5.4.4 after both queries") {
  auto s = lesson::two_domains();
  // The name exists (it has a TXT record), so the answers are NOERROR with nothing in them.
  s.dns_records.push_back(lesson::record("textonly.example", dns::Type::TXT, "v=spf1 -all"));
  s.messages[0].to = {"bob@textonly.example"};
  world::World w(s);
  run_checked(w);
  const auto told = about(lesson::texts(w, trace::Kind::Datagram, "ns.example"), "textonly.example");
  REQUIRE(told.size() == 2);
  CHECK(told[0].ends_with(" NOERROR MX textonly.example: (no records)"));
  CHECK(told[1].ends_with(" NOERROR A textonly.example: (no records)"));  // §5.1: the implicit MX
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 8);
  CHECK(q[2] == "to=<bob@textonly.example>, relay=none, status=bounced (Host or domain name not found. Name service "
                "error for name=textonly.example type=A: Host not found)");
  const std::string dsn = dsn_for_alice(w);
  CHECK(has(dsn, "\r\nStatus: 5.4.4\r\nDiagnostic-Code: X-Postfix; Host or domain name not found. Name service error "
                 "for name=textonly.example type=A: Host not found\r\n"));
}

namespace {

// home.example gets a second MX, mx2.home.example at preference 20, which also holds bob's mailbox;
// the primary is made to answer `command` with the given reply from the start.
scenario::Scenario with_backup(const std::string& command, int code, const std::string& enhanced, const std::string& text) {
  auto s = lesson::two_domains();
  auto mx2 = lesson::host("mx2.home.example", "10.2.0.26", scenario::Role::Destination);
  mx2.domains = {"home.example"};
  s.hosts.push_back(mx2);
  s.links.push_back({"mx2.home.example", "internet", 10 * kMillisecond});
  s.dns_records.push_back(lesson::record("home.example", dns::Type::MX, "mx2.home.example", 20));
  s.dns_records.push_back(lesson::record("mx2.home.example", dns::Type::A, "10.2.0.26"));
  s.accounts.push_back({"bob@home.example", "mx2.home.example", "bob", "secret"});
  if (code != 0) {
    scenario::Failure f;
    f.at = 0;
    f.kind = scenario::FailureKind::SmtpReply;
    f.host = "mx.home.example";
    f.port = 25;
    f.command = command;
    f.reply_code = code;
    f.reply_enhanced = enhanced;
    f.reply_text = text;
    s.failures = {f};
  }
  return s;
}

std::size_t inbox_size(const world::World& w, const std::string& server) {
  return w.destination(server)->store().find("bob")->folders.at("INBOX").messages.size();
}

// The same attempt went on from the primary to mx2.home.example, which took the message.
void check_failed_over(const world::World& w) {
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 4);
  CHECK(q[1] == "attempt 1 (queue active)");
  CHECK(q[2].rfind("to=<bob@home.example>, relay=mx2.home.example[10.2.0.26]:25, status=sent (250 2.0.0 Ok: queued as ", 0) == 0);
  CHECK(q[3] == "removed (delivered)");
  CHECK(lesson::connections(w, "relay.isp.example", "mx2.home.example").size() == 1);
  CHECK(inbox_size(w, "mx.home.example") == 0);
  CHECK(inbox_size(w, "mx2.home.example") == 1);
}

std::vector<std::string> primary_dialog(const world::World& w) {
  const auto conns = lesson::connections(w, "relay.isp.example", "mx.home.example");
  REQUIRE(conns.size() == 1);
  return dialog(w, conns[0]);
}

}  // namespace

TEST_CASE("MX failover: the primary greets 421, the same attempt delivers to MX 20") {
  world::World w(with_backup("CONNECT", 421, "", "mx.home.example Service not available, closing transmission channel"));
  run_checked(w);
  // §3.8: after a 421 the server closes; the client sends nothing, not even QUIT.
  CHECK(primary_dialog(w) == std::vector<std::string>{"S: 421 mx.home.example Service not available, closing transmission channel"});
  check_failed_over(w);
}

TEST_CASE("MX failover: the primary answers EHLO with 451, the same attempt delivers to MX 20") {
  world::World w(with_backup("EHLO", 451, "4.3.2", "System not accepting network messages"));
  run_checked(w);
  const std::vector<std::string> expected = {"S: 220 mx.home.example ESMTP mailsim", "C: EHLO relay.isp.example",
                                             "S: 451 4.3.2 System not accepting network messages", "C: QUIT",
                                             "S: 221 2.0.0 Bye"};
  CHECK(primary_dialog(w) == expected);
  check_failed_over(w);
}

TEST_CASE("MX failover: the primary answers MAIL with 451, the same attempt delivers to MX 20") {
  world::World w(with_backup("MAIL", 451, "4.3.0", "Temporary failure"));
  run_checked(w);
  const auto d = primary_dialog(w);
  REQUIRE(d.size() == 15);
  CHECK(d[7] == "C: MAIL FROM:<alice@school.example> SIZE=666");
  // Pipelined: the RCPT and DATA after a refused MAIL are refused as out of sequence.
  CHECK(d[10] == "S: 451 4.3.0 Temporary failure");
  CHECK(d[11] == "S: 503 5.5.1 Error: need MAIL command");
  CHECK(d[12] == "S: 503 5.5.1 Error: need RCPT command");
  CHECK(d[13] == "C: QUIT");
  check_failed_over(w);
}

TEST_CASE("MX failover: the primary is down, the connect times out and the same attempt delivers to MX 20") {
  auto s = with_backup("", 0, "", "");
  s.failures = lesson::outage("mx.home.example", 0);
  world::World w(s);
  run_checked(w);
  CHECK(lesson::connections(w, "relay.isp.example", "mx.home.example").empty());
  std::vector<std::string> timed_out;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::TimedOut && e.host == "relay.isp.example")
      timed_out.push_back(trace::transcript_line(e).substr(format_time(e.time).size() + 2));
  CHECK(timed_out == std::vector<std::string>{"relay.isp.example: connect to 10.2.0.25:25: Connection timed out"});
  check_failed_over(w);
}

TEST_CASE("MX failover: when every MX says 421 the message is deferred with the last one's reply") {
  auto s = with_backup("CONNECT", 421, "", "mx.home.example Service not available, closing transmission channel");
  scenario::Failure second = s.failures[0];
  second.host = "mx2.home.example";
  second.reply_text = "mx2.home.example Service not available, closing transmission channel";
  s.failures.push_back(second);
  world::World w(s);
  run_checked(w, kMinute);
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 4);
  CHECK(q[2] == "to=<bob@home.example>, relay=mx2.home.example[10.2.0.26]:25, status=deferred (host mx2.home.example"
                "[10.2.0.26] said: 421 mx2.home.example Service not available, closing transmission channel)");
  CHECK(q[3].rfind("deferred; next attempt at ", 0) == 0);
  REQUIRE(w.mta("relay.isp.example")->queue().size() == 1);
  const auto& waiting = w.mta("relay.isp.example")->queue().front();
  CHECK(waiting.attempts == 1);
  CHECK(waiting.last_error == "host mx2.home.example[10.2.0.26] said: 421 mx2.home.example Service not available, "
                              "closing transmission channel");
}
