// Folding long header values, and the Received field a server prepends.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/message/message.hpp"

using mailsim::message::fold;
using mailsim::message::received_value;
using mailsim::message::ReceivedInfo;
using mailsim::message::unfold;

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (std::size_t crlf; (crlf = text.find("\r\n", pos)) != std::string::npos; pos = crlf + 2) {
    out.push_back(text.substr(pos, crlf - pos));
  }
  out.push_back(text.substr(pos));
  return out;
}

std::string words(int n) {
  std::string v;
  for (int i = 0; i < n; ++i) v += (i ? " word" : "word") + std::to_string(i);
  return v;
}
}  // namespace

TEST_CASE("a short value is left alone") {
  CHECK(fold("Subject", "Lunch?") == "Lunch?");
  CHECK(fold("Subject", "") == "");
}

TEST_CASE("a long value folds before a space, every line fits in 78, unfold gives it back") {
  const std::string value = words(40);
  const std::string folded = fold("Subject", value);
  const std::vector<std::string> lines = lines_of(folded);
  REQUIRE(lines.size() > 3);
  CHECK(("Subject: " + lines[0]).size() <= 78);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    CHECK(lines[i].size() <= 78);
    CHECK(lines[i].front() == ' ');  // the value's own space starts the continuation
  }
  CHECK(unfold(folded) == value);
}

TEST_CASE("the fold falls exactly at the limit") {
  // "Subject: " is 9 characters; 69 more make 78, one more needs a fold.
  const std::string fits = std::string(64, 'a') + " bbbb";  // 64 + 5 = 69
  CHECK(fold("Subject", fits) == fits);
  const std::string over = std::string(64, 'a') + " bbbbb";  // 70
  CHECK(fold("Subject", over) == std::string(64, 'a') + "\r\n bbbbb");
}

TEST_CASE("a word longer than a line stays whole") {
  const std::string huge(100, 'x');
  CHECK(fold("X", huge) == huge);
  CHECK(fold("X", "a " + huge + " b") == "a\r\n " + huge + "\r\n b");
}

TEST_CASE("existing folds are kept and restart the count, trailing space never makes a line") {
  CHECK(fold("Received", "from a\r\n\tby b") == "from a\r\n\tby b");
  const std::string tail = std::string(69, 'a') + "     ";
  CHECK(fold("Subject", tail) == tail);
}

TEST_CASE("received_value with host name and one recipient") {
  const ReceivedInfo info{"pc1.school.example", "pc1.school.example", "10.0.0.10", "mail.school.example",
                          "ESMTPA",             "4F1A2",              "bob@home.example",
                          "Mon, 3 Nov 2025 09:00:00 +0000"};
  CHECK(received_value(info) ==
        "from pc1.school.example (pc1.school.example [10.0.0.10])\r\n"
        "\tby mail.school.example (mailsim) with ESMTPA id 4F1A2\r\n"
        "\tfor <bob@home.example>; Mon, 3 Nov 2025 09:00:00 +0000");
}

TEST_CASE("received_value with an unknown host and no single recipient") {
  const ReceivedInfo info{"laptop", "", "192.0.2.7", "relay.isp.example", "ESMTP", "9C3D0", "",
                          "Mon, 3 Nov 2025 09:00:02 +0000"};
  CHECK(received_value(info) ==
        "from laptop (unknown [192.0.2.7])\r\n"
        "\tby relay.isp.example (mailsim) with ESMTP id 9C3D0; Mon, 3 Nov 2025 09:00:02 +0000");
}

TEST_CASE("a Received value prepended to a message reads back unfolded") {
  mailsim::message::Message m = mailsim::message::Message::parse("Subject: s\r\n\r\nb\r\n");
  m.prepend("Received", received_value({"h", "", "10.0.0.1", "mx", "SMTP", "1", "r@x.example", "D"}));
  const auto back = mailsim::message::Message::parse(m.serialize());
  CHECK(back == m);
  CHECK(back.get("Received") == "from h (unknown [10.0.0.1])\tby mx (mailsim) with SMTP id 1\tfor <r@x.example>; D");
}
