#include <doctest/doctest.h>

#include "sim/nodes/content_split.hpp"

using namespace mailsim;
using trace::Payload;

TEST_CASE("POP3: the body of a RETR reply is content, other replies are not") {
  const std::string retr = "+OK 20 octets\r\nSubject: x\r\n\r\n..dot\r\n.\r\n";
  auto p = nodes::split_pop3_reply("RETR 1\r\n", retr);
  REQUIRE(p.size() == 3);
  CHECK(p[0] == std::make_pair(std::string("+OK 20 octets\r\n"), Payload::Reply));
  CHECK(p[1] == std::make_pair(std::string("Subject: x\r\n\r\n..dot\r\n"), Payload::Content));
  CHECK(p[2] == std::make_pair(std::string(".\r\n"), Payload::Reply));
  CHECK(nodes::split_pop3_reply("UIDL\r\n", "+OK\r\n1 a\r\n.\r\n").size() == 1);
  CHECK(nodes::split_pop3_reply("RETR 9\r\n", "-ERR no such message\r\n").size() == 1);
}

TEST_CASE("IMAP: literal bytes are content, the rest of the response is not") {
  const std::string r = "* 1 FETCH (UID 7 BODY[] {5}\r\nHi\r\n!)\r\na3 OK done\r\n";
  auto p = nodes::split_imap_reply(r);
  REQUIRE(p.size() == 3);
  CHECK(p[0].first == "* 1 FETCH (UID 7 BODY[] {5}\r\n");
  CHECK(p[1] == std::make_pair(std::string("Hi\r\n!"), Payload::Content));
  CHECK(p[2] == std::make_pair(std::string(")\r\na3 OK done\r\n"), Payload::Reply));
  // A brace that is not a literal, or a literal longer than what is there, stays a reply.
  CHECK(nodes::split_imap_reply("* OK {x}\r\n").size() == 1);
  CHECK(nodes::split_imap_reply("* 1 FETCH (BODY[] {99}\r\nshort").size() == 1);
}
