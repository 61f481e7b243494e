// The authentication server in the world (scenarios/auth-server.json): the submission and POP3
// servers pass each login to it over TCP 12345 in Dovecot's auth protocol, byte for byte; the
// password of a CRAM-MD5 login crosses no wire; a wrong password is FAIL and 535; the auth server
// down or its service stopped is a temporary failure (454, -ERR [SYS/TEMP]) and the message stays.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dialog.hpp"
#include "lesson.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "print_lines.hpp"

using namespace mailsim;

namespace {

scenario::Scenario auth_lesson() { return scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-server.json"); }

std::vector<std::string> only_one(const world::World& w, const std::string& client, const std::string& server,
                                  std::size_t index = 0) {
  const auto conns = lesson::connections(w, client, server);
  REQUIRE(conns.size() > index);
  return lesson::dialog(w, conns[index]);
}

const std::vector<std::string> kHandshake = {
    "S: VERSION\t1\t2",
    "S: MECH\tPLAIN\tplaintext",
    "S: MECH\tLOGIN\tplaintext",
    "S: MECH\tCRAM-MD5\tdictionary\tactive",
    "S: MECH\tSCRAM-SHA-256\tmutual-auth",
    "S: SPID\t1",
};

}  // namespace

TEST_CASE("auth server: the submission server passes alice's CRAM-MD5 login on, and answers 235 after OK") {
  world::World w(auth_lesson());
  w.run();
  const auto auth = only_one(w, "mail.school.example", "auth.school.example");
  REQUIRE(auth.size() == 15);
  CHECK(std::vector<std::string>(auth.begin(), auth.begin() + 6) == kHandshake);
  CHECK(auth[6] == "S: CUID\t1");
  CHECK(auth[8] == "S: DONE");
  CHECK(std::vector<std::string>(auth.begin() + 9, auth.end()) ==
        std::vector<std::string>{
            "C: VERSION\t1\t2",
            "C: CPID\t1",
            "C: AUTH\t1\tCRAM-MD5\tservice=smtp\tlip=10.0.1.25\trip=10.20.0.10",
            "S: CONT\t1\tPDkyMzIxLjI3NjMyMDIwOEBhdXRoLnNjaG9vbC5leGFtcGxlPg==",
            "C: CONT\t1\tYWxpY2UgZjhjZTk5MmY3OWI2ZWUwZGZhZWZhMGI2ZmY1MWMzZWI=",
            "S: OK\t1\tuser=alice",
        });
  // The challenge the user sees is the auth server's (its host name is in the msg-id).
  const auto smtp = only_one(w, "pc1.isp.example", "mail.school.example");
  CHECK(std::find(smtp.begin(), smtp.end(), "S: 334 PDkyMzIxLjI3NjMyMDIwOEBhdXRoLnNjaG9vbC5leGFtcGxlPg==") != smtp.end());
  CHECK(std::find(smtp.begin(), smtp.end(), "S: 235 2.7.0 Authentication successful") != smtp.end());
  // CRAM-MD5: alice's password is on no wire of the lesson.
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Segment) CHECK(trace::shown_text(e).find("correct-horse") == std::string::npos);
  for (const auto& r : world::check_expectations(w)) CHECK(r.ok);
}

TEST_CASE("auth server: POP3's USER and PASS go to it as AUTH PLAIN, the mailbox opens after OK") {
  world::World w(auth_lesson());
  w.run();
  const auto auth = only_one(w, "mx.school.example", "auth.school.example");
  REQUIRE(auth.size() == 13);
  CHECK(auth[11] == "C: AUTH\t1\tPLAIN\tservice=pop3\tlip=10.0.1.26\trip=10.20.0.12\tresp=AGJvYgBwYWxlLW1vb24=");
  CHECK(auth[12] == "S: OK\t1\tuser=bob");
  const auto pop = only_one(w, "phone.isp.example", "mx.school.example");
  REQUIRE(pop.size() > 5);
  CHECK(pop[3] == "C: PASS pale-moon");
  CHECK(pop[4] == "S: +OK maildrop has 1 message (792 octets)");
}

TEST_CASE("auth server: a wrong password is its FAIL, and the submission server's 535") {
  auto s = auth_lesson();
  s.clients[2].auth->password = "violet-8";
  s.failures.clear();
  world::World w(s);
  w.run();
  const auto auth = only_one(w, "mail.school.example", "auth.school.example", 1);
  REQUIRE(auth.size() == 13);
  CHECK(auth[11] == "C: AUTH\t1\tPLAIN\tservice=smtp\tlip=10.0.1.25\trip=10.20.0.11\tresp=AGNhcm9sAHZpb2xldC04");
  CHECK(auth[12] == "S: FAIL\t1\tuser=carol");
  const auto smtp = only_one(w, "pc2.isp.example", "mail.school.example");
  CHECK(std::find(smtp.begin(), smtp.end(), "S: 535 5.7.8 Error: authentication failed") != smtp.end());
  CHECK(w.mail_client("pc2.isp.example")->outbox().size() == 1);
}

TEST_CASE("auth server: its service stopped refuses the connection, and the login is 454 at once") {
  auto s = auth_lesson();
  s.failures[0].kind = scenario::FailureKind::ServiceStop;
  s.failures[0].port = 12345;
  world::World w(s);
  w.run();
  const auto smtp = only_one(w, "pc2.isp.example", "mail.school.example");
  REQUIRE(smtp.size() >= 10);
  CHECK(smtp[8] == "C: AUTH PLAIN AGNhcm9sAHZpb2xldC03");
  CHECK(smtp[9] == "S: 454 4.7.0 Temporary authentication failure");
  bool refused = false;
  for (const auto& e : w.trace().events())
    if (e.kind == trace::Kind::Refused && e.host == "auth.school.example") {
      refused = true;
      CHECK(e.time < 41 * kSecond);  // no 10 s wait: the refusal comes back in one round trip
    }
  CHECK(refused);
  CHECK(w.mail_client("pc2.isp.example")->outbox().size() == 1);
}

TEST_CASE("auth server: down while the phone reads mail, POP3 answers -ERR [SYS/TEMP]") {
  auto s = auth_lesson();
  s.failures[0].at = 15 * kSecond;
  world::World w(s);
  w.run();
  const auto pop = only_one(w, "phone.isp.example", "mx.school.example");
  REQUIRE(pop.size() > 5);
  CHECK(pop[3] == "C: PASS pale-moon");
  CHECK(pop[4] == "S: -ERR [SYS/TEMP] Temporary authentication failure");
  CHECK(w.reader("phone.isp.example")->local_copy().empty());
}
