#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "conservation.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/nodes/queue.hpp"
#include "sim/proto/message/message.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

using lesson::check_conservation;
using lesson::dialog;
using lesson::inbox_text;

namespace {
std::string jsonl(const world::World& w) {
  std::ostringstream out;
  trace::write_jsonl(w.trace(), out);
  return out.str();
}
}  // namespace

TEST_CASE("same scenario and seed give a byte-identical trace, another seed differs") {
  world::World a(lesson::two_domains()), b(lesson::two_domains()), c(lesson::two_domains(), 99);
  a.run();
  b.run();
  c.run();
  check_conservation(a);
  CHECK(a.trace().size() > 50);
  CHECK(jsonl(a) == jsonl(b));
  CHECK(jsonl(a) != jsonl(c));  // queue ids and DNS ids come from the seeded RNG
}

TEST_CASE("a message travels client -> submission -> relay -> MX -> mailbox") {
  world::World w(lesson::two_domains());
  lesson::run_checked(w);
  // Connection 1 is the submission: the exact dialog a student reads.
  const auto d = dialog(w, 1);
  REQUIRE(d.size() >= 13);
  CHECK(d[0] == "S: 220 mail.school.example ESMTP mailsim");
  CHECK(d[1] == "C: EHLO pc1.school.example");
  CHECK(d[2] == "S: 250-mail.school.example");
  CHECK(d[3] == "S: 250-PIPELINING");
  CHECK(d[4] == "S: 250-SIZE 10485760");
  CHECK(d[5] == "S: 250-ENHANCEDSTATUSCODES");
  CHECK(d[6] == "S: 250 8BITMIME");
  CHECK(d[7].rfind("C: MAIL FROM:<alice@school.example> SIZE=", 0) == 0);
  CHECK(d[8] == "C: RCPT TO:<bob@home.example>");
  CHECK(d[9] == "C: DATA");
  CHECK(d[10] == "S: 250 2.1.0 Ok");
  CHECK(d[11] == "S: 250 2.1.5 Ok");
  CHECK(d[12] == "S: 354 End data with <CR><LF>.<CR><LF>");
  // The body line ".see you" is dot-stuffed on the wire.
  CHECK(std::find(d.begin(), d.end(), "C: ..see you") != d.end());
  CHECK(std::find(d.begin(), d.end(), "C: QUIT") != d.end());

  const std::string got = inbox_text(w, "bob@home.example");
  REQUIRE_FALSE(got.empty());
  CHECK(got.rfind("Return-Path: <alice@school.example>\r\nDelivered-To: bob@home.example\r\nReceived: from relay.isp.example", 0) == 0);
  // Three hops, three Received fields, newest first; the submission server added Date and Message-ID.
  std::size_t received = 0;
  for (std::size_t p = got.find("Received: "); p != std::string::npos; p = got.find("Received: ", p + 1)) ++received;
  CHECK(received == 3);
  CHECK(got.find("\r\nDate: Mon, 3 Nov 2025 09:00:10 +0000\r\n") != std::string::npos);
  CHECK(got.find("\r\nMessage-ID: <") != std::string::npos);
  CHECK(got.find("\r\n\r\nHi Bob,\r\n.see you\r\n") != std::string::npos);  // unstuffed again
  for (const nodes::Mta* mta : w.nodes<nodes::Mta>()) CHECK(mta->queue().empty());
}

TEST_CASE("destination down: deferred, retried on the Postfix schedule, delivered when it returns") {
  auto s = lesson::two_domains();
  s.failures = lesson::outage("mx.home.example", 5 * kSecond, 40 * kMinute);
  world::World w(s);
  // Between attempts the queue says why the message waits, as `mailq` would.
  lesson::run_checked(w, 10 * kMinute);
  REQUIRE(w.mta("relay.isp.example")->queue().size() == 1);
  const auto& waiting = w.mta("relay.isp.example")->queue().front();
  CHECK(waiting.queue == nodes::QueueName::Deferred);
  CHECK(waiting.attempts == 2);
  CHECK(waiting.last_error == "connect to 10.2.0.25:25: Connection timed out");  // the lesson's MX
  lesson::run_checked(w);
  // Attempt times at the relay: each "queue active" event.
  std::vector<Time> attempts;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Queue && e.host == "relay.isp.example" &&
        e.as<trace::data::Queue>().to == trace::QueueName::Active && e.as<trace::data::Queue>().recipient.empty())
      attempts.push_back(e.time);
  REQUIRE(attempts.size() == 5);
  // First try right away; each failure costs the MX lookup (relay <-> ns.example, 40 ms round trip)
  // and a 30 s connect timeout; then the backoff: 300 s, 600 s, 1200 s, 2400 s.
  const Duration failed_try = 40 * kMillisecond + 30 * kSecond;
  const Time t0 = attempts[0];
  CHECK(attempts[1] - t0 == failed_try + 300 * kSecond);
  CHECK(attempts[2] - attempts[1] == failed_try + 600 * kSecond);
  CHECK(attempts[3] - attempts[2] == failed_try + 1200 * kSecond);
  CHECK(attempts[4] - attempts[3] == failed_try + 2400 * kSecond);
  CHECK(attempts[4] > 40 * kMinute);
  CHECK_FALSE(inbox_text(w, "bob@home.example").empty());
  CHECK(w.mta("relay.isp.example")->queue().empty());
}

