// Logins checked elsewhere (Server::set_login_check, a destination's sasl_path): LOGIN and
// AUTHENTICATE PLAIN go to the check as one PLAIN message, the tagged answer waits for resume(),
// and what the client sent meanwhile is answered after it; NO [UNAVAILABLE] (RFC 5530) when the
// checker could not be asked.
#include <doctest/doctest.h>

#include <vector>

#include "server_fixture.hpp"

using namespace mailsim;
using imap_test::Mailbox;
using imap_test::Session;

namespace {
constexpr const char* kCaps =
    "IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE";

struct Checked {
  Mailbox mb;
  Session s{mb.store};
  std::vector<sasl::LookupRequest> asked;
  Checked() {
    s.server.set_login_check([this](const sasl::LookupRequest& r) {
      asked.push_back(r);
      return sasl::Lookup::pending();
    });
    s.start();
  }
};
}  // namespace

TEST_CASE("IMAP login check: LOGIN waits for the verdict, then OK, and the pipelined SELECT is answered after it") {
  Checked c;
  CHECK(c.s.feed("a1 LOGIN bob secret\r\na2 SELECT INBOX\r\n") == "");
  REQUIRE(c.asked.size() == 1);
  CHECK(c.asked[0].method == "PLAIN");
  CHECK(c.asked[0].service == "imap");
  CHECK(c.asked[0].response == std::string("\0bob\0secret", 11));
  CHECK(c.s.server.waiting());
  const std::string out = c.s.server.resume(sasl::Lookup::delegated_success("bob"));
  CHECK(out.starts_with(std::string("a1 OK [CAPABILITY ") + kCaps + "] Logged in\r\n* FLAGS "));
  CHECK(out.ends_with("a2 OK [READ-WRITE] SELECT completed\r\n"));
  CHECK(c.s.server.user() == "bob");
  CHECK_FALSE(c.s.server.waiting());
}

TEST_CASE("IMAP login check: unreachable is NO [UNAVAILABLE], refused is NO [AUTHENTICATIONFAILED]") {
  Checked c;
  CHECK(c.s.feed("a1 LOGIN bob secret\r\n") == "");
  CHECK(c.s.server.resume(sasl::Lookup::unavailable()) == "a1 NO [UNAVAILABLE] Temporary authentication failure\r\n");
  CHECK(c.s.feed("a2 LOGIN bob wrong\r\n") == "");
  CHECK(c.s.server.resume(sasl::Lookup::unknown()) == "a2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  // An OK for a user this server has no mailbox for cannot log in here.
  CHECK(c.s.feed("a3 LOGIN carol pw\r\n") == "");
  CHECK(c.s.server.resume(sasl::Lookup::delegated_success("carol")) ==
        "a3 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  CHECK(c.s.server.user().empty());
  // Nothing pending: resume answers nothing.
  CHECK(c.s.server.resume(sasl::Lookup::delegated_success("bob")) == "");
}

TEST_CASE("IMAP login check: AUTHENTICATE PLAIN, with SASL-IR and after a continuation, goes to it too") {
  Checked c;
  CHECK(c.s.feed("a1 AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\r\n") == "");
  REQUIRE(c.asked.size() == 1);
  CHECK(c.asked[0].response == std::string("\0bob\0secret", 11));
  CHECK(c.s.server.resume(sasl::Lookup::unavailable()) == "a1 NO [UNAVAILABLE] Temporary authentication failure\r\n");
  CHECK(c.s.feed("a2 AUTHENTICATE PLAIN\r\n") == "+ \r\n");
  CHECK(c.s.feed("AGJvYgBzZWNyZXQ=\r\n") == "");
  REQUIRE(c.asked.size() == 2);
  CHECK(c.s.server.resume(sasl::Lookup::delegated_success("bob")).starts_with("a2 OK [CAPABILITY "));
  CHECK(c.s.server.user() == "bob");
}
