// Reply text is HT and printable US-ASCII (RFC 5321 §4.2 textstring), whatever the client sent and a
// reply echoes: the SMTP server fuzz target (tests/fuzz/smtp_server.cpp) found 8-bit and control
// bytes, a CR among them, copied into replies.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/smtp/server.hpp"
#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

TEST_CASE("an unsupported MAIL parameter is echoed with its 8-bit and control bytes as '?'") {
  Server s = greeted(mx_config(), {});
  CHECK(s.feed("MAIL FROM:<alice@a.example> body=7bit\xdf\r\n") == "555 5.5.4 Unsupported option: body=7bit?\r\n");
  // A control character makes the whole command a syntax error before any part of it is echoed.
  CHECK(s.feed("MAIL FROM:<alice@a.example> X=a\rb\x01\r\n") == "500 5.5.2 Error: bad syntax\r\n");
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example> X=tab	ok
S: 555 5.5.4 Unsupported option: X=tab	ok
)"));
}

TEST_CASE("a hook's reply quoting the recipient cannot carry 8-bit bytes onto the wire, a CR never gets that far") {
  ServerHooks hooks;
  hooks.check_rcpt = [](const Envelope&, const std::string& rcpt) {
    return make_reply(554, "5.7.1", "<" + rcpt + ">: Relay access denied");
  };
  Server s = greeted(mx_config(), hooks);
  CHECK(s.feed("MAIL FROM:<alice@a.example>\r\n") == "250 2.1.0 Ok\r\n");
  CHECK(s.feed("RCPT TO:<\"ab\xc3\xa9\"@b.example>\r\n") == "554 5.7.1 <\"ab??\"@b.example>: Relay access denied\r\n");
  CHECK(s.feed("RCPT TO:<\"a\rb\"@b.example>\r\n") == "500 5.5.2 Error: bad syntax\r\n");
}
