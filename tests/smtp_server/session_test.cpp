// The other commands (RSET, NOOP, VRFY, HELP, QUIT, EXPN, unknown verbs), pipelining, and
// ENHANCEDSTATUSCODES turned off.
#include <doctest/doctest.h>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

TEST_CASE("RSET clears the transaction and keeps the EHLO") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: RSET
S: 250 2.0.0 Ok
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().mail_from == "");
  CHECK(s.envelope().rcpt_to.empty());
  CHECK(s.envelope().helo == "client.example");
  CHECK(s.envelope().esmtp);
  CHECK(play(s, R"(
C: MAIL FROM:<carol@c.example> SIZE=10
S: 250 2.1.0 Ok
C: RSET now
S: 501 5.5.4 Syntax: RSET
)"));
  CHECK(s.state() == ServerState::Mail);
}

TEST_CASE("RSET, NOOP, VRFY and HELP are answered before EHLO, MAIL is not") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: RSET
S: 250 2.0.0 Ok
C: NOOP
S: 250 2.0.0 Ok
C: MAIL FROM:<alice@a.example>
S: 503 5.5.1 Error: send HELO/EHLO first
)"));
  CHECK(s.state() == ServerState::Connected);
}

TEST_CASE("NOOP, with or without a parameter, changes nothing") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: NOOP
S: 250 2.0.0 Ok
C: noop anything
S: 250 2.0.0 Ok
)"));
  CHECK(s.state() == ServerState::Mail);
  CHECK(s.envelope().mail_from == "alice@a.example");
}

TEST_CASE("VRFY: 252, neither confirming nor denying (§3.5.3), 501 without an argument") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: VRFY bob
S: 252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery
C: VRFY
S: 501 5.5.4 Syntax: VRFY address
)"));
}

TEST_CASE("HELP: 214 naming the commands and RFC 5321") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: HELP
S: 214-2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT
S: 214 2.0.0 See RFC 5321 (Simple Mail Transfer Protocol)
C: HELP MAIL
S: 214-2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT
S: 214 2.0.0 See RFC 5321 (Simple Mail Transfer Protocol)
)"));
}

TEST_CASE("QUIT: 221 and closed, bytes after it are ignored") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: QUIT
C: NOOP
S: 221 2.0.0 Bye
)"));
  CHECK(s.closed());
  CHECK(s.state() == ServerState::Closed);
  CHECK(s.envelope().mail_from == "");
  CHECK(s.feed("NOOP\r\n") == "");
}

TEST_CASE("QUIT before EHLO") {
  Server s(mx_config(), {});
  CHECK(s.start() == "220 mx.example ESMTP mailsim\r\n");
  CHECK(s.feed("QUIT\r\n") == "221 2.0.0 Bye\r\n");
  CHECK(s.closed());
}

TEST_CASE("EXPN: 502 not implemented, unknown verbs: 502, empty line: 500 bad syntax") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: EXPN staff
S: 502 5.5.1 Error: command not implemented
C: STARTTLS
S: 502 5.5.2 Error: command not recognized
C: MAILFROM:<alice@a.example>
S: 502 5.5.2 Error: command not recognized
C:
S: 500 5.5.2 Error: bad syntax
C:    
S: 500 5.5.2 Error: bad syntax
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK_FALSE(s.closed());
}

TEST_CASE("pipelining: MAIL, RCPT, RCPT, DATA in one write, replies in order in one answer") {
  Server s = greeted(mx_config(), {});
  CHECK(s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\n"
               "RCPT TO:<carol@c.example>\r\nDATA\r\n") ==
        "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(s.state() == ServerState::Data);
  CHECK(s.feed("Subject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n") == "250 2.0.0 Ok\r\n221 2.0.0 Bye\r\n");
  CHECK(s.closed());
}

TEST_CASE("pipelining off: not offered, but commands sent together are still answered in order") {
  ServerConfig c = mx_config();
  c.pipelining = false;
  Server s = greeted(c, {});
  CHECK(s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\n") ==
        "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
}

TEST_CASE("a partial command waits for its CRLF, bare LF also ends a command line") {
  Server s = greeted(mx_config(), {});
  CHECK(s.feed("NO") == "");
  CHECK(s.feed("OP\r") == "");
  CHECK(s.feed("\nNOOP\n") == "250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n");
}

TEST_CASE("ENHANCEDSTATUSCODES off: not offered, and no reply carries an enhanced code") {
  ServerConfig c = mx_config();
  c.enhanced_status_codes = false;
  c.max_recipients = 1;
  ServerHooks hooks;
  hooks.check_mail_from = [](const Envelope&, const std::string& from) {
    return from == "eve@e.example" ? make_reply(550, "5.7.1", "Go away")
                                   : make_reply(250, "2.1.0", "Ok");
  };
  Server s(c, hooks);
  CHECK(s.start() == "220 mx.example ESMTP mailsim\r\n");
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250 8BITMIME
C: RCPT TO:<bob@b.example>
S: 503 Error: need MAIL command
C: MAIL FROM:<eve@e.example>
S: 550 Go away
C: MAIL FROM:<alice@a.example>
S: 250 Ok
C: RCPT TO:<bob@b.example>
S: 250 Ok
C: RCPT TO:<carol@c.example>
S: 452 Error: too many recipients
C: VRFY bob
S: 252 Cannot VRFY user, but will accept message and attempt delivery
C: HELP
S: 214-Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT
S: 214 See RFC 5321 (Simple Mail Transfer Protocol)
C: DATA
S: 354 End data with <CR><LF>.<CR><LF>
C: .
S: 250 Ok
C: BOGUS
S: 502 Error: command not recognized
C: QUIT
S: 221 Bye
)"));
}

TEST_CASE("ENHANCEDSTATUSCODES off: the 421 for too many errors has none either") {
  ServerConfig c = mx_config();
  c.enhanced_status_codes = false;
  c.max_errors = 1;
  Server s = greeted(c, {});
  CHECK(s.feed("EXPN x\r\n") ==
        "502 Error: command not implemented\r\n421 mx.example Error: too many errors\r\n");
}

TEST_CASE("a NUL or another control character in a command is a syntax error, a tab is not") {
  Server s(mx_config(), {});
  s.start();
  using namespace std::string_literals;
  CHECK(s.feed("EHLO a\0b\r\n"s) == "500 5.5.2 Error: bad syntax\r\n");
  CHECK(s.state() == ServerState::Connected);
  CHECK(s.feed("EHLO a\x01"s + "b\r\n") == "500 5.5.2 Error: bad syntax\r\n");
  CHECK(s.feed("NOOP \x7f\r\n") == "500 5.5.2 Error: bad syntax\r\n");
  // A tab is not a separator (one unknown word), but it is no reason to refuse the line either.
  CHECK(s.feed("EHLO\tclient.example\r\n") == "502 5.5.2 Error: command not recognized\r\n");
  CHECK(s.feed("HELO client.example\t\r\n") == "250 mx.example\r\n");
  CHECK(s.state() == ServerState::Greeted);
}
