// The loader on the keys of the authentication server and POP before SMTP: role auth, sasl_path,
// pop_before_smtp, each misuse with its located message (the bundled lessons are the base texts).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

TEST_CASE("auth server keys: the bundled lessons load with what they say") {
  const scenario::Scenario s = scenario::load_text(lesson_text("auth-server.json"), "auth-server.json");
  const scenario::Host* auth = s.find_host("auth.school.example");
  REQUIRE(auth);
  CHECK(auth->role == scenario::Role::Auth);
  CHECK(scenario::to_string(auth->role) == "auth");
  CHECK(auth->sasl_mechanisms == sasl::all_mechanisms());
  CHECK(s.find_host("mail.school.example")->sasl_path == "auth.school.example");
  CHECK(s.find_host("mx.school.example")->sasl_path == "auth.school.example");
  const scenario::Scenario p = scenario::load_text(lesson_text("pop-before-smtp.json"), "pop-before-smtp.json");
  const auto& rule = p.find_host("mail.school.example")->pop_before_smtp;
  REQUIRE(rule.has_value());
  CHECK(rule->server == "mx.school.example");
  CHECK(rule->window == 10 * kMinute);
  CHECK_FALSE(p.find_host("mx.school.example")->pop_before_smtp.has_value());
}

TEST_CASE("auth server keys: each misuse is a located error") {
  const std::string a = lesson_text("auth-server.json");
  const std::string sub = R"("auth": "required", "sasl_path": "auth.school.example")";
  CHECK(message_of(edited(a, sub, R"("auth": "none", "sasl_path": "auth.school.example")")) ==
        "/hosts/7/sasl_path: 'sasl_path' checks SMTP AUTH logins: set 'auth' to \"optional\" or \"required\"");
  CHECK(message_of(edited(a, sub, R"("auth": "required", "sasl_path": "ns.example")")) ==
        "/hosts/7/sasl_path: 'ns.example' is a dns host; 'sasl_path' names the auth host that checks the logins");
  CHECK(message_of(edited(a, sub, R"("auth": "required", "sasl_path": "nowhere.example")")) ==
        "/hosts/7/sasl_path: no host named 'nowhere.example'");
  CHECK(message_of(edited(a, R"("domains": ["school.example"], "sasl_path": "auth.school.example"})",
                          R"("domains": ["school.example"], "sasl_path": "auth.school.example", "sasl_mechanisms": ["PLAIN", "APOP"]})")) ==
        "/hosts/8/sasl_path: APOP needs the plaintext password on this host, which an auth server does not give out: leave \"APOP\" out of 'sasl_mechanisms'");
  CHECK(message_of(edited(a, R"("role": "auth", "position": [0.92, 0.62],
     "domains": ["school.example"]})", R"("role": "auth", "position": [0.92, 0.62]})")) ==
        "/hosts/9: an auth host needs the mail domains whose accounts it holds in 'domains'");
  CHECK(message_of(edited(a, R"("role": "router", "position": [0.2, 0.5]})",
                          R"("role": "router", "position": [0.2, 0.5], "sasl_path": "auth.school.example"})")) ==
        "/hosts/0/sasl_path: 'sasl_path' applies only to submission, relay and destination hosts, not to a router host");
}

TEST_CASE("pop_before_smtp: each misuse is a located error") {
  const std::string p = lesson_text("pop-before-smtp.json");
  const std::string rule = R"("pop_before_smtp": {"server": "mx.school.example", "window": "10m"})";
  CHECK(message_of(edited(p, rule, R"("pop_before_smtp": {"server": "mx.home.example", "window": "0s"})")) ==
        "/hosts/6/pop_before_smtp/window: 'window' must be longer than 0s");
  CHECK(message_of(edited(p, rule, R"("pop_before_smtp": {"server": "ns.example"})")) ==
        "/hosts/6/pop_before_smtp/server: 'ns.example' is a dns host; POP before SMTP watches the logins of a destination host's POP3 and IMAP server");
  CHECK(message_of(edited(p, rule, R"("pop_before_smtp": {"window": "5m"})")) ==
        "/hosts/6/pop_before_smtp: missing required key 'server'");
  CHECK(message_of(edited(p, rule, R"("pop_before_smtp": {"server": "mx.school.example", "minutes": 10})")).starts_with(
      "/hosts/6/pop_before_smtp/minutes: unknown key 'minutes'"));
  CHECK(message_of(edited(p, R"("domains": ["school.example"]},
    {"name": "router.home.example")", R"("domains": ["school.example"], "pop_before_smtp": {"server": "mx.school.example"}},
    {"name": "router.home.example")")) ==
        "/hosts/7/pop_before_smtp: 'pop_before_smtp' applies only to submission hosts, not to a destination host");
}
