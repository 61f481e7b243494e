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
  CHECK(parts(c, "EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n") ==
        V{"C:EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"});
  c.from_server("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");  // the pipelined MAIL's and RCPT's: not DATA's
  CHECK(c.in_content());
  c.from_server("354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(parts(c, "Subject: hi\r\n\r\n..dot-stuffed\r\n.\r\nQUIT\r\n") ==
        V{"M:Subject: hi\r\n\r\n..dot-stuffed\r\n.\r\n", "C:QUIT\r\n"});
  CHECK_FALSE(c.in_content());
}

TEST_CASE("a dialog typed all at once, as through openssl s_client, has its message as content") {
  smtp::ClientContent c;
  c.from_server("220 mx ESMTP\r\n");
  CHECK(parts(c, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\ndata \r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n") ==
        V{"C:MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\ndata \r\n", "M:Subject: x\r\n\r\nbody\r\n.\r\n", "C:QUIT\r\n"});
  // The DATA's 354 comes after its content: it starts nothing.
  c.from_server("250 ok\r\n250 ok\r\n354 go ahead\r\n");
  CHECK_FALSE(c.in_content());
  c.from_server("250 queued\r\n221 bye\r\n");
  CHECK(parts(c, "NOOP\r\n") == V{"C:NOOP\r\n"});
}

TEST_CASE("a refusal before the 354 ends the content: the server reads commands") {
  smtp::ClientContent c;
  CHECK(parts(c, "DATA\r\n") == V{"C:DATA\r\n"});
  c.from_server("554 5.5.1 Error: no valid recipients\r\n");
  CHECK(parts(c, "QUIT\r\n") == V{"C:QUIT\r\n"});
  // A refusal also clears a late 354 that never came.
  CHECK(parts(c, "DATA\r\nx\r\n.\r\n") == V{"C:DATA\r\n", "M:x\r\n.\r\n"});
  c.from_server("503 5.5.1 Error: need RCPT command\r\n");
  c.from_server("354 go ahead\r\n");
  CHECK(c.in_content());
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

TEST_CASE("no DATA and no 354, no content, and a 354 inside a reply's text does not count") {
  smtp::ClientContent c;
  c.from_server("250 ok 354 \r\n");
  c.from_server("3540 nonsense\r\n");
  CHECK(parts(c, "Subject: x\r\n.\r\nDATA more\r\n") == V{"C:Subject: x\r\n.\r\nDATA more\r\n"});
  c.from_server("354\r\n");  // a bare code is a reply too; with no DATA seen it still starts content
  CHECK(c.in_content());
}

TEST_CASE("a reply after the 354 ends the content, as the server read it") {
  smtp::ClientContent c;
  c.from_server("354 go ahead\r\n");
  CHECK(parts(c, "text\n.\n") == V{"M:text\n.\n"});  // a bare LF dot ends it here...
  c.from_server("354 go ahead\r\n");
  CHECK(parts(c, "text\r\n") == V{"M:text\r\n"});
  c.from_server("421 4.4.2 timeout\r\n");  // ...and so does the server giving up
  CHECK(parts(c, "QUIT\r\n") == V{"C:QUIT\r\n"});
}

TEST_CASE("the rest of a 354 line that comes after the client's dot does not start the content again") {
  smtp::ClientContent c;
  c.from_server("354 go");  // the line is not over yet...
  CHECK(parts(c, "x\r\n.\r\n") == V{"M:x\r\n.\r\n"});
  c.from_server(" ahead\r\n");  // ...when its end comes after the content's
  CHECK(parts(c, "QUIT\r\n") == V{"C:QUIT\r\n"});
}
