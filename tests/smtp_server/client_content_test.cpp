// Which of an SMTP client's bytes, read from outside it, are a message's content.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/smtp/client_content.hpp"

using namespace mailsim;

namespace {

// "C:" for a command part, "M:" for content, each part's bytes as given.
std::vector<std::string> parts(smtp::ClientContent& c, std::string_view bytes) {
  std::vector<std::string> out;
  for (const auto& [part, content] : c.from_client(bytes)) out.push_back((content ? "M:" : "C:") + std::string(part));
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("the lines after DATA up to the lone dot are content, and commands follow") {
  smtp::ClientContent c;
  c.from_server("220 mx ESMTP\r\n");
  CHECK(parts(c, "EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n") ==
        V{"C:EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"});
  c.from_server("250-mx\r\n250 PIPELINING\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");  // EHLO's, MAIL's, RCPT's
  CHECK(c.in_content());
  c.from_server("354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(parts(c, "Subject: hi\r\n\r\n..dot-stuffed\r\n.\r\nQUIT\r\n") ==
        V{"M:Subject: hi\r\n\r\n..dot-stuffed\r\n.\r\n", "C:QUIT\r\n"});
  CHECK_FALSE(c.in_content());
}

TEST_CASE("a dialog typed all at once, as through openssl s_client, has its message as content") {
  smtp::ClientContent c;
  c.from_server("220 mx ESMTP\r\n");
  CHECK(parts(c, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRCPT TO:<unknown@d>\r\ndata \r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n") ==
        V{"C:MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nRCPT TO:<unknown@d>\r\ndata \r\n", "M:Subject: x\r\n\r\nbody\r\n.\r\n",
          "C:QUIT\r\n"});
  // One recipient refused, DATA still answered 354 (the other one stands): it comes after its
  // content, and starts nothing.
  c.from_server("250 ok\r\n250 ok\r\n550 5.1.1 unknown\r\n354 go ahead\r\n");
  CHECK_FALSE(c.in_content());
  c.from_server("250 queued\r\n221 bye\r\n");
  CHECK(parts(c, "NOOP\r\n") == V{"C:NOOP\r\n"});
}

TEST_CASE("a refused DATA turns what followed it into commands, each answered") {
  smtp::ClientContent c;
  c.from_server("220 mx ESMTP\r\n");
  CHECK(parts(c, "DATA\r\nSubject: x\r\n.\r\nNOOP\r\n") == V{"C:DATA\r\n", "M:Subject: x\r\n.\r\n", "C:NOOP\r\n"});
  // 554 to DATA, then 502 and 502 to the two lines the server read as commands, 250 to NOOP...
  c.from_server("554 5.5.1 Error: no valid recipients\r\n502 5.5.2 no\r\n502 5.5.2 no\r\n250 ok\r\n");
  // ...so the 354 to the next DATA is known as its own.
  CHECK(parts(c, "DATA\r\n") == V{"C:DATA\r\n"});
  c.from_server("354 go ahead\r\n");
  CHECK(parts(c, "hello\r\n") == V{"M:hello\r\n"});
}

TEST_CASE("a bare-LF dot, and SMTP smuggling's, end nothing under the default, and under \"no\" they do") {
  smtp::ClientContent normal;
  normal.from_server("354 go ahead\r\n");
  CHECK(parts(normal, "text\n.\nMAIL FROM:<x@y>\r\n") == V{"M:text\n.\nMAIL FROM:<x@y>\r\n"});
  CHECK(parts(normal, "x\n.\r\nRCPT TO:<z@y>\r\n") == V{"M:x\n.\r\nRCPT TO:<z@y>\r\n"});  // <LF>.<CRLF>
  CHECK(parts(normal, "\r\n.\r\nQUIT\r\n") == V{"M:\r\n.\r\n", "C:QUIT\r\n"});
  smtp::ClientContent no({true, smtp::BareNewline::No});
  no.from_server("354 go ahead\r\n");
  CHECK(parts(no, "text\n.\nQUIT\r\n") == V{"M:text\n.\n", "C:QUIT\r\n"});
}

TEST_CASE("the content and its end may come in pieces of any size") {
  smtp::ClientContent c;
  c.from_server("35");
  c.from_server("4 go ahead\r\n");
  CHECK(parts(c, "line one\r") == V{"M:line one\r"});
  CHECK(parts(c, "\n.") == V{"M:\n."});  // a line that starts with "." is not yet the end
  CHECK(parts(c, "x\r\n.") == V{"M:x\r\n."});
  CHECK(parts(c, "\r") == V{"M:\r"});
  CHECK(parts(c, "\nRSET\r\nDA") == V{"M:\n", "C:RSET\r\nDA"});
  CHECK(parts(c, "TA\r\nhello") == V{"C:TA\r\n", "M:hello"});
}

TEST_CASE("no DATA and no 354, no content, and a 354 inside a reply's text or a 354- line does not count") {
  smtp::ClientContent c;
  c.from_server("220 mx\r\n");
  CHECK(parts(c, "Subject: x\r\n.\r\nDATA more\r\n") == V{"C:Subject: x\r\n.\r\nDATA more\r\n"});
  c.from_server("250 ok 354 \r\n3540 nonsense\r\n500 5.5.2 what\r\n354-more to come\r\n");
  CHECK_FALSE(c.in_content());
  // The reply to the last line sent: a DATA not recognised as one still gets its content.
  c.from_server("354 the last line\r\n");
  CHECK(c.in_content());
}

TEST_CASE("a reply after the 354 ends the content, as the server read it") {
  smtp::ClientContent c;
  c.from_server("354 go ahead\r\n");
  CHECK(parts(c, "text\r\n") == V{"M:text\r\n"});
  c.from_server("421 4.4.2 timeout\r\n");  // the server giving up
  CHECK(parts(c, "QUIT\r\n") == V{"C:QUIT\r\n"});
}

TEST_CASE("the rest of a 354 line that comes after the client's dot does not start the content again") {
  smtp::ClientContent c;
  c.from_server("354 go");  // the line is not over yet...
  CHECK(parts(c, "x\r\n.\r\n") == V{"M:x\r\n.\r\n"});
  c.from_server(" ahead\r\n");  // ...when its end comes after the content's
  CHECK(parts(c, "QUIT\r\n") == V{"C:QUIT\r\n"});
}
