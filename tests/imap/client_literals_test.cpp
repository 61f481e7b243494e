// Which of an IMAP client's bytes, read from outside it, are a message's content: APPEND's literals.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/imap/client_literals.hpp"

using namespace mailsim;

namespace {

// "C:" for a command part, "M:" for content, each part's bytes as given.
std::vector<std::string> parts(imap::ClientLiterals& c, std::string_view bytes) {
  std::vector<std::string> out;
  for (const auto& [part, content] : c.from_client(bytes)) out.push_back((content ? "M:" : "C:") + std::string(part));
  return out;
}

using V = std::vector<std::string>;

const std::string kMessage = "Subject: sent copy\r\n\r\nHello {5}\r\n";  // a "marker" inside
const std::string kSize = std::to_string(kMessage.size());  // 33

}  // namespace

TEST_CASE("an APPEND's literal is content, after the server's +, and the command ends after it") {
  imap::ClientLiterals c;
  c.from_server("* OK IMAP4rev1 ready\r\n");
  CHECK(parts(c, "a1 LOGIN bob pale-moon\r\n") == V{"C:a1 LOGIN bob pale-moon\r\n"});
  c.from_server("a1 OK LOGIN completed\r\n");
  CHECK(parts(c, "a2 APPEND Sent (\\Seen) {" + kSize + "}\r\n") == V{"C:a2 APPEND Sent (\\Seen) {33}\r\n"});
  CHECK(c.in_literal());
  c.from_server("+ Ready for literal data\r\n");
  // The message, then the end of APPEND's line; the "{5}" inside the message is no marker.
  CHECK(parts(c, kMessage + "\r\n") == V{"M:" + kMessage, "C:\r\n"});
  CHECK_FALSE(c.in_literal());
  c.from_server("a2 OK [APPENDUID 1 1] APPEND completed\r\n");
  CHECK(parts(c, "a3 SELECT Sent\r\n") == V{"C:a3 SELECT Sent\r\n"});
}

TEST_CASE("a literal may come in pieces of any size, and MULTIAPPEND's second message too") {
  const std::string all = "a2 append Sent {" + kSize + "}\r\n" + kMessage + " {" + kSize + "+}\r\n" + kMessage + "\r\na3 NOOP\r\n";
  for (std::size_t step : {1u, 2u, 7u, 64u}) {
    imap::ClientLiterals c;
    c.from_server("* OK ready\r\n");
    std::string content, commands;
    for (std::size_t i = 0; i < all.size(); i += step) {
      for (const auto& [part, is_content] : c.from_client(std::string_view(all).substr(i, step)))
        (is_content ? content : commands) += std::string(part);
      if (i + step >= 21 && i < 21) c.from_server("+ go ahead\r\n");  // after the first line
    }
    CHECK(content == kMessage + kMessage);
    CHECK(commands == "a2 append Sent {33}\r\n {33+}\r\n\r\na3 NOOP\r\n");
  }
}

TEST_CASE("other commands' literals are arguments, and a marker in a quoted string is text") {
  imap::ClientLiterals c;
  c.from_server("* OK ready\r\n");
  CHECK(parts(c, "a1 LOGIN {3}\r\n") == V{"C:a1 LOGIN {3}\r\n"});
  c.from_server("+ Ready\r\n");
  CHECK(parts(c, "bob {9+}\r\npale-moon\r\n") == V{"C:bob {9+}\r\npale-moon\r\n"});
  CHECK_FALSE(c.in_literal());
  c.from_server("a1 OK LOGIN completed\r\n");
  CHECK(parts(c, "a2 APPEND Sent \"{35}\"\r\n") == V{"C:a2 APPEND Sent \"{35}\"\r\n"});
  CHECK_FALSE(c.in_literal());
  CHECK(parts(c, "a3 APPEND \"a\\\"{\" {2+}\r\nhi\r\n") == V{"C:a3 APPEND \"a\\\"{\" {2+}\r\n", "M:hi", "C:\r\n"});
}

