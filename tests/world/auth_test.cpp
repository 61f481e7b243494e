// SMTP AUTH on the submission port, in the world: the 587 dialog byte for byte for each outcome, who
// may relay (Postfix's permit_mynetworks, permit_sasl_authenticated), the outbox that keeps what the
// server refused, the login in the queue's trace and the Received field, nonces from the seed, and
// AUTH=<mailbox> passed on by a relay.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "conservation.hpp"
#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/proto/smtp/client.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "print_lines.hpp"

using namespace mailsim;
using lesson::dialog;
using lesson::run_checked;

namespace {

// pc1 (alice) at home, outside the school's relay_from: the school's submission server asks for a
// login (auth), alice's client logs in with `mechanism` and `password` (none: it does not log in).
scenario::Scenario at_home(scenario::SmtpAuth auth, std::optional<sasl::Mechanism> mechanism,
                           const std::string& password = "secret") {
  auto s = lesson::two_domains();
  for (auto& h : s.hosts)
    if (h.name == "mail.school.example") {
      h.auth = auth;
      h.sasl_mechanisms = sasl::all_mechanisms();
      h.relay_from = {"10.0.1.0/24"};  // the school's servers, not pc1's 10.0.0.0/24
    }
  if (mechanism) s.clients[0].auth = scenario::ClientAuth{*mechanism, "alice", password};
  return s;
}

const std::vector<std::string> kGreeting = {
    "S: 220 mail.school.example ESMTP mailsim",
    "C: EHLO pc1.school.example",
    "S: 250-mail.school.example",
    "S: 250-PIPELINING",
    "S: 250-SIZE 10485760",
    "S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256",
    "S: 250-ENHANCEDSTATUSCODES",
    "S: 250 8BITMIME",
};

std::vector<std::string> submission_dialog(const world::World& w) {
  const auto conns = lesson::connections(w, "pc1.school.example", "mail.school.example");
  REQUIRE(conns.size() == 1);
  return dialog(w, conns[0]);
}

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kTransaction = {
    "C: MAIL FROM:<alice@school.example> SIZE=201",
    "C: RCPT TO:<bob@home.example>",
    "C: DATA",
    "S: 250 2.1.0 Ok",
    "S: 250 2.1.5 Ok",
    "S: 354 End data with <CR><LF>.<CR><LF>",
};

// The client's last Submit event for m1.
const trace::data::Submit* last_submit(const world::World& w) {
  const trace::data::Submit* last = nullptr;
  for (const auto& e : w.trace().events())
    if (const auto* s = e.get<trace::data::Submit>(); s && e.message == "m1") last = s;
  return last;
}

const std::vector<std::string>& outbox(const world::World& w) { return w.mail_client("pc1.school.example")->outbox(); }

// Speaks `job` from `host` to address:port over the world's network: a client the scenario does
// not have (one that sends MAIL FROM's AUTH=, which the lesson's mail programs do not).
void speak(world::World& w, const std::string& host, const std::string& address, std::uint16_t port, smtp::ClientJob job) {
  auto client = std::make_shared<smtp::Client>(std::move(job));
  w.network().connect(host, address, port, 30 * kSecond,
                      {[client](net::Endpoint ep) {
                         ep.set_handlers({[client, ep](std::string_view bytes) {
                                            ep.send(client->feed(bytes), trace::Payload::Command);
                                            if (client->done() && ep.open()) ep.close();
                                          },
                                          [ep] {
                                            if (ep.open()) ep.close();
                                          },
                                          {}});
                       },
                       {}});
}

}  // namespace

