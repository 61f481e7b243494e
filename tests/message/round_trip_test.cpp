// parse and serialize undo each other: a stored message never loses a byte on its way through.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/message/message.hpp"

using mailsim::message::Message;

TEST_CASE("serialize(parse(x)) == x for a canonical CRLF message") {
  const std::string raw =
      "Return-Path: <alice@school.example>\r\n"
      "Received: from pc1.school.example (pc1.school.example [10.0.0.10])\r\n"
      "\tby mail.school.example (mailsim) with ESMTP id 4F1A2\r\n"
      "\tfor <bob@home.example>; Mon, 3 Nov 2025 09:00:00 +0000\r\n"
      "From: Alice <alice@school.example>\r\n"
      "To: bob@home.example\r\n"
      "Subject: \r\n"
      "X-Spaces:   kept\r\n"
      "\r\n"
      "Hi Bob,\r\n"
      "\r\n"
      ".a line starting with a dot\r\n"
      "  indented: with colon\r\n"
      "\r\n";
  CHECK(Message::parse(raw).serialize() == raw);
}

TEST_CASE("serialize(parse(x)) == x with no body and with an empty header block") {
  CHECK(Message::parse("Subject: x\r\n\r\n").serialize() == "Subject: x\r\n\r\n");
  CHECK(Message::parse("\r\nbody only").serialize() == "\r\nbody only");
}

TEST_CASE("parse(serialize(m)) == m for a message built by hand") {
  Message m;
  m.add("From", "\"Doe, J\" <j@c.example>");
  m.add("Subject", "folded\r\n\tvalue");
  m.add("X-Lead", "  two spaces first");
  m.add("X-Empty", "");
  m.set_body("line 1\r\n\r\nline 3 without end");
  const Message back = Message::parse(m.serialize());
  CHECK(back == m);
  CHECK(back.headers()[2].value == "  two spaces first");

  Message different = m;
  different.set_body("other");
  CHECK_FALSE(different == m);  // the comparison can fail
}

TEST_CASE("serialize writes CRLF even when a value or body was set with bare LF") {
  Message m;
  m.add("Subject", "a\n b");
  m.set_body("x\ny\n");
  CHECK(m.serialize() == "Subject: a\r\n b\r\n\r\nx\r\ny\r\n");
}

TEST_CASE("an LF message turns into the same message as its CRLF twin") {
  CHECK(Message::parse("A: 1\n  2\nB: 3\n\nbody\n") == Message::parse("A: 1\r\n  2\r\nB: 3\r\n\r\nbody\r\n"));
}
