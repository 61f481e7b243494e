// SMTP AUTH on a relay's port 25: the closed relay of open-relay-fixed relays for its own network
// and for users who log in (Postfix's permit_mynetworks, permit_sasl_authenticated,
// reject_unauth_destination), so a user at home gets through with AUTH while the spammer still gets
// 554 5.7.1; with "required" a stranger is stopped at MAIL FROM instead; the loader keeps AUTH's
// keys to the relays that offer it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bundled.hpp"
#include "conservation.hpp"
#include "dialog.hpp"
#include "scenario/error_of.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::vector<std::string> only_dialog(const world::World& w, const std::string& client, const std::string& server) {
  const auto conns = lesson::connections(w, client, server);
  REQUIRE(conns.size() == 1);
  return lesson::dialog(w, conns[0]);
}

}  // namespace

TEST_CASE("relay with auth optional: the user at home logs in on port 25 and relays, the spammer gets 554 5.7.1") {
  world::World w(bundled_lesson("open-relay-fixed"));
  lesson::run_checked(w);
  const auto sato = only_dialog(w, "laptop.home.example", "relay.school.example");
  const std::vector<std::string> start(sato.begin(), sato.begin() + std::min<std::size_t>(sato.size(), 12));
  const std::vector<std::string> expected = {
      "S: 220 relay.school.example ESMTP mailsim",
      "C: EHLO laptop.home.example",
      "S: 250-relay.school.example",
      "S: 250-PIPELINING",
      "S: 250-SIZE 10485760",
      "S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256",
      "S: 250-ENHANCEDSTATUSCODES",
      "S: 250 8BITMIME",
      // PLAIN's initial response: base64 of "\0sato\0chalk-and-board".
      "C: AUTH PLAIN AHNhdG8AY2hhbGstYW5kLWJvYXJk",
      "S: 235 2.7.0 Authentication successful",
  };
  CHECK(std::vector<std::string>(start.begin(), start.begin() + std::min(start.size(), expected.size())) == expected);
  CHECK(has(sato, "S: 250 2.1.5 Ok"));
  // The relay logs the login on its arrival line, and the message reaches the shop.
  const auto queue = lesson::queue_lines(w, "relay.school.example");
  CHECK(std::any_of(queue.begin(), queue.end(), [](const std::string& l) {
    return l.find("sasl_method=PLAIN, sasl_username=sato") != std::string::npos;
  }));
  CHECK(lesson::inbox_text(w, "info@shop.example").find("Subject: Order for the school library") != std::string::npos);
  CHECK(lesson::inbox_text(w, "info@shop.example").find("with ESMTPA") != std::string::npos);

  // The spammer is offered AUTH too, does not log in, and is refused at each RCPT TO.
  const auto spam = only_dialog(w, "bulk.spam.example", "relay.school.example");
  CHECK(has(spam, "S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256"));
  CHECK(std::none_of(spam.begin(), spam.end(), [](const std::string& l) { return l.rfind("C: AUTH", 0) == 0; }));
  CHECK(has(spam, "S: 554 5.7.1 <bob@home.example>: Relay access denied"));
  CHECK(has(spam, "S: 554 5.7.1 <info@shop.example>: Relay access denied"));
  CHECK(w.mail_client("bulk.spam.example")->outbox() == std::vector<std::string>{"spam1"});
  // Alice, inside relay_from, still relays without logging in.
  const auto alice = only_dialog(w, "pc1.school.example", "relay.school.example");
  CHECK(std::none_of(alice.begin(), alice.end(), [](const std::string& l) { return l.rfind("C: AUTH", 0) == 0; }));
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en << ": " << r.detail.en);
}

