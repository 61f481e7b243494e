// IMAP with a sasl_path (auth-server.json with Bob's phone on IMAP): the destination passes LOGIN to
// the authentication server as PLAIN, as Dovecot's imap-login does, and opens the mailbox after its
// OK; with the authentication server down the login is NO [UNAVAILABLE] (RFC 5530), not "wrong
// password", and nothing is downloaded.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dialog.hpp"
#include "sim/scenario/load.hpp"
#include "sim/world/world.hpp"

using namespace mailsim;

namespace {
scenario::Scenario imap_phone() {
  auto s = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/auth-server.json");
  for (auto& c : s.clients)
    if (c.host == "phone.isp.example") c.fetch.protocol = scenario::Fetch::Protocol::Imap;
  return s;
}

std::vector<std::string> first_dialog(const world::World& w, const std::string& client, const std::string& server) {
  const auto conns = lesson::connections(w, client, server);
  REQUIRE_FALSE(conns.empty());
  return lesson::dialog(w, conns.front());
}
}  // namespace

TEST_CASE("IMAP delegation: LOGIN goes to the auth server as AUTH PLAIN with service=imap, OK opens the mailbox") {
  world::World w(imap_phone());
  w.run();
  const auto auth = first_dialog(w, "mx.school.example", "auth.school.example");
  REQUIRE(auth.size() == 13);
  CHECK(auth[11] == "C: AUTH\t1\tPLAIN\tservice=imap\tlip=10.0.1.26\trip=10.20.0.12\tresp=AGJvYgBwYWxlLW1vb24=");
  CHECK(auth[12] == "S: OK\t1\tuser=bob");
  const auto imap = first_dialog(w, "phone.isp.example", "mx.school.example");
  REQUIRE(imap.size() > 3);
  CHECK(imap[1] == "C: a1 LOGIN bob pale-moon");
  CHECK(imap[2].starts_with("S: a1 OK [CAPABILITY IMAP4rev1 "));
  CHECK(w.reader("phone.isp.example")->local_copy().size() == 1);
}

TEST_CASE("IMAP delegation: the auth server down, LOGIN is NO [UNAVAILABLE] Temporary authentication failure") {
  auto s = imap_phone();
  s.failures[0].at = 15 * kSecond;
  world::World w(s);
  w.run();
  const auto imap = first_dialog(w, "phone.isp.example", "mx.school.example");
  REQUIRE(imap.size() > 2);
  CHECK(imap[1] == "C: a1 LOGIN bob pale-moon");
  CHECK(imap[2] == "S: a1 NO [UNAVAILABLE] Temporary authentication failure");
  CHECK(w.reader("phone.isp.example")->local_copy().empty());
}
