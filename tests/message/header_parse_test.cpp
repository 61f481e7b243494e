// Message::parse on the header block: where it ends, how folds and odd lines are read.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/message/message.hpp"

using mailsim::message::HeaderField;
using mailsim::message::Message;

TEST_CASE("header fields in order, body after the first empty line") {
  const Message m = Message::parse(
      "From: Alice <alice@school.example>\r\n"
      "To: bob@home.example\r\n"
      "Subject: Lunch?\r\n"
      "\r\n"
      "Noon at the canteen.\r\n"
      "\r\n"
      "Not-A-Header: this is body\r\n");
  REQUIRE(m.headers().size() == 3);
  CHECK(m.headers()[0] == HeaderField{"From", "Alice <alice@school.example>"});
  CHECK(m.headers()[1] == HeaderField{"To", "bob@home.example"});
  CHECK(m.headers()[2] == HeaderField{"Subject", "Lunch?"});
  CHECK(m.body() == "Noon at the canteen.\r\n\r\nNot-A-Header: this is body\r\n");
}

TEST_CASE("a folded field keeps its CRLF and the white space line") {
  const Message m = Message::parse(
      "Subject: a long\r\n"
      " subject\r\n"
      "\tand more\r\n"
      "To: bob@home.example\r\n"
      "\r\n");
  REQUIRE(m.headers().size() == 2);
  CHECK(m.headers()[0].value == "a long\r\n subject\r\n\tand more");
  CHECK(m.headers()[1].value == "bob@home.example");
  CHECK(m.body().empty());
}

TEST_CASE("no space after the colon, only one space is dropped") {
  const Message m = Message::parse("Subject:tight\r\nX-Pad:   three\r\nX-Empty:\r\nX-Blank: \r\n\r\n");
  REQUIRE(m.headers().size() == 4);
  CHECK(m.headers()[0] == HeaderField{"Subject", "tight"});
  CHECK(m.headers()[1] == HeaderField{"X-Pad", "  three"});
  CHECK(m.headers()[2] == HeaderField{"X-Empty", ""});
  CHECK(m.headers()[3] == HeaderField{"X-Blank", ""});
}

TEST_CASE("the value keeps everything after the first colon") {
  const Message m = Message::parse("Date: Mon, 3 Nov 2025 09:00:00 +0000\r\n\r\n");
  CHECK(m.get("Date") == "Mon, 3 Nov 2025 09:00:00 +0000");
}

TEST_CASE("LF line endings are read and the body comes out with CRLF") {
  const Message m = Message::parse("Subject: hi\n folded\nTo: b@x.example\n\nline 1\nline 2\n");
  REQUIRE(m.headers().size() == 2);
  CHECK(m.headers()[0].value == "hi\r\n folded");
  CHECK(m.body() == "line 1\r\nline 2\r\n");
  CHECK(m.serialize() == "Subject: hi\r\n folded\r\nTo: b@x.example\r\n\r\nline 1\r\nline 2\r\n");
}

TEST_CASE("mixed endings: CRLF kept, bare LF gains a CR, a lone CR stays") {
  const Message m = Message::parse("A: 1\r\n\r\nx\r\ny\nz\rw");
  CHECK(m.body() == "x\r\ny\r\nz\rw");
}

TEST_CASE("no empty line: all of it is header, the body is empty") {
  const Message m = Message::parse("From: a@x.example\r\nSubject: no body");
  REQUIRE(m.headers().size() == 2);
  CHECK(m.headers()[1] == HeaderField{"Subject", "no body"});
  CHECK(m.body().empty());
}

TEST_CASE("a line without a colon ends the header and starts the body") {
  const Message m = Message::parse("Subject: hi\r\nthis is not a header\r\nTo: b@x.example\r\n\r\nend\r\n");
  REQUIRE(m.headers().size() == 1);
  CHECK(m.get("Subject") == "hi");
  CHECK_FALSE(m.has("To"));
  CHECK(m.body() == "this is not a header\r\nTo: b@x.example\r\n\r\nend\r\n");
}

TEST_CASE("a name that is not a field name (space in it) ends the header") {
  const Message m = Message::parse("Subject: hi\r\nDear Bob: hello\r\n");
  REQUIRE(m.headers().size() == 1);
  CHECK(m.body() == "Dear Bob: hello\r\n");
}