TEST_CASE("relay with auth optional: a wrong password is 535, and without the login the user is a stranger") {
  const std::string fixed = lesson_text("open-relay-fixed.json");
  {
    world::World w(scenario::load_text(
        edited(fixed, "\"auth\": \"PLAIN\"}", "\"auth\": {\"mechanism\": \"PLAIN\", \"password\": \"chalk\"}}"), "t.json"));
    lesson::run_checked(w);
    const auto d = only_dialog(w, "laptop.home.example", "relay.school.example");
    CHECK(has(d, "S: 535 5.7.8 Error: authentication failed"));
    CHECK(w.mail_client("laptop.home.example")->outbox() == std::vector<std::string>{"m2"});
  }
  {
    world::World w(scenario::load_text(edited(fixed, ", \"auth\": \"PLAIN\"}", "}"), "t.json"));
    lesson::run_checked(w);
    const auto d = only_dialog(w, "laptop.home.example", "relay.school.example");
    CHECK(has(d, "S: 554 5.7.1 <info@shop.example>: Relay access denied"));
    CHECK(w.mail_client("laptop.home.example")->outbox() == std::vector<std::string>{"m2"});
  }
}

TEST_CASE("relay with auth required: a stranger who does not log in is refused at MAIL FROM with 530 5.7.0") {
  const std::string text = edited(lesson_text("open-relay-fixed.json"), "\"auth\": \"optional\"", "\"auth\": \"required\"");
  world::World w(scenario::load_text(text, "t.json"));
  lesson::run_checked(w);
  const auto spam = only_dialog(w, "bulk.spam.example", "relay.school.example");
  CHECK(has(spam, "S: 530 5.7.0 Authentication required"));
  CHECK(std::none_of(spam.begin(), spam.end(), [](const std::string& l) { return l.rfind("S: 554", 0) == 0; }));
  // Alice is in relay_from (permit_mynetworks comes first), and Mr Sato logs in: both get through.
  CHECK(lesson::inbox_text(w, "bob@home.example").find("Subject: Homework") != std::string::npos);
  CHECK(lesson::inbox_text(w, "info@shop.example").find("Subject: Order for the school library") != std::string::npos);
}

TEST_CASE("relay auth at load time: the keys need 'auth', a client's login needs the relay to offer it") {
  const std::string fixed = lesson_text("open-relay-fixed.json");
  const std::string no_auth = edited(fixed, ", \"auth\": \"optional\"", "");
  CHECK(message_of(no_auth) ==
        "/clients/2/auth: relay.school.example does not offer SMTP AUTH (give it \"auth\": \"optional\" or \"required\")");
  CHECK(message_of(edited(no_auth, "\"relay_from\": [\"10.0.0.0/24\"]", "\"relay_from\": [\"10.0.0.0/24\"], \"sasl_mechanisms\": [\"PLAIN\"]")) ==
        "/hosts/6/sasl_mechanisms: 'sasl_mechanisms' are offered only with SMTP AUTH: set 'auth' to \"optional\" or \"required\"");
  CHECK(message_of(edited(fixed, "\"auth\": \"optional\"", "\"auth\": \"optional\", \"sasl_mechanisms\": [\"CRAM-MD5\"]")) ==
        "/clients/2/auth: relay.school.example does not offer AUTH PLAIN (its 'sasl_mechanisms': CRAM-MD5)");
  CHECK(message_of(edited(fixed, "\"auth\": \"optional\"", "\"auth\": \"optional\", \"sasl_mechanisms\": [\"APOP\"]")) ==
        "/hosts/6/sasl_mechanisms/0: 'APOP' is POP3's own login, offered by destination hosts; SMTP AUTH has PLAIN, LOGIN, CRAM-MD5 and SCRAM-SHA-256");
  // A relay logs in the accounts of its own domains only.
  CHECK(message_of(edited(fixed, "\"domains\": [\"school.example\"], \"relay_from\"", "\"relay_from\"")) ==
        "/clients/2/auth: relay.school.example logs in the accounts of its own domains (it has no 'domains'); "
        "'sato@school.example' is not one of them");
  // Destinations and routers still have no SMTP AUTH to offer.
  CHECK(message_of(edited(fixed, "\"domains\": [\"shop.example\"]}", "\"domains\": [\"shop.example\"], \"auth\": \"optional\"}")) ==
        "/hosts/9/auth: 'auth' applies only to submission and relay hosts, not to a destination host");
}
