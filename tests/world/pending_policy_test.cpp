// A policy hook that answers later, over virtual time: the server's reply leaves when the answer is
// in (as it would after a DNS or authentication-server exchange), the commands pipelined behind it
// are answered after it, in order, and an answer for a connection that is gone is dropped.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/rng.hpp"
#include "sim/nodes/context.hpp"
#include "sim/nodes/smtp_glue.hpp"

using namespace mailsim;

namespace {

struct Bench {
  Scheduler sched;
  trace::Trace trace;
  net::Network net{sched, trace};
  Rng rng{1};
  nodes::Context ctx{net, sched, trace, rng};
  Duration think = 2 * kSecond;  // how long the policy takes to answer

  Bench() {
    net.add_host("client.example", "10.0.0.1");
    net.add_host("mx.example", "10.0.0.2");
    net.add_link("client.example", "mx.example", 5 * kMillisecond);
    nodes::serve_smtp(ctx, "mx.example", 25, "smtp", [this](const net::Endpoint& ep) {
      smtp::ServerConfig c;
      c.hostname = "mx.example";
      auto s = std::make_shared<smtp::Server>(c, smtp::ServerHooks{});
      std::weak_ptr<smtp::Server> weak = s;
      smtp::ServerHooks hooks;
      hooks.check_rcpt = [this, weak, ep](const smtp::Envelope&, const std::string& rcpt) {
        const bool ok = rcpt != "spam@mx.example";
        sched.schedule(think, [this, weak, ep, ok] {
          nodes::resume_smtp(ctx, weak, ep, ok ? smtp::make_reply(250, "2.1.5", "Ok")
                                               : smtp::make_reply(550, "5.7.1", "Recipient refused"));
        });
        return smtp::Verdict::pending();
      };
      s->set_hooks(hooks);
      return s;
    });
  }

  std::vector<smtp::RecipientResult> deliver(std::vector<std::string> rcpts) {
    std::vector<smtp::RecipientResult> out;
    nodes::deliver_smtp(ctx, "client.example", "10.0.0.2", 25, 30 * kSecond,
                        smtp::ClientJob{"client.example", "a@client.example", std::move(rcpts), "Subject: x\r\n\r\nhi\r\n"},
                        [&out](nodes::SmtpOutcome o) { out = o.recipients; });
    while (sched.step()) {
    }
    return out;
  }

  // (time, line) of the server's replies.
  std::vector<std::pair<Time, std::string>> replies() const {
    std::vector<std::pair<Time, std::string>> r;
    for (const auto& e : trace.events())
      if (e.kind == trace::Kind::Segment && e.dir == trace::Direction::ServerToClient) r.push_back({e.time, mailsim::trace::shown_text(e)});
    return r;
  }
};

}  // namespace

TEST_CASE("a pending RCPT check: the reply waits for the answer, pipelined commands after it") {
  Bench b;
  const auto results = b.deliver({"bob@mx.example", "spam@mx.example"});
  REQUIRE(results.size() == 2);
  CHECK(results[0].status == smtp::RecipientStatus::Delivered);
  CHECK(results[1].status == smtp::RecipientStatus::PermFailed);
  const auto r = b.replies();
  // Greeting, EHLO (5 lines), MAIL at once; MAIL, the RCPTs and DATA arrive together at 25 ms.
  REQUIRE(r.size() >= 12);
  CHECK(r[6] == std::pair<Time, std::string>{25 * kMillisecond, "250 2.1.0 Ok"});
  CHECK(r[7] == std::pair<Time, std::string>{2025 * kMillisecond, "250 2.1.5 Ok"});
  CHECK(r[8] == std::pair<Time, std::string>{4025 * kMillisecond, "550 5.7.1 Recipient refused"});
  CHECK(r[9] == std::pair<Time, std::string>{4025 * kMillisecond, "354 End data with <CR><LF>.<CR><LF>"});
}

TEST_CASE("a pending answer for a connection that has gone is dropped") {
  Bench b;
  b.think = 60 * kSecond;
  b.net.scheduler().schedule(1 * kSecond, [&b] { b.net.set_host_up("client.example", false); });
  const auto results = b.deliver({"bob@mx.example"});
  REQUIRE(results.size() == 1);
  CHECK(results[0].status == smtp::RecipientStatus::TempFailed);
  for (const auto& [t, line] : b.replies()) CHECK(t < 60 * kSecond);  // nothing sent after the answer
}
