// Connection opening and session initiation: the 220 greeting, EHLO and HELO (RFC 5321 §3.1, §4.1.1.1).
#include <doctest/doctest.h>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

TEST_CASE("greeting: 220 with the host name and text, no enhanced code") {
  Server s(mx_config(), {});
  CHECK(s.start() == "220 mx.example ESMTP mailsim\r\n");
  CHECK(s.state() == ServerState::Connected);
  CHECK_FALSE(s.closed());
  CHECK(s.start() == "");  // the greeting is sent once
}

TEST_CASE("greeting: the default host name is localhost") {
  Server s({}, {});
  CHECK(s.start() == "220 localhost ESMTP mailsim\r\n");
}

TEST_CASE("EHLO: the host name, then PIPELINING, SIZE, ENHANCEDSTATUSCODES, 8BITMIME") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().helo == "client.example");
  CHECK(s.envelope().esmtp);
}

TEST_CASE("EHLO: keywords follow the configuration") {
  ServerConfig c = mx_config();
  c.pipelining = false;
  c.eightbitmime = false;
  c.max_message_size = 1000;
  Server s(c, {});
  s.start();
  CHECK(play(s, R"(
C: ehlo client.example
S: 250-mx.example
S: 250-SIZE 1000
S: 250 ENHANCEDSTATUSCODES
)"));
}

TEST_CASE("EHLO and HELO without a name: 501") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: EHLO
S: 501 5.5.4 Syntax: EHLO hostname
C: HELO
S: 501 5.5.4 Syntax: HELO hostname
C: EHLO   
S: 501 5.5.4 Syntax: EHLO hostname
)"));
  CHECK(s.state() == ServerState::Connected);
}

TEST_CASE("HELO: a single 250 line with the host name, and no ESMTP") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: HELO client.example
S: 250 mx.example
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().helo == "client.example");
  CHECK_FALSE(s.envelope().esmtp);
}

TEST_CASE("EHLO in a transaction resets it (RFC 5321 §4.1.4)") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: EHLO other.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: RCPT TO:<bob@b.example>
S: 503 5.5.1 Error: need MAIL command
)"));
  CHECK(s.envelope().mail_from == "");
  CHECK(s.envelope().rcpt_to.empty());
  CHECK(s.envelope().helo == "other.example");
}

TEST_CASE("HELO in a transaction resets it too, and turns ESMTP off") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: HELO other.example
S: 250 mx.example
C: DATA
S: 503 5.5.1 Error: need RCPT command
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK_FALSE(s.envelope().esmtp);
}
