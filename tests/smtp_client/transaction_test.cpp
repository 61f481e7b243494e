// One command per round trip (no PIPELINING): MAIL, RCPT and DATA refusals, and the final reply.
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

// A client that has been greeted and whose EHLO was answered; the next reply is MAIL's.
Client after_ehlo(std::initializer_list<const char*> rcpts) {
  ClientJob job;
  job.helo_name = "relay.isp.example";
  job.mail_from = "alice@school.example";
  for (const char* r : rcpts) job.rcpt_to.emplace_back(r);
  job.data = "Subject: hi\r\n\r\nhello\r\n";
  Client c(std::move(job));
  c.feed("220 mx.home.example ESMTP\r\n");
  REQUIRE(c.feed("250-mx.home.example\r\n250 ENHANCEDSTATUSCODES\r\n") ==
          "MAIL FROM:<alice@school.example>\r\n");
  return c;
}

}  // namespace

TEST_CASE("transaction: mixed recipients, one at a time") {
  Client c = after_ehlo({"bob@home.example", "carol@home.example", "dave@home.example"});
  CHECK(c.feed("250 2.1.0 Ok\r\n") == "RCPT TO:<bob@home.example>\r\n");
  CHECK(c.feed("250 2.1.5 Ok\r\n") == "RCPT TO:<carol@home.example>\r\n");
  CHECK(c.feed("550 5.1.1 <carol@home.example>: user unknown\r\n") ==
        "RCPT TO:<dave@home.example>\r\n");
  CHECK(c.feed("451 4.7.1 <dave@home.example>: greylisted\r\n") == "DATA\r\n");
  CHECK(c.feed("354 go\r\n") == "Subject: hi\r\n\r\nhello\r\n.\r\n");
  CHECK(c.feed("250 2.0.0 Ok: queued\r\n") == "QUIT\r\n");
  const auto& r = c.recipients();
  CHECK(r[0].status == RecipientStatus::Delivered);
  CHECK(r[1].status == RecipientStatus::PermFailed);
  CHECK(r[1].reply == Reply{550, "5.1.1", {"<carol@home.example>: user unknown"}});
  CHECK(r[2].status == RecipientStatus::TempFailed);
  CHECK(r[2].reply.enhanced == "4.7.1");
}

TEST_CASE("transaction: every RCPT refused: no DATA, QUIT") {
  Client c = after_ehlo({"bob@home.example", "carol@home.example"});
  c.feed("250 2.1.0 Ok\r\n");
  c.feed("550 5.1.1 no\r\n");
  CHECK(c.feed("450 4.2.0 busy\r\n") == "QUIT\r\n");
  CHECK(c.state() == ClientState::AwaitQuit);
  CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
  CHECK(c.recipients()[1].status == RecipientStatus::TempFailed);
  CHECK(c.feed("221 Bye\r\n") == "");
  CHECK(c.done());
}

TEST_CASE("transaction: MAIL refused: everyone takes its reply, QUIT at once") {
  Client c = after_ehlo({"bob@home.example", "carol@home.example"});
  CHECK(c.feed("553 5.7.1 <alice@school.example>: sender rejected\r\n") == "QUIT\r\n");
  const Reply refusal{553, "5.7.1", {"<alice@school.example>: sender rejected"}};
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::PermFailed);
    CHECK(r.reply == refusal);
  }
  CHECK(c.session_error() == refusal);
}

TEST_CASE("transaction: DATA refused: the accepted recipients take its reply") {
  Client c = after_ehlo({"bob@home.example", "carol@home.example"});
  c.feed("250 2.1.0 Ok\r\n");
  c.feed("250 2.1.5 Ok\r\n");
  CHECK(c.feed("550 5.1.1 no\r\n") == "DATA\r\n");
  CHECK(c.feed("554 5.5.1 no way\r\n") == "QUIT\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
  CHECK(c.recipients()[0].reply == Reply{554, "5.5.1", {"no way"}});
  CHECK(c.recipients()[1].reply.code == 550);
  CHECK(c.session_error().code == 554);
}

TEST_CASE("transaction: final reply 4xx or 5xx decides the accepted recipients") {
  Client c = after_ehlo({"bob@home.example", "carol@home.example"});
  c.feed("250 2.1.0 Ok\r\n");
  c.feed("250 2.1.5 Ok\r\n");
  c.feed("550 5.1.1 no\r\n");
  c.feed("354 go\r\n");
  SUBCASE("4xx") {
    CHECK(c.feed("452 4.3.1 out of space\r\n") == "QUIT\r\n");
    CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
    CHECK(c.recipients()[0].reply == Reply{452, "4.3.1", {"out of space"}});
  }
  SUBCASE("5xx") {
    CHECK(c.feed("554 5.7.1 spam\r\n") == "QUIT\r\n");
    CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
  }
  CHECK(c.recipients()[1].reply.code == 550);  // refused at RCPT, untouched by the final reply
  CHECK(c.state() == ClientState::AwaitQuit);
}
