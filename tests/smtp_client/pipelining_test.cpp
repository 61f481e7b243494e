// PIPELINING (RFC 2920 §3.1): MAIL, every RCPT and DATA in one write; replies matched in order.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/smtp/client.hpp"

using mailsim::smtp::Client;
using mailsim::smtp::ClientJob;
using mailsim::smtp::ClientState;
using mailsim::smtp::Reply;
using mailsim::smtp::RecipientStatus;

namespace {

const char* const kEhloPipelining =
    "250-mx.home.example\r\n"
    "250-PIPELINING\r\n"
    "250 ENHANCEDSTATUSCODES\r\n";

ClientJob three_recipients() {
  ClientJob job;
  job.helo_name = "relay.isp.example";
  job.mail_from = "alice@school.example";
  job.rcpt_to = {"bob@home.example", "carol@home.example", "dave@home.example"};
  job.data = "Subject: hi\r\n\r\nhello\r\n";
  return job;
}

Client pipelined_client() {
  Client c(three_recipients());
  c.feed("220 mx.home.example ESMTP\r\n");
  return c;
}

}  // namespace

TEST_CASE("pipelining: the first write holds MAIL, every RCPT and DATA") {
  Client c = pipelined_client();
  CHECK(c.feed(kEhloPipelining) ==
        "MAIL FROM:<alice@school.example>\r\n"
        "RCPT TO:<bob@home.example>\r\n"
        "RCPT TO:<carol@home.example>\r\n"
        "RCPT TO:<dave@home.example>\r\n"
        "DATA\r\n");
  CHECK(c.state() == ClientState::AwaitMail);
}

TEST_CASE("pipelining: mixed recipients, 250 / 550 5.1.1 / 451 4.7.1, then the data") {
  Client c = pipelined_client();
  c.feed(kEhloPipelining);
  // Replies arrive one by one; nothing is sent until DATA's 354.
  CHECK(c.feed("250 2.1.0 Ok\r\n") == "");
  CHECK(c.feed("250 2.1.5 Ok\r\n") == "");
  CHECK(c.feed("550 5.1.1 <carol@home.example>: user unknown\r\n") == "");
  CHECK(c.feed("451 4.7.1 <dave@home.example>: greylisted\r\n") == "");
  CHECK(c.state() == ClientState::AwaitData);
  CHECK(c.feed("354 End data with <CR><LF>.<CR><LF>\r\n") == "Subject: hi\r\n\r\nhello\r\n.\r\n");
  CHECK(c.feed("250 2.0.0 Ok: queued as 8A1B2\r\n") == "QUIT\r\n");
  CHECK(c.feed("221 2.0.0 Bye\r\n") == "");
  CHECK(c.done());

  const auto& r = c.recipients();
  CHECK(r[0].status == RecipientStatus::Delivered);
  CHECK(r[0].reply == Reply{250, "2.0.0", {"Ok: queued as 8A1B2"}});
  CHECK(r[1].status == RecipientStatus::PermFailed);
  CHECK(r[1].reply == Reply{550, "5.1.1", {"<carol@home.example>: user unknown"}});
  CHECK(r[2].status == RecipientStatus::TempFailed);
  CHECK(r[2].reply == Reply{451, "4.7.1", {"<dave@home.example>: greylisted"}});
  CHECK(c.session_error() == Reply{});
}

TEST_CASE("pipelining: all replies in one chunk give the same answer") {
  Client c = pipelined_client();
  c.feed(kEhloPipelining);
  CHECK(c.feed("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 no\r\n451 4.7.1 later\r\n354 go\r\n") ==
        "Subject: hi\r\n\r\nhello\r\n.\r\n");
}

TEST_CASE("pipelining: every RCPT refused, DATA refused: QUIT, no data") {
  Client c = pipelined_client();
  c.feed(kEhloPipelining);
  CHECK(c.feed("250 2.1.0 Ok\r\n"
               "550 5.1.1 no such user\r\n"
               "550 5.1.1 no such user\r\n"
               "550 5.1.1 no such user\r\n"
               "554 5.5.1 Error: no valid recipients\r\n") == "QUIT\r\n");
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::PermFailed);
    CHECK(r.reply.code == 550);  // the RCPT reply decided it, not DATA's
  }
  CHECK(c.session_error() == Reply{});
}

TEST_CASE("pipelining: every RCPT refused but DATA answered 354: a lone dot, never the data") {
  Client c = pipelined_client();
  c.feed(kEhloPipelining);
  CHECK(c.feed("250 2.1.0 Ok\r\n550 5.1.1 no\r\n550 5.1.1 no\r\n550 5.1.1 no\r\n") == "");
  CHECK(c.feed("354 go ahead\r\n") == ".\r\n");
  CHECK(c.feed("554 5.5.1 no valid recipients\r\n") == "QUIT\r\n");
  for (const auto& r : c.recipients()) CHECK(r.status == RecipientStatus::PermFailed);
}

TEST_CASE("pipelining: MAIL refused: all recipients take MAIL's reply, QUIT after DATA's reply") {
  Client c = pipelined_client();
  c.feed(kEhloPipelining);
  // The server still answers the RCPTs and DATA it already read (RFC 2920 §3.1).
  CHECK(c.feed("452 4.3.1 Insufficient system storage\r\n") == "");
  CHECK(c.feed("503 5.5.1 Error: need MAIL command\r\n"
               "503 5.5.1 Error: need MAIL command\r\n"
               "250 2.1.5 Ok\r\n") == "");  // a late 250 cannot revive a recipient
  CHECK(c.feed("503 5.5.1 Error: need RCPT command\r\n") == "QUIT\r\n");
  const Reply storage{452, "4.3.1", {"Insufficient system storage"}};
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::TempFailed);
    CHECK(r.reply == storage);
  }
  CHECK(c.session_error() == storage);
}

TEST_CASE("pipelining: DATA refused while a recipient was accepted: that is the session error") {
  Client c = pipelined_client();
  c.feed(kEhloPipelining);
  CHECK(c.feed("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 no\r\n"
               "451 4.3.0 queue file write error\r\n") == "QUIT\r\n");
  const Reply refusal{451, "4.3.0", {"queue file write error"}};
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[0].reply == refusal);
  CHECK(c.recipients()[2].status == RecipientStatus::PermFailed);  // RCPT decided this one
  CHECK(c.session_error() == refusal);
}