TEST_CASE("white space before any field is body, not a continuation") {
  const Message m = Message::parse("  indented first line\r\nSubject: x\r\n\r\nmore\r\n");
  CHECK(m.headers().empty());
  CHECK(m.body() == "  indented first line\r\nSubject: x\r\n\r\nmore\r\n");
}

TEST_CASE("empty input and an input that starts with the empty line") {
  CHECK(Message::parse("").headers().empty());
  CHECK(Message::parse("").body().empty());
  const Message m = Message::parse("\r\nonly body\r\n");
  CHECK(m.headers().empty());
  CHECK(m.body() == "only body\r\n");
}

TEST_CASE("get is case-insensitive and unfolds, get_all keeps order") {
  const Message m = Message::parse(
      "Received: from a\r\n\tby b; Mon, 3 Nov 2025 09:00:01 +0000\r\n"
      "subject: Hello\r\n  world\r\n"
      "RECEIVED: from c\n by d; Mon, 3 Nov 2025 09:00:00 +0000\n"
      "\r\n");
  CHECK(m.get("Subject") == "Hello  world");
  CHECK(m.get("SUBJECT") == "Hello  world");
  CHECK(m.get("received") == "from a\tby b; Mon, 3 Nov 2025 09:00:01 +0000");
  CHECK(m.get("Cc") == std::nullopt);
  CHECK(m.has("Subject"));
  CHECK_FALSE(m.has("Subj"));
  const std::vector<std::string> all = m.get_all("Received");
  REQUIRE(all.size() == 2);
  CHECK(all[0] == "from a\tby b; Mon, 3 Nov 2025 09:00:01 +0000");
  CHECK(all[1] == "from c by d; Mon, 3 Nov 2025 09:00:00 +0000");
  CHECK(m.get_all("Cc").empty());
  // The stored value keeps the fold; only the reading unfolds.
  CHECK(m.headers()[1].value == "Hello\r\n  world");
}

TEST_CASE("add appends, prepend puts fields on top in the order a relay chain adds them") {
  Message m = Message::parse("Subject: s\r\n\r\nbody\r\n");
  m.add("X-Mailer", "mailsim");
  m.prepend("Received", "from first");
  m.prepend("Received", "from second");
  m.prepend("Return-Path", "<alice@school.example>");
  REQUIRE(m.headers().size() == 5);
  CHECK(m.headers()[0].name == "Return-Path");
  CHECK(m.headers()[1].value == "from second");
  CHECK(m.headers()[2].value == "from first");
  CHECK(m.headers()[3].name == "Subject");
  CHECK(m.headers()[4].name == "X-Mailer");
  CHECK(m.get_all("Received") == std::vector<std::string>{"from second", "from first"});
  CHECK(m.serialize() ==
        "Return-Path: <alice@school.example>\r\n"
        "Received: from second\r\n"
        "Received: from first\r\n"
        "Subject: s\r\n"
        "X-Mailer: mailsim\r\n"
        "\r\n"
        "body\r\n");
}

TEST_CASE("unfold and to_crlf helpers") {
  using mailsim::message::to_crlf;
  using mailsim::message::unfold;
  CHECK(unfold("a\r\n b\r\n\tc") == "a b\tc");
  CHECK(unfold("a\n b") == "a b");
  CHECK(unfold("a\r\nb") == "a\r\nb");  // not a fold: no WSP after the CRLF
  CHECK(unfold("end\r\n") == "end\r\n");
  CHECK(to_crlf("a\nb\r\nc\n") == "a\r\nb\r\nc\r\n");
  CHECK(to_crlf("\n") == "\r\n");
  CHECK(to_crlf("") == "");
  CHECK(to_crlf("no line end") == "no line end");
  CHECK(to_crlf("\n\n") == "\r\n\r\n");
  CHECK(to_crlf("\r\n\n") == "\r\n\r\n");  // a CRLF, then a bare LF
  CHECK(to_crlf("a\rb\r") == "a\rb\r");      // a bare CR is not a line end here
  CHECK(to_crlf("x\r\r\ny") == "x\r\r\ny");
}
