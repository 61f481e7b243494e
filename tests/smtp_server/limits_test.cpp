// Limits (RFC 5321 §4.5.3): command and text line lengths, message size with bounded memory, and
// the error limit that ends a session with 421 (Postfix's smtpd_hard_error_limit).
#include <doctest/doctest.h>

#include <string>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

namespace {

constexpr std::string_view kTransaction =
    "MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n";
constexpr std::string_view kTransactionReplies =
    "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n";

ServerHooks counting(int& calls) {
  ServerHooks h;
  h.accept_message = [&calls](const Envelope&, const std::string&) {
    ++calls;
    return make_reply(250, "2.0.0", "Ok");
  };
  return h;
}

}  // namespace

TEST_CASE("command line longer than max_command_line: 500, the rest of the line is dropped") {
  ServerConfig c = mx_config();
  c.max_command_line = 34;  // counting CRLF
  Server s = greeted(c, {});
  // 32 characters + CRLF = 34: fits.
  CHECK(s.feed("MAIL FROM:<abcdefghij@k.example>\r\n") == "250 2.1.0 Ok\r\n");
  CHECK(s.feed("RSET\r\n") == "250 2.0.0 Ok\r\n");
  // 33 + CRLF = 35: too long, even in one write.
  CHECK(s.feed("MAIL FROM:<abcdefghijk@l.example>\r\nNOOP\r\n") ==
        "500 5.5.0 Error: line too long\r\n250 2.0.0 Ok\r\n");
  // A long line arriving in pieces is answered once, when it passes the limit.
  CHECK(s.feed(std::string(40, 'x')) == "500 5.5.0 Error: line too long\r\n");
  CHECK(s.feed(std::string(1000, 'y')) == "");
  CHECK(s.feed("zzz\r\nNOOP\r\n") == "250 2.0.0 Ok\r\n");
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("mail data line longer than max_text_line: read to the end, then 500") {
  ServerConfig c = mx_config();
  c.max_text_line = 20;
  int calls = 0;
  Server s = greeted(c, counting(calls));
  CHECK(s.feed(kTransaction) == kTransactionReplies);
  CHECK(s.feed(std::string(18, 'a') + "\r\n") == "");  // 20 with CRLF: fits
  CHECK(s.feed(std::string(19, 'b') + "\r\n") == "");  // 21: too long, but reading goes on
  CHECK(s.feed(std::string(5000, 'c') + "\r\n.\r\n") == "500 5.5.0 Error: line too long\r\n");
  CHECK(calls == 0);
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.feed("NOOP\r\n") == "250 2.0.0 Ok\r\n");
}

TEST_CASE("mail data over max_message_size: 552 at the end, nothing accepted") {
  ServerConfig c = mx_config();
  c.max_message_size = 100;
  int calls = 0;
  Server s = greeted(c, counting(calls));
  CHECK(s.feed(kTransaction) == kTransactionReplies);
  // 49 + 2 + 48 + 2 = 101 bytes.
  CHECK(s.feed(std::string(49, 'a') + "\r\n" + std::string(48, 'b') + "\r\n") == "");
  CHECK(s.feed(".\r\n") == "552 5.3.4 Error: message file too big\r\n");
  CHECK(calls == 0);
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("mail data of exactly max_message_size is accepted") {
  ServerConfig c = mx_config();
  c.max_message_size = 100;
  int calls = 0;
  Server s = greeted(c, counting(calls));
  s.feed(kTransaction);
  CHECK(s.feed(std::string(48, 'a') + "\r\n" + std::string(48, 'b') + "\r\n.\r\n") ==
        "250 2.0.0 Ok\r\n");
  CHECK(calls == 1);
}

TEST_CASE("20 MB of mail data against a 1 MB limit: 552, the server stays sane") {
  ServerConfig c = mx_config();
  c.max_message_size = 1024 * 1024;
  int calls = 0;
  Server s = greeted(c, counting(calls));
  s.feed(kTransaction);
  const std::string line = std::string(998, 'x') + "\r\n";
  std::string chunk;
  for (int i = 0; i < 64; ++i) chunk += line;  // 64000 bytes
  std::string replies;
  for (int i = 0; i < 20 * 1024 * 1024 / 64000; ++i) replies += s.feed(chunk);
  CHECK(replies == "");
  CHECK(s.state() == ServerState::Data);
  CHECK(s.envelope().rcpt_to == std::vector<std::string>{"bob@b.example"});
  // One write of 20 MB, too: feed() hands it to the line reader in slices.
  const std::string big(20 * 1024 * 1024, 'y');
  CHECK(s.feed(big) == "");
  CHECK(s.feed("\r\n.\r\n") == "552 5.3.4 Error: message file too big\r\n");
  CHECK(calls == 0);
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.feed("NOOP\r\n") == "250 2.0.0 Ok\r\n");
}

