// Opening the session: the greeting (RFC 5321 §3.1, §4.2) and EHLO with its HELO fallback (§3.2).
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "sim/proto/smtp/client.hpp"

using mailsim::smtp::Client;
using mailsim::smtp::ClientJob;
using mailsim::smtp::ClientState;
using mailsim::smtp::Reply;
using mailsim::smtp::RecipientStatus;

namespace {

ClientJob job_for(std::initializer_list<const char*> rcpts) {
  ClientJob job;
  job.helo_name = "relay.isp.example";
  job.mail_from = "alice@school.example";
  for (const char* r : rcpts) job.rcpt_to.emplace_back(r);
  job.data = "Subject: hi\r\n\r\nh\xc3\xa9llo\r\n";  // 8-bit, so BODY= would show if it leaked
  return job;
}

}  // namespace

TEST_CASE("greeting 554: QUIT, every recipient PermFailed with that reply") {
  Client c(job_for({"bob@home.example", "carol@home.example"}));
  CHECK(c.feed("554 5.7.1 mx.home.example: no service for you\r\n") == "QUIT\r\n");
  CHECK(c.state() == ClientState::AwaitQuit);
  const Reply refusal{554, "", {"5.7.1 mx.home.example: no service for you"}};  // not EHLO'd yet
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::PermFailed);
    CHECK(r.reply == refusal);
  }
  CHECK(c.session_error() == refusal);
  CHECK(c.feed("221 Bye\r\n") == "");
  CHECK(c.done());
}

TEST_CASE("greeting 421: nothing sent, every recipient TempFailed, Done") {
  Client c(job_for({"bob@home.example"}));
  CHECK(c.feed("421 mx.home.example too busy, closing\r\n") == "");
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[0].reply.code == 421);
  CHECK(c.session_error().code == 421);
}

TEST_CASE("greeting 450: QUIT, TempFailed") {
  Client c(job_for({"bob@home.example"}));
  CHECK(c.feed("450 not now\r\n") == "QUIT\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
}

TEST_CASE("EHLO 502: fall back to HELO, then plain MAIL, one command per round trip") {
  Client c(job_for({"bob@home.example", "carol@home.example"}));
  CHECK(c.feed("220 old.home.example SMTP\r\n") == "EHLO relay.isp.example\r\n");
  CHECK(c.feed("502 5.5.2 Error: command not recognized\r\n") == "HELO relay.isp.example\r\n");
  CHECK(c.state() == ClientState::AwaitHelo);
  // No SIZE=, no BODY=, no pipelined RCPTs: HELO offers no extensions.
  CHECK(c.feed("250 old.home.example\r\n") == "MAIL FROM:<alice@school.example>\r\n");
  CHECK(c.feed("250 Ok\r\n") == "RCPT TO:<bob@home.example>\r\n");
  CHECK(c.feed("250 Ok\r\n") == "RCPT TO:<carol@home.example>\r\n");
  CHECK(c.feed("250 Ok\r\n") == "DATA\r\n");
  // Without ENHANCEDSTATUSCODES the "2.0.0" stays in the text.
  CHECK(c.feed("354 go\r\n") == "Subject: hi\r\n\r\nh\xc3\xa9llo\r\n.\r\n");
  CHECK(c.feed("250 2.0.0 Ok\r\n") == "QUIT\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
  CHECK(c.recipients()[0].reply == Reply{250, "", {"2.0.0 Ok"}});
  CHECK(c.session_error() == Reply{});
}

TEST_CASE("EHLO 500, then HELO refused: session error, QUIT") {
  Client c(job_for({"bob@home.example"}));
  c.feed("220 mx\r\n");
  CHECK(c.feed("500 what?\r\n") == "HELO relay.isp.example\r\n");
  CHECK(c.feed("550 go away\r\n") == "QUIT\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
  CHECK(c.session_error() == Reply{550, "", {"go away"}});
}

TEST_CASE("EHLO 4xx: no HELO, session error (temporary) and QUIT") {
  Client c(job_for({"bob@home.example"}));
  c.feed("220 mx\r\n");
  CHECK(c.feed("451 try later\r\n") == "QUIT\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.session_error().code == 451);
}

TEST_CASE("EHLO keywords are matched case-insensitively, and only as the first word") {
  Client c(job_for({"bob@home.example"}));
  c.feed("220 mx\r\n");
  // "PIPELINING" on the first line is the server's greeting text, not a keyword.
  CHECK(c.feed("250-mx.home.example PIPELINING\r\n250-size 100000\r\n250 8bitmime\r\n") ==
        "MAIL FROM:<alice@school.example> SIZE=23 BODY=8BITMIME\r\n");
}

TEST_CASE("no recipients at all: QUIT right after EHLO") {
  Client c(job_for({}));
  c.feed("220 mx\r\n");
  CHECK(c.feed("250 mx\r\n") == "QUIT\r\n");
  CHECK(c.feed("221 bye\r\n") == "");
  CHECK(c.done());
}
