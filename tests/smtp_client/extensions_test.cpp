// SIZE (RFC 1870) and 8BITMIME (RFC 6152) on MAIL FROM.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/smtp/client.hpp"

using mailsim::smtp::Client;
using mailsim::smtp::ClientJob;
using mailsim::smtp::Reply;
using mailsim::smtp::RecipientStatus;

namespace {

Client greeted(std::string data) {
  ClientJob job;
  job.helo_name = "relay.isp.example";
  job.mail_from = "alice@school.example";
  job.rcpt_to = {"bob@home.example", "carol@home.example"};
  job.data = std::move(data);
  Client c(std::move(job));
  c.feed("220 mx.home.example ESMTP\r\n");
  return c;
}

const std::string kSeven = "Subject: hi\r\n\r\nhello\r\n";           // 22 bytes
const std::string kEight = "Subject: hi\r\n\r\nh\xc3\xa9llo\r\n";     // 23 bytes, one UTF-8 é

}  // namespace

TEST_CASE("SIZE: a message over the advertised limit is never offered") {
  Client c = greeted(kSeven);
  CHECK(c.feed("250-mx.home.example\r\n250 SIZE 21\r\n") == "QUIT\r\n");
  const Reply too_big{552, "5.3.4", {"Message size exceeds fixed limit"}};
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::PermFailed);
    CHECK(r.reply == too_big);
  }
  CHECK(c.session_error() == too_big);
}

TEST_CASE("SIZE: exactly at the limit is fine, and SIZE= carries the data size") {
  Client c = greeted(kSeven);
  CHECK(c.feed("250-mx.home.example\r\n250 SIZE 22\r\n") ==
        "MAIL FROM:<alice@school.example> SIZE=22\r\n");
}

TEST_CASE("SIZE: 0, no number, or an unreadable number means no fixed limit") {
  for (const char* ehlo : {"250-mx\r\n250 SIZE 0\r\n", "250-mx\r\n250 SIZE\r\n",
                           "250-mx\r\n250 SIZE 99999999999999999999999999\r\n",
                           "250-mx\r\n250 SIZE 12x\r\n"}) {
    CAPTURE(ehlo);
    Client c = greeted(kSeven);
    CHECK(c.feed(ehlo) == "MAIL FROM:<alice@school.example> SIZE=22\r\n");
  }
}

TEST_CASE("SIZE not offered: no SIZE= parameter and no limit") {
  Client c = greeted(std::string(100000, 'x'));
  CHECK(c.feed("250 mx.home.example\r\n") == "MAIL FROM:<alice@school.example>\r\n");
}

TEST_CASE("8BITMIME: BODY=8BITMIME only for 8-bit data, and only when offered") {
  SUBCASE("8-bit data, offered") {
    Client c = greeted(kEight);
    CHECK(c.feed("250-mx\r\n250-8BITMIME\r\n250 SIZE 1000\r\n") ==
          "MAIL FROM:<alice@school.example> SIZE=23 BODY=8BITMIME\r\n");
  }
  SUBCASE("7-bit data, offered") {
    Client c = greeted(kSeven);
    CHECK(c.feed("250-mx\r\n250 8BITMIME\r\n") == "MAIL FROM:<alice@school.example>\r\n");
  }
  SUBCASE("8-bit data, not offered") {
    Client c = greeted(kEight);
    CHECK(c.feed("250-mx\r\n250 PIPELINING\r\n") ==
          "MAIL FROM:<alice@school.example>\r\n"
          "RCPT TO:<bob@home.example>\r\n"
          "RCPT TO:<carol@home.example>\r\n"
          "DATA\r\n");
  }
}