TEST_CASE("SMTP AUTH PLAIN on 587: 235, then the server relays the mail, logs the login and stamps ESMTPA") {
  world::World w(at_home(scenario::SmtpAuth::Required, sasl::Mechanism::Plain));
  run_checked(w);
  const auto d = submission_dialog(w);
  // base64("\0alice\0secret"): the password, readable by anyone who decodes it.
  const auto expected = plus(plus(kGreeting, {"C: AUTH PLAIN AGFsaWNlAHNlY3JldA==", "S: 235 2.7.0 Authentication successful"}),
                             kTransaction);
  REQUIRE(d.size() > expected.size());
  CHECK(std::vector<std::string>(d.begin(), d.begin() + static_cast<long>(expected.size())) == expected);
  CHECK(lesson::inbox_text(w, "bob@home.example").find("by mail.school.example (mailsim) with ESMTPA id ") != std::string::npos);
  // The login is a field of the arrival, where Postfix logs sasl_method and sasl_username.
  const trace::Event* arrival = nullptr;
  for (const auto& e : w.trace().events())
    if (const auto* q = e.get<trace::data::Queue>();
        q && e.host == "mail.school.example" && q->from == trace::QueueName::Incoming && q->to == trace::QueueName::Incoming)
      arrival = &e;
  REQUIRE(arrival);
  CHECK(arrival->as<trace::data::Queue>().sasl_method == "PLAIN");
  CHECK(arrival->as<trace::data::Queue>().sasl_username == "alice");
  CHECK(trace::to_json_line(*arrival).find(R"("nrcpt":1,"sasl_method":"PLAIN","sasl_username":"alice","text":)") !=
        std::string::npos);
  CHECK(trace::shown_text(*arrival).ends_with(", nrcpt=1, sasl_method=PLAIN, sasl_username=alice (queue incoming)"));
  CHECK(last_submit(w)->stage == trace::SubmitStage::Submitted);
  CHECK(outbox(w).empty());
}

TEST_CASE("a wrong password: 535 5.7.8, and the message stays in the client's outbox, neither queued nor bounced") {
  world::World w(at_home(scenario::SmtpAuth::Required, sasl::Mechanism::Plain, "secert"));
  run_checked(w);
  CHECK(submission_dialog(w) == plus(kGreeting, {"C: AUTH PLAIN AGFsaWNlAHNlY2VydA==",
                                                 "S: 535 5.7.8 Error: authentication failed", "C: QUIT",
                                                 "S: 221 2.0.0 Bye"}));
  CHECK(lesson::queue_lines(w, "mail.school.example").empty());
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
  CHECK(world::inbox_of(w, "alice@school.example")->messages.empty());  // no bounce: nobody took it
  const auto* failed = last_submit(w);
  REQUIRE(failed);
  CHECK(failed->stage == trace::SubmitStage::Failed);
  CHECK(failed->code == 535);
  CHECK(failed->summary == "m1: submission failed: 535 5.7.8 Error: authentication failed");
  CHECK(lesson::texts(w, trace::Kind::Note, "pc1.school.example") == std::vector<std::string>{"m1 stays in the outbox"});
  CHECK(outbox(w) == std::vector<std::string>{"m1"});
}

TEST_CASE("auth required: a client outside relay_from that does not log in gets 530 5.7.0 at MAIL FROM") {
  world::World w(at_home(scenario::SmtpAuth::Required, std::nullopt));
  run_checked(w);
  CHECK(submission_dialog(w) == plus(kGreeting, {"C: MAIL FROM:<alice@school.example> SIZE=201",
                                                 "C: RCPT TO:<bob@home.example>", "C: DATA",
                                                 "S: 530 5.7.0 Authentication required",
                                                 "S: 503 5.5.1 Error: need MAIL command",
                                                 "S: 503 5.5.1 Error: need RCPT command", "C: QUIT",
                                                 "S: 221 2.0.0 Bye"}));
  CHECK(last_submit(w)->code == 530);
  CHECK(last_submit(w)->summary == "m1: submission failed: 530 5.7.0 Authentication required");
  CHECK(outbox(w) == std::vector<std::string>{"m1"});
  CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
}

TEST_CASE("auth required: a client inside relay_from may still send without logging in (permit_mynetworks)") {
  auto s = at_home(scenario::SmtpAuth::Required, std::nullopt);
  s.hosts[1].relay_from = {"10.0.0.0/24"};
  REQUIRE(s.hosts[1].name == "mail.school.example");
  world::World w(s);
  run_checked(w);
  const auto d = submission_dialog(w);
  REQUIRE(d.size() > 14);
  CHECK(plus(kGreeting, kTransaction) == std::vector<std::string>(d.begin(), d.begin() + 14));
  CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
  CHECK(lesson::inbox_text(w, "bob@home.example").find(" with ESMTP id ") != std::string::npos);  // not ESMTPA
}