TEST_CASE("too many errors: the error that reaches max_errors is followed by 421, then silence") {
  ServerConfig c = mx_config();
  c.max_errors = 3;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: FOO
S: 502 5.5.2 Error: command not recognized
C: NOOP
S: 250 2.0.0 Ok
C: RCPT TO:<bob@b.example>
S: 503 5.5.1 Error: need MAIL command
C: MAIL FROM:bad
C: NOOP
S: 501 5.5.4 Syntax: MAIL FROM:<address>
S: 421 4.7.0 mx.example Error: too many errors
)"));
  CHECK(s.closed());
  CHECK(s.state() == ServerState::Closed);
  CHECK(s.feed("NOOP\r\n") == "");
}

TEST_CASE("too many errors: hook rejections count too") {
  ServerConfig c = mx_config();
  c.max_errors = 2;
  ServerHooks hooks;
  hooks.check_rcpt = [](const Envelope&, const std::string&) {
    return make_reply(550, "5.1.1", "User unknown");
  };
  Server s = greeted(c, hooks);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<a@b.example>
C: RCPT TO:<b@b.example>
C: RCPT TO:<c@b.example>
S: 250 2.1.0 Ok
S: 550 5.1.1 User unknown
S: 550 5.1.1 User unknown
S: 421 4.7.0 mx.example Error: too many errors
)"));
  CHECK(s.closed());
}

TEST_CASE("too many errors: a delivered message forgives earlier errors (like Postfix)") {
  ServerConfig c = mx_config();
  c.max_errors = 2;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: FOO
S: 502 5.5.2 Error: command not recognized
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<bob@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 354 End data with <CR><LF>.<CR><LF>
C: hi
C: .
S: 250 2.0.0 Ok
C: FOO
S: 502 5.5.2 Error: command not recognized
C: FOO
S: 502 5.5.2 Error: command not recognized
S: 421 4.7.0 mx.example Error: too many errors
)"));
}

TEST_CASE("too many errors counts line-too-long and empty lines") {
  ServerConfig c = mx_config();
  c.max_errors = 2;
  c.max_command_line = 24;
  Server s = greeted(c, {});
  CHECK(s.feed("\r\n" + std::string(30, 'x') + "\r\n") ==
        "500 5.5.2 Error: bad syntax\r\n500 5.5.0 Error: line too long\r\n"
        "421 4.7.0 mx.example Error: too many errors\r\n");
  CHECK(s.closed());
}

TEST_CASE("a forced negative QUIT reply that reaches the error limit closes once, no table miss") {
  ServerConfig c = mx_config();
  c.max_errors = 2;
  c.forced_replies["QUIT"] = make_reply(554, "5.3.0", "Closing anyway");
  Server s = greeted(c, {});
  CHECK(s.feed("FOO\r\nQUIT\r\n") == "502 5.5.2 Error: command not recognized\r\n554 5.3.0 Closing anyway\r\n");
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
}