TEST_CASE("unknown user: 550 5.1.1 from the MX, a bounce back to the sender") {
  auto s = lesson::two_domains();
  s.messages[0].to = {"nobody@home.example"};
  world::World w(s);
  lesson::run_checked(w);
  bool saw_550 = false;
  for (const auto& e : w.trace().events())
    saw_550 |= e.kind == trace::Kind::Segment && e.host == "mx.home.example" &&
               mailsim::trace::shown_text(e) == "550 5.1.1 <nobody@home.example>: Recipient address rejected: User unknown in local recipient table";
  CHECK(saw_550);
  const std::string dsn = inbox_text(w, "alice@school.example");
  REQUIRE_FALSE(dsn.empty());
  CHECK(dsn.find("Subject: Undelivered Mail Returned to Sender") != std::string::npos);
  CHECK(dsn.find("Final-Recipient: rfc822; nobody@home.example") != std::string::npos);
  CHECK(dsn.find("Status: 5.1.1") != std::string::npos);
  CHECK(dsn.find("Return-Path: <>") == 0);
}

TEST_CASE("destination never returns: the relay gives up after the queue lifetime and bounces") {
  auto s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") h.retry = {5 * kMinute, kHour, 4 * kHour, 0, 30 * kSecond, 5 * kSecond};
  s.failures = lesson::outage("mx.home.example", 0);
  world::World w(s);
  lesson::run_checked(w);
  const std::string dsn = inbox_text(w, "alice@school.example");
  REQUIRE_FALSE(dsn.empty());
  CHECK(dsn.find("Action: failed") != std::string::npos);
  CHECK(dsn.find("Connection timed out") != std::string::npos);
  // The last temporary error, typed as the MTA's own finding (RFC 3464 §2.3.6), as Postfix writes it.
  CHECK(message::unfold(dsn).find("\r\nStatus: 4.4.1\r\nDiagnostic-Code: X-Postfix; delivery temporarily suspended: "
                                  "message expired after 14400s in the queue; last error: connect to 10.2.0.25:25: "
                                  "Connection timed out\r\n") != std::string::npos);
  CHECK(w.now() >= 4 * kHour);
  CHECK(w.mta("relay.isp.example")->queue().empty());
}

TEST_CASE("greylisting: a forced 451 to RCPT defers, the retry after it is cleared delivers") {
  auto s = lesson::two_domains();
  scenario::Failure grey;
  grey.at = 0;
  grey.kind = scenario::FailureKind::SmtpReply;
  grey.host = "mx.home.example";
  grey.port = 25;
  grey.command = "RCPT";
  grey.reply_code = 451;
  grey.reply_enhanced = "4.7.1";
  grey.reply_text = "Greylisted, try again later";
  scenario::Failure clear = grey;
  clear.at = 2 * kMinute;
  clear.kind = scenario::FailureKind::SmtpReplyClear;
  s.failures = {grey, clear};
  world::World w(s);
  lesson::run_checked(w);
  int greylisted = 0;
  for (const auto& e : w.trace().events())
    greylisted += e.kind == trace::Kind::Segment && mailsim::trace::shown_text(e) == "451 4.7.1 Greylisted, try again later";
  CHECK(greylisted == 1);
  CHECK_FALSE(inbox_text(w, "bob@home.example").empty());
}

TEST_CASE("retry arithmetic: first, doubling, capped at max, expiry at give_up") {
  scenario::RetrySchedule s;  // Postfix: 300 s, 4000 s, 5 d
  CHECK(nodes::retry_delay(s, 1) == 300 * kSecond);
  CHECK(nodes::retry_delay(s, 2) == 600 * kSecond);
  CHECK(nodes::retry_delay(s, 3) == 1200 * kSecond);
  CHECK(nodes::retry_delay(s, 4) == 2400 * kSecond);
  CHECK(nodes::retry_delay(s, 5) == 4000 * kSecond);
  CHECK(nodes::retry_delay(s, 60) == 4000 * kSecond);
  CHECK_FALSE(nodes::expired(s, 0, 5 * kDay - 1));
  CHECK(nodes::expired(s, 0, 5 * kDay));
}

TEST_CASE("delay warning: after warn_after the sender hears the message is still being retried") {
  auto s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") {
      h.retry.warn_after = 20 * kMinute;
      h.retry.give_up = 5 * kDay;
    }
  s.failures = lesson::outage("mx.home.example", 0, 2 * kHour);
  world::World w(s);
  lesson::run_checked(w);
  const auto* inbox = world::inbox_of(w, "alice@school.example");
  REQUIRE(inbox);
  REQUIRE(inbox->messages.size() == 1);  // one warning, not one per retry
  const std::string& warning = inbox->messages.front().raw;
  CHECK(warning.find("Subject: Delayed Mail (still being retried)") != std::string::npos);
  CHECK(warning.find("Action: delayed") != std::string::npos);
  CHECK(warning.find("THIS IS A WARNING ONLY") != std::string::npos);
  CHECK_FALSE(inbox_text(w, "bob@home.example").empty());  // and the message still arrives
}
