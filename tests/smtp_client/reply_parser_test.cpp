// ReplyParser (RFC 5321 §4.2): one line at a time, as the client's line reader hands them over.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "sim/proto/smtp/reply.hpp"

using mailsim::smtp::Reply;
using mailsim::smtp::ReplyParser;

TEST_CASE("reply parser: a one-line reply") {
  ReplyParser p;
  const std::optional<Reply> r = p.feed_line("220 mx.example ESMTP", false);
  REQUIRE(r);
  CHECK(r->code == 220);
  CHECK(r->enhanced.empty());
  CHECK(r->lines == std::vector<std::string>{"mx.example ESMTP"});
  CHECK(r->positive());
}

TEST_CASE("reply parser: a code with no text is a whole reply (§4.2 grammar)") {
  ReplyParser p;
  const std::optional<Reply> r = p.feed_line("250", false);
  REQUIRE(r);
  CHECK(r->code == 250);
  CHECK(r->lines == std::vector<std::string>{""});
}

TEST_CASE("reply parser: a multi-line EHLO reply ends at the line with a space") {
  ReplyParser p;
  CHECK_FALSE(p.feed_line("250-mx.example Hello", false));
  CHECK_FALSE(p.feed_line("250-PIPELINING", false));
  CHECK_FALSE(p.feed_line("250-SIZE 10240000", false));
  const std::optional<Reply> r = p.feed_line("250 8BITMIME", false);
  REQUIRE(r);
  CHECK(r->code == 250);
  CHECK(r->lines ==
        std::vector<std::string>{"mx.example Hello", "PIPELINING", "SIZE 10240000", "8BITMIME"});
  // The parser is ready for the next reply.
  const std::optional<Reply> next = p.feed_line("250 Ok", false);
  REQUIRE(next);
  CHECK(next->lines == std::vector<std::string>{"Ok"});
}

TEST_CASE("reply parser: enhanced status codes are split off only when expected") {
  ReplyParser p;
  SUBCASE("expected") {
    const std::optional<Reply> r = p.feed_line("550 5.1.1 <bob@b.example>: user unknown", true);
    REQUIRE(r);
    CHECK(r->code == 550);
    CHECK(r->enhanced == "5.1.1");
    CHECK(r->lines == std::vector<std::string>{"<bob@b.example>: user unknown"});
  }
  SUBCASE("not expected: the text stays whole") {
    const std::optional<Reply> r = p.feed_line("550 5.1.1 <bob@b.example>: user unknown", false);
    REQUIRE(r);
    CHECK(r->enhanced.empty());
    CHECK(r->lines == std::vector<std::string>{"5.1.1 <bob@b.example>: user unknown"});
  }
  SUBCASE("expected, but its class differs from the reply's (RFC 3463 §2)") {
    const std::optional<Reply> r = p.feed_line("250 5.1.1 odd", true);
    REQUIRE(r);
    CHECK(r->enhanced.empty());
    CHECK(r->lines == std::vector<std::string>{"5.1.1 odd"});
  }
  SUBCASE("expected, but the text only looks like a number") {
    const std::optional<Reply> r = p.feed_line("250 2.0 Ok", true);
    REQUIRE(r);
    CHECK(r->enhanced.empty());
    CHECK(r->lines == std::vector<std::string>{"2.0 Ok"});
  }
  SUBCASE("expected on a multi-line reply: kept once, stripped from every line") {
    CHECK_FALSE(p.feed_line("451-4.7.1 greylisted,", true));
    const std::optional<Reply> r = p.feed_line("451 4.7.1 try again later", true);
    REQUIRE(r);
    CHECK(r->enhanced == "4.7.1");
    CHECK(r->lines == std::vector<std::string>{"greylisted,", "try again later"});
  }
}

TEST_CASE("reply parser: malformed lines give code 0 and the line as text") {
  ReplyParser p;
  for (const char* bad : {"", "25", "hello there", "2500 Ok", "25a Ok", "250_Ok", "+OK pop3"}) {
    CAPTURE(bad);
    const std::optional<Reply> r = p.feed_line(bad, false);
    REQUIRE(r);
    CHECK(r->code == 0);
    CHECK(r->lines == std::vector<std::string>{bad});
  }
}

TEST_CASE("reply parser: a malformed line drops the reply it interrupted") {
  ReplyParser p;
  CHECK_FALSE(p.feed_line("250-first", false));
  const std::optional<Reply> bad = p.feed_line("garbage", false);
  REQUIRE(bad);
  CHECK(bad->code == 0);
  const std::optional<Reply> r = p.feed_line("354 go ahead", false);
  REQUIRE(r);
  CHECK(r->code == 354);
  CHECK(r->lines == std::vector<std::string>{"go ahead"});
}

TEST_CASE("reply parser: serialize and parse agree") {
  const Reply original{250, "2.0.0", {"Ok: queued as 8A1B2", "see you"}};
  const std::string wire = original.serialize();
  CHECK(wire == "250-2.0.0 Ok: queued as 8A1B2\r\n250 2.0.0 see you\r\n");
  ReplyParser p;
  CHECK_FALSE(p.feed_line("250-2.0.0 Ok: queued as 8A1B2", true));
  const std::optional<Reply> r = p.feed_line("250 2.0.0 see you", true);
  REQUIRE(r);
  CHECK(*r == original);
}