TEST_CASE("auth optional: without a login only the server's own domains, after one anywhere (permit_sasl_authenticated)") {
  {
    auto s = at_home(scenario::SmtpAuth::Optional, std::nullopt);
    s.messages[0].to = {"bob@home.example", "alice@school.example"};
    world::World w(s);
    run_checked(w);
    const auto d = submission_dialog(w);
    CHECK(std::find(d.begin(), d.end(), "S: 554 5.7.1 <bob@home.example>: Relay access denied") != d.end());
    CHECK(world::inbox_of(w, "bob@home.example")->messages.empty());
    CHECK(world::inbox_of(w, "alice@school.example")->messages.size() == 1);  // the school's own domain
    CHECK(outbox(w).empty());  // the server took the message (for one recipient)
  }
  {
    world::World w(at_home(scenario::SmtpAuth::Optional, sasl::Mechanism::Login));
    run_checked(w);
    const auto d = submission_dialog(w);
    // LOGIN: "Username:" and "Password:" as base64 challenges, each answer a line of its own.
    CHECK(std::vector<std::string>(d.begin() + 8, d.begin() + 14) ==
          std::vector<std::string>{"C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: YWxpY2U=", "S: 334 UGFzc3dvcmQ6",
                                   "C: c2VjcmV0", "S: 235 2.7.0 Authentication successful"});
    CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
  }
}

TEST_CASE("auth none (the default): EHLO offers no AUTH, and a client set to log in keeps its message") {
  auto s = at_home(scenario::SmtpAuth::None, sasl::Mechanism::Plain);
  world::World w(s);
  run_checked(w);
  const auto d = submission_dialog(w);
  CHECK(std::find(d.begin(), d.end(), "S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256") == d.end());
  // The client does not send its password to a server that cannot check it.
  CHECK(std::none_of(d.begin(), d.end(), [](const std::string& l) { return l.starts_with("C: AUTH"); }));
  CHECK(last_submit(w)->summary == "m1: submission failed: 504 5.5.4 AUTH PLAIN is not offered by the server");
  CHECK(outbox(w) == std::vector<std::string>{"m1"});
}

TEST_CASE("CRAM-MD5 and SCRAM-SHA-256 through the world: the nonces come from the seed, so a run repeats") {
  for (const auto m : {sasl::Mechanism::CramMd5, sasl::Mechanism::ScramSha256}) {
    CAPTURE(sasl::mechanism_name(m));
    auto run = [&](std::uint64_t seed) {
      world::World w(at_home(scenario::SmtpAuth::Required, m), seed);
      run_checked(w);
      CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
      CHECK(outbox(w).empty());
      return submission_dialog(w);
    };
    const auto a = run(1), b = run(1), c = run(2);
    CHECK(a == b);
    CHECK(a != c);  // another seed, other challenges
    CHECK(a[9].starts_with("S: 334 "));
    CHECK(std::find(a.begin(), a.end(), "S: 235 2.7.0 Authentication successful") != a.end());
  }
}

TEST_CASE("CRAM-MD5 with a wrong password: the challenge, the digest, 535") {
  world::World w(at_home(scenario::SmtpAuth::Required, sasl::Mechanism::CramMd5, "wrong"));
  run_checked(w);
  const auto d = submission_dialog(w);
  REQUIRE(d.size() == 14);
  CHECK(d[8] == "C: AUTH CRAM-MD5");
  CHECK(d[9].starts_with("S: 334 "));
  CHECK(d[11] == "S: 535 5.7.8 Error: authentication failed");
  CHECK(outbox(w) == std::vector<std::string>{"m1"});
}

