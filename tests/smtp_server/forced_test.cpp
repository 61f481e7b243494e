// Failure injection: ServerConfig::forced_replies answers a verb with a given reply once its syntax
// and sequence checks have passed (greylisting, a 554 greeting, a full disk, ...).
#include <doctest/doctest.h>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

namespace {

ServerConfig forcing(const std::string& verb, Reply reply) {
  ServerConfig c = mx_config();
  c.forced_replies[verb] = std::move(reply);
  return c;
}

}  // namespace

TEST_CASE("forced CONNECT 554: only QUIT is accepted, everything else gets 503") {
  Server s(forcing("CONNECT", make_reply(554, "", "mx.example No SMTP service here")), {});
  CHECK(s.start() == "554 mx.example No SMTP service here\r\n");
  CHECK(s.state() == ServerState::NoService);
  CHECK(play(s, R"(
C: EHLO client.example
S: 503 5.5.1 Error: no SMTP service here
C: MAIL FROM:<alice@a.example>
S: 503 5.5.1 Error: no SMTP service here
C: NOOP
S: 503 5.5.1 Error: no SMTP service here
C: BOGUS
S: 503 5.5.1 Error: no SMTP service here
C: QUIT
S: 221 2.0.0 Bye
)"));
  CHECK(s.closed());
}

TEST_CASE("forced CONNECT 421: the greeting closes the connection") {
  Server s(forcing("CONNECT", make_reply(421, "4.3.2", "mx.example Service not available")), {});
  CHECK(s.start() == "421 4.3.2 mx.example Service not available\r\n");
  CHECK(s.closed());
  CHECK(s.state() == ServerState::Closed);
  CHECK(s.feed("EHLO client.example\r\n") == "");
}

TEST_CASE("forced RCPT 451 4.7.1 (greylisting): the recipient is not added") {
  Server s = greeted(forcing("RCPT", make_reply(451, "4.7.1", "<bob@b.example>: Recipient address "
                                                             "rejected: Greylisted, see "
                                                             "https://postgrey.example/")),
                     {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 451 4.7.1 <bob@b.example>: Recipient address rejected: Greylisted, see https://postgrey.example/
C: DATA
S: 554 5.5.1 Error: no valid recipients
)"));
  CHECK(s.envelope().rcpt_to.empty());
}

TEST_CASE("forced RCPT comes after the syntax and sequence checks, and instead of the hook") {
  ServerHooks hooks;
  int asked = 0;
  hooks.check_rcpt = [&](const Envelope&, const std::string&) {
    ++asked;
    return make_reply(250, "2.1.5", "Ok");
  };
  Server s = greeted(forcing("RCPT", make_reply(450, "4.2.0", "Try later")), hooks);
  CHECK(play(s, R"(
C: RCPT TO:<bob@b.example>
S: 503 5.5.1 Error: need MAIL command
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:bob
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT TO:<bob@b.example>
S: 450 4.2.0 Try later
)"));
  CHECK(asked == 0);
}

TEST_CASE("forced DATA 452: the data is read to its end, then refused, nothing is accepted") {
  ServerHooks hooks;
  int accepted = 0;
  hooks.accept_message = [&](const Envelope&, const std::string&) {
    ++accepted;
    return make_reply(250, "2.0.0", "Ok");
  };
  Server s = greeted(forcing("DATA", make_reply(452, "4.3.1", "Insufficient system storage")), hooks);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<bob@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 354 End data with <CR><LF>.<CR><LF>
C: Subject: x
C: NOOP
C: .
S: 452 4.3.1 Insufficient system storage
C: NOOP
S: 250 2.0.0 Ok
)"));
  CHECK(accepted == 0);
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("forced DATA-CMD 452: no 354, the transaction stays") {
  Server s = greeted(forcing("DATA-CMD", make_reply(452, "4.3.1", "Insufficient system storage")), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<bob@b.example>
C: DATA
C: Subject: x
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 452 4.3.1 Insufficient system storage
S: 502 5.5.2 Error: command not recognized
)"));
  CHECK(s.state() == ServerState::Rcpt);
}

TEST_CASE("forced MAIL, EHLO, HELO, RSET, NOOP and QUIT") {
  SUBCASE("MAIL 451: no transaction starts") {
    Server s = greeted(forcing("MAIL", make_reply(451, "4.3.0", "Error: queue file write error")), {});
    CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 451 4.3.0 Error: queue file write error
)"));
    CHECK(s.state() == ServerState::Greeted);
  }
  SUBCASE("EHLO 550: the session is not opened") {
    Server s(forcing("EHLO", make_reply(550, "5.7.1", "Go away")), {});
    s.start();
    CHECK(play(s, R"(
C: EHLO client.example
S: 550 5.7.1 Go away
C: MAIL FROM:<alice@a.example>
S: 503 5.5.1 Error: send HELO/EHLO first
C: HELO client.example
S: 250 mx.example
)"));
  }
  SUBCASE("HELO 421: closes") {
    Server s(forcing("HELO", make_reply(421, "4.7.0", "mx.example closing")), {});
    s.start();
    CHECK(s.feed("HELO client.example\r\nNOOP\r\n") == "421 4.7.0 mx.example closing\r\n");
    CHECK(s.closed());
  }
  SUBCASE("RSET 421 in a transaction: closes") {
    Server s = greeted(forcing("RSET", make_reply(421, "4.3.2", "shutting down")), {});
    CHECK(s.feed("MAIL FROM:<a@a.example>\r\nRSET\r\nNOOP\r\n") ==
          "250 2.1.0 Ok\r\n421 4.3.2 shutting down\r\n");
    CHECK(s.state() == ServerState::Closed);
  }
  SUBCASE("NOOP 250 with another text") {
    Server s = greeted(forcing("NOOP", make_reply(250, "2.0.0", "Still here")), {});
    CHECK(s.feed("NOOP\r\n") == "250 2.0.0 Still here\r\n");
  }
  SUBCASE("QUIT 221 with another text still closes") {
    Server s = greeted(forcing("QUIT", make_reply(221, "2.0.0", "See you")), {});
    CHECK(s.feed("QUIT\r\n") == "221 2.0.0 See you\r\n");
    CHECK(s.closed());
  }
}

TEST_CASE("forced replies lose their enhanced code when ENHANCEDSTATUSCODES is off") {
  ServerConfig c = forcing("RCPT", make_reply(451, "4.7.1", "Greylisted"));
  c.enhanced_status_codes = false;
  Server s = greeted(c, {});
  CHECK(s.feed("MAIL FROM:<a@a.example>\r\nRCPT TO:<b@b.example>\r\n") ==
        "250 Ok\r\n451 Greylisted\r\n");
}