TEST_CASE("a literal refused before its + is not sent, and the next line is a command") {
  imap::ClientLiterals c;
  c.from_server("* OK ready\r\n");
  CHECK(parts(c, "a2 APPEND Sent {99999999999}\r\n") == V{"C:a2 APPEND Sent {99999999999}\r\n"});
  CHECK(c.in_literal());
  c.from_server("* 3 EXISTS\r\na2 NO [TOOBIG] Literal too large (limit 67108864 octets)\r\n");
  CHECK_FALSE(c.in_literal());
  CHECK(parts(c, "a3 LOGOUT\r\n") == V{"C:a3 LOGOUT\r\n"});
  // Another command's tagged reply, or a tag that only begins like it, refuses nothing.
  CHECK(parts(c, "b1 APPEND Sent {2}\r\n") == V{"C:b1 APPEND Sent {2}\r\n"});
  c.from_server("a3 OK\r\nb10 NO other\r\n");
  CHECK(c.in_literal());
  c.from_server("+ Ready\r\n");
  CHECK(parts(c, "hi\r\n") == V{"M:hi", "C:\r\n"});
  c.from_server("b1 OK APPEND completed\r\n");
  CHECK(parts(c, "b2 NOOP\r\n") == V{"C:b2 NOOP\r\n"});
}

TEST_CASE("a refused LITERAL+ is dropped with the rest of its command, and then commands follow") {
  imap::ClientLiterals c;
  c.from_server("* OK ready\r\n");
  CHECK(parts(c, "a2 APPEND Sent {2+}\r\n") == V{"C:a2 APPEND Sent {2+}\r\n"});
  c.from_server("a2 NO [TRYCREATE] No such mailbox\r\n");
  // The server drops the bytes and the rest of the command, whose second message is LITERAL+ too,
  // and then a synchronizing marker, for which it sends no "+" and reads nothing.
  CHECK(parts(c, "hi {3+}\r\nyou {4}\r\na3 NOOP\r\n") == V{"C:hi {3+}\r\nyou {4}\r\na3 NOOP\r\n"});
  CHECK_FALSE(c.in_literal());
}

TEST_CASE("no literal on an invalid tag, past the line limit or inside IDLE, and an unknown command's is no message") {
  imap::ClientLiterals c(64);
  c.from_server("* OK ready\r\n");
  CHECK(parts(c, "a{1 APPEND Sent {2+}\r\n") == V{"C:a{1 APPEND Sent {2+}\r\n"});
  CHECK_FALSE(c.in_literal());
  // "APPEND{2+}" is no command the server knows: it refuses it and drops the LITERAL+ bytes.
  CHECK(parts(c, "a1 APPEND{2+}\r\nhi\r\n") == V{"C:a1 APPEND{2+}\r\nhi\r\n"});
  CHECK_FALSE(c.in_literal());
  const std::string long_line = "a2 APPEND Sent (" + std::string(60, 'x') + ") {2+}\r\n";
  CHECK(parts(c, long_line) == V{"C:" + long_line});
  CHECK_FALSE(c.in_literal());
  CHECK(parts(c, "a3 IDLE\r\n") == V{"C:a3 IDLE\r\n"});
  c.from_server("+ idling\r\n");
  CHECK(parts(c, "x y {2+}\r\n") == V{"C:x y {2+}\r\n"});
  CHECK_FALSE(c.in_literal());
  c.from_server("a3 BAD Expected DONE\r\n");
  CHECK(parts(c, "a4 APPEND Sent {2+}\r\nhi\r\n") == V{"C:a4 APPEND Sent {2+}\r\n", "M:hi", "C:\r\n"});
}

TEST_CASE("a marker's number may have any count of leading zeros, as the server reads it (found by fuzz_imap_client_literals)") {
  // 40 zeros: longer than the part of a line's end the reader keeps. Whole, and a byte at a time.
  const std::string zeros(40, '0');
  const std::string line = "a2 APPEND Sent {" + zeros + "99999 {" + zeros + kSize + "}\r\n";
  for (std::size_t step : {line.size(), std::size_t{1}}) {
    imap::ClientLiterals c;
    c.from_server("* OK ready\r\n");
    for (std::size_t i = 0; i < line.size(); i += step) c.from_client(std::string_view(line).substr(i, step));
    CHECK(c.in_literal());
    c.from_server("+ go ahead\r\n");
    CHECK(parts(c, kMessage + "\r\n") == V{"M:" + kMessage, "C:\r\n"});
    CHECK_FALSE(c.in_literal());
  }
  // Zeros followed by something else than digits are no marker.
  imap::ClientLiterals c;
  c.from_server("* OK ready\r\n");
  c.from_client("a3 APPEND Sent {" + zeros + "x}\r\n");
  CHECK_FALSE(c.in_literal());
}