TEST_CASE("AUTH=<mailbox> from a client that logged in is passed on to a next hop that offers AUTH") {
  // The school hands everything to the ISP's submission server (AUTH optional, relaying for the
  // school's servers), which offers AUTH, so the school's MAIL FROM carries what alice vouched for.
  auto s = at_home(scenario::SmtpAuth::Optional, std::nullopt);
  s.clients.clear();
  s.messages.clear();
  for (auto& h : s.hosts)
    if (h.name == "relay.isp.example") {
      h.role = scenario::Role::Submission;
      h.auth = scenario::SmtpAuth::Optional;
      h.sasl_mechanisms = sasl::all_mechanisms();
      h.relay_from = {"10.0.0.25/32"};
    } else if (h.name == "mail.school.example") {
      h.relayhost = "relay.isp.example";
      h.relayhost_mx = false;
      h.relayhost_port = 587;
    }
  world::World w(s);
  smtp::ClientJob job{"pc1.school.example", "alice@school.example", {"bob@home.example"}, "Subject: x\r\n\r\nhi\r\n"};
  job.auth = sasl::ClientOptions{sasl::Mechanism::Plain, "alice", "secret", "", ""};
  job.mail_auth = "alice@school.example";
  speak(w, "pc1.school.example", "10.0.0.25", 587, job);
  run_checked(w);
  const auto in = lesson::connections(w, "pc1.school.example", "mail.school.example");
  REQUIRE(in.size() == 1);
  const auto first = dialog(w, in[0]);
  CHECK(std::find(first.begin(), first.end(), "C: MAIL FROM:<alice@school.example> SIZE=18 AUTH=alice@school.example") !=
        first.end());
  const auto out = lesson::connections(w, "mail.school.example", "relay.isp.example");
  REQUIRE(out.size() == 1);
  const auto second = dialog(w, out[0]);
  CHECK(std::any_of(second.begin(), second.end(), [](const std::string& l) {
    return l.starts_with("C: MAIL FROM:<alice@school.example> SIZE=") && l.ends_with(" AUTH=alice@school.example");
  }));
  CHECK(world::inbox_of(w, "bob@home.example")->messages.size() == 1);
}

TEST_CASE("a login that is not the account's user fails like a wrong password, and logins are the accounts of the server's domains") {
  // bob is an account, but of home.example: the school's server does not know him.
  auto s = at_home(scenario::SmtpAuth::Required, sasl::Mechanism::Plain);
  s.clients[0].auth->user = "bob";
  world::World w(s);
  run_checked(w);
  const auto d = submission_dialog(w);
  CHECK(std::find(d.begin(), d.end(), "S: 535 5.7.8 Error: authentication failed") != d.end());
  CHECK(outbox(w) == std::vector<std::string>{"m1"});
}

TEST_CASE("the login is looked up through the pending path: AUTH's arrival answers nothing, a later kernel event 235") {
  // Answered at once from the accounts, and yet the way an authentication server would answer: the
  // server waits (reads nothing more) and the answer comes in an event of its own, at the same time.
  world::World w(at_home(scenario::SmtpAuth::Required, sasl::Mechanism::Plain));
  Time auth_arrives = -1;
  struct Step {
    Time at;
    std::size_t added;
  };
  std::vector<Step> steps;
  std::size_t reply_step = 0;
  while (reply_step == 0) {
    const std::size_t before = w.trace().size();
    REQUIRE(w.step());
    steps.push_back({w.now(), w.trace().size() - before});
    for (std::size_t i = before; i < w.trace().size(); ++i) {
      const auto& e = w.trace().events()[i];
      if (e.kind != trace::Kind::Segment) continue;
      if (trace::shown_text(e).starts_with("AUTH PLAIN ")) auth_arrives = e.arrive;
      if (trace::shown_text(e).starts_with("235 ")) reply_step = steps.size() - 1;
    }
  }
  REQUIRE(reply_step >= 1);
  CHECK(steps[reply_step].at == auth_arrives);
  CHECK(steps[reply_step - 1].at == auth_arrives);  // the AUTH line arrived: the lookup is asked...
  CHECK(steps[reply_step - 1].added == 0);          // ...and nothing is answered yet
}

