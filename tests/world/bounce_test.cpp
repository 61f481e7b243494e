// Who hears about failed mail: the envelope sender gets one DSN for the recipients that failed, and a
// DSN that itself cannot be delivered is discarded, never bounced again (RFC 5321 §6.1) — and never
// called discarded while it is still being retried.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "conservation.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;
using lesson::run_checked;
using lesson::dialog;

namespace {

std::vector<std::string> bounces(const world::World& w) {
  std::vector<std::string> out;
  for (const auto& e : w.trace().events())
    if (const auto* b = e.get<trace::data::Bounce>())
      out.push_back(e.host + ": " + (b->action == trace::BounceAction::Failed ? "bounce" : "delay warning") + " to <" +
                    e.peer + "> as " + b->report_queue_id);
  return out;
}

bool every_queue_empty(const world::World& w) {
  for (const nodes::Mta* mta : w.nodes<nodes::Mta>())
    if (!mta->queue().empty()) return false;
  return true;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kGhostUnknown =
    "550 5.1.1 <ghost@school.example>: Recipient address rejected: User unknown in local recipient table";

}  // namespace

TEST_CASE("partial failure: one recipient delivered, the sender's DSN lists only the one that failed") {
  auto s = lesson::two_domains();
  s.messages[0].to = {"bob@home.example", "nobody@home.example"};
  world::World w(s);
  run_checked(w);
  CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
  CHECK(bounces(w).size() == 1);
  const auto* inbox = world::inbox_of(w, "alice@school.example");
  REQUIRE(inbox);
  REQUIRE(inbox->messages.size() == 1);
  const std::string& dsn = inbox->messages.front().raw;
  CHECK(has(dsn, "\r\nFinal-Recipient: rfc822; nobody@home.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"));
  CHECK_FALSE(has(dsn, "Final-Recipient: rfc822; bob@home.example"));
  CHECK(every_queue_empty(w));
}

TEST_CASE("discarded bounce: the DSN to a sender with no mailbox fails too and is discarded, not bounced again") {
  auto s = lesson::two_domains();
  s.messages[0].from = "ghost@school.example";  // the submission server takes any sender from its network
  s.messages[0].to = {"nobody@home.example"};
  world::World w(s);
  run_checked(w);
  // One bounce in the whole world: the relay's, to the envelope sender.
  const auto b = bounces(w);
  REQUIRE(b.size() == 1);
  REQUIRE(b[0].rfind("relay.isp.example: bounce to <ghost@school.example> as ", 0) == 0);
  const std::string dsn_id = b[0].substr(b[0].rfind(' ') + 1);
  // The DSN goes out with the null sender and is refused like any mail for a missing user.
  const auto conns = lesson::connections(w, "relay.isp.example", "mx.school.example");
  REQUIRE(conns.size() == 1);
  const auto d = dialog(w, conns[0]);
  REQUIRE(d.size() == 15);
  CHECK(d[7].rfind("C: MAIL FROM:<> SIZE=", 0) == 0);
  CHECK(d[8] == "C: RCPT TO:<ghost@school.example>");
  CHECK(d[11] == "S: " + kGhostUnknown);
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE(q.size() == 8);
  CHECK(q[3].rfind("from=<>, size=", 0) == 0);
  CHECK(q[5] == "attempt 1 (queue active)");
  CHECK(q[6] == "to=<ghost@school.example>, relay=mx.school.example[10.0.0.26]:25, status=bounced (host "
                "mx.school.example[10.0.0.26] said: " + kGhostUnknown + ")");
  CHECK(q[7] == "removed (bounced)");
  // What a student reads instead of a second bounce.
  CHECK(lesson::texts(w, trace::Kind::Note, "relay.isp.example") ==
        std::vector<std::string>{dsn_id + ": undeliverable bounce discarded"});
  CHECK(every_queue_empty(w));
  for (const nodes::Destination* dest : w.nodes<nodes::Destination>())
    for (const auto& [user, account] : dest->store().accounts()) CHECK(account.folders.at("INBOX").messages.empty());
}

TEST_CASE("a bounce waiting for a server that is down gets no delay warning and is not traced as discarded") {
  auto s = lesson::two_domains();
  s.messages[0].to = {"nobody@home.example"};
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") h.retry.warn_after = 20 * kMinute;
  s.failures = lesson::outage("mx.school.example", 0, 2 * kHour);
  world::World w(s);
  run_checked(w);
  CHECK(bounces(w).size() == 1);
  CHECK(lesson::texts(w, trace::Kind::Note, "relay.isp.example").empty());
  // The bounce arrives once mx.school.example is back, and it is the only thing alice gets.
  const auto* inbox = world::inbox_of(w, "alice@school.example");
  REQUIRE(inbox);
  REQUIRE(inbox->messages.size() == 1);
  CHECK(has(inbox->messages.front().raw, "\r\nSubject: Undelivered Mail Returned to Sender\r\n"));
  CHECK(inbox->messages.front().internal_date > 2 * kHour);
  CHECK(every_queue_empty(w));
}

TEST_CASE("a bounce that cannot be delivered before the queue lifetime ends expires and is discarded") {
  auto s = lesson::two_domains();
  s.messages[0].to = {"nobody@home.example"};
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") h.retry = {5 * kMinute, 20 * kMinute, kHour, 0, 30 * kSecond, 5 * kSecond};
  s.failures = lesson::outage("mx.school.example", 0);
  world::World w(s);
  run_checked(w);
  const auto b = bounces(w);
  REQUIRE(b.size() == 1);
  const std::string dsn_id = b[0].substr(b[0].rfind(' ') + 1);
  const auto q = lesson::queue_lines(w, "relay.isp.example");
  REQUIRE_FALSE(q.empty());
  CHECK(q.back() == "removed (expired)");
  CHECK(lesson::texts(w, trace::Kind::Note, "relay.isp.example") ==
        std::vector<std::string>{dsn_id + ": undeliverable bounce discarded"});
  CHECK(w.now() >= 10 * kSecond + kHour);
  CHECK(every_queue_empty(w));
}