namespace {
// Bob reads his mail on a laptop over POP3 with `login`; his server offers AUTH PLAIN and CRAM-MD5,
// and APOP.
scenario::Scenario pop3_laptop(scenario::Fetch::Login login, sasl::Mechanism mechanism = sasl::Mechanism::Plain) {
  auto s = lesson::two_domains();
  s.until = 2 * kMinute;
  for (auto& h : s.hosts)
    if (h.name == "mx.home.example") {
      h.sasl_mechanisms = {sasl::Mechanism::Plain, sasl::Mechanism::CramMd5};
      h.apop = true;
    }
  s.hosts.push_back(lesson::host("laptop.home.example", "10.2.0.10", scenario::Role::Client));
  s.links.push_back({"laptop.home.example", "internet", 3 * kMillisecond});
  scenario::Client c;
  c.host = "laptop.home.example";
  c.account = "bob@home.example";
  c.fetch.protocol = scenario::Fetch::Protocol::Pop3;
  c.fetch.server = "mx.home.example";
  c.fetch.start = 20 * kSecond;
  c.fetch.poll = 5 * kMinute;
  c.fetch.login = login;
  c.fetch.mechanism = mechanism;
  s.clients.push_back(c);
  return s;
}

std::vector<std::string> pop3_dialog(const world::World& w) {
  const auto conns = lesson::connections(w, "laptop.home.example", "mx.home.example");
  REQUIRE(conns.size() == 1);
  return dialog(w, conns[0]);
}
}  // namespace

TEST_CASE("a POP3 server whose host lists APOP puts a msg-id from the seed in its greeting, and the device logs in with APOP") {
  world::World w(pop3_laptop(scenario::Fetch::Login::Apop));
  run_checked(w);
  const auto d = pop3_dialog(w);
  REQUIRE(d.size() > 3);
  CHECK(d[0].starts_with("S: +OK mx.home.example POP3 server ready <"));
  CHECK(d[0].ends_with("@mx.home.example>"));
  CHECK(d[1].starts_with("C: APOP bob "));
  CHECK(d[2] == "S: +OK maildrop has 1 message (914 octets)");
  CHECK(w.reader("laptop.home.example")->local_copy().size() == 1);
}

TEST_CASE("a POP3 server whose host lists SASL mechanisms offers AUTH, and the device logs in with CRAM-MD5") {
  world::World w(pop3_laptop(scenario::Fetch::Login::Sasl, sasl::Mechanism::CramMd5));
  run_checked(w);
  const auto d = pop3_dialog(w);
  REQUIRE(d.size() > 4);
  CHECK(d[1] == "C: AUTH CRAM-MD5");
  CHECK(d[2].starts_with("S: + "));
  CHECK(d[4] == "S: +OK maildrop has 1 message (914 octets)");
  CHECK(w.reader("laptop.home.example")->local_copy().size() == 1);
}

TEST_CASE("USER/PASS still works against a server that offers AUTH and APOP") {
  world::World w(pop3_laptop(scenario::Fetch::Login::User));
  run_checked(w);
  const auto d = pop3_dialog(w);
  REQUIRE(d.size() > 4);
  CHECK(d[1] == "C: USER bob");
  CHECK(d[3] == "C: PASS secret");
  CHECK(w.reader("laptop.home.example")->local_copy().size() == 1);
}

TEST_CASE("the refused and in_outbox expectations fail when the server took the message, or refused it with another code") {
  auto s = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-submission.json");
  auto expect = [](scenario::ExpectKind k, std::string message, int code = 0) {
    scenario::Expectation e;
    e.kind = k;
    e.message = std::move(message);
    e.code = code;
    e.host = "mail.school.example";
    return e;
  };
  using scenario::ExpectKind;
  s.expect = {expect(ExpectKind::Refused, "m1", 530), expect(ExpectKind::InOutbox, "m1"),
              expect(ExpectKind::Refused, "m3", 530), expect(ExpectKind::Refused, "m3", 535),
              expect(ExpectKind::InOutbox, "m3")};
  world::World w(s);
  w.run();
  const auto r = world::check_expectations(w);
  REQUIRE(r.size() == 5);
  CHECK_FALSE(r[0].ok);  // alice logged in: accepted
  CHECK(r[0].detail.en.starts_with("accepted as <"));
  CHECK_FALSE(r[1].ok);
  CHECK(r[1].detail.en.starts_with("sent: the server accepted it as <"));
  CHECK_FALSE(r[2].ok);  // dave's phone was refused, but with 535
  CHECK(r[2].detail.en.ends_with("m3: submission failed: 535 5.7.8 Error: authentication failed"));
  CHECK(r[3].ok);
  CHECK(r[4].ok);
  CHECK(r[4].description.ja == "m3 が phone.isp.example の送信トレイに残っている");
}
