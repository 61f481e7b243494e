// The client's whole dialog when everything goes right, byte for byte (RFC 5321 §4.1, appendix D).
// S: lines are what the scripted server says, the CHECKed strings what the client must answer.
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/smtp/client.hpp"

using mailsim::smtp::Client;
using mailsim::smtp::ClientJob;
using mailsim::smtp::ClientState;
using mailsim::smtp::Reply;
using mailsim::smtp::RecipientStatus;

namespace {

ClientJob two_recipients() {
  ClientJob job;
  job.helo_name = "relay.isp.example";
  job.mail_from = "alice@school.example";
  job.rcpt_to = {"bob@home.example", "carol@home.example"};
  // Two lines start with "." and must be stuffed; "a.b" in the middle must not.
  job.data =
      "From: alice@school.example\r\n"
      "Subject: dots\r\n"
      "\r\n"
      ".hidden\r\n"
      "a.b\r\n"
      "..\r\n"
      "bye\r\n";
  return job;
}

const char* const kStuffedData =
    "From: alice@school.example\r\n"
    "Subject: dots\r\n"
    "\r\n"
    "..hidden\r\n"
    "a.b\r\n"
    "...\r\n"
    "bye\r\n"
    ".\r\n";

}  // namespace

TEST_CASE("happy path: EHLO, MAIL, RCPT, RCPT, DATA, dot-stuffed data, QUIT") {
  const ClientJob job = two_recipients();
  Client c(job);
  CHECK(c.state() == ClientState::AwaitGreeting);
  CHECK(c.feed("220 mx.home.example ESMTP\r\n") == "EHLO relay.isp.example\r\n");
  CHECK(c.state() == ClientState::AwaitEhlo);
  CHECK(c.feed("250-mx.home.example\r\n"
               "250-SIZE 10240000\r\n"
               "250-8BITMIME\r\n"
               "250 ENHANCEDSTATUSCODES\r\n") ==
        "MAIL FROM:<alice@school.example> SIZE=" + std::to_string(job.data.size()) + "\r\n");
  CHECK(c.state() == ClientState::AwaitMail);
  CHECK(c.feed("250 2.1.0 Ok\r\n") == "RCPT TO:<bob@home.example>\r\n");
  CHECK(c.state() == ClientState::AwaitRcpt);
  CHECK(c.feed("250 2.1.5 Ok\r\n") == "RCPT TO:<carol@home.example>\r\n");
  CHECK(c.recipients()[0].status == RecipientStatus::Accepted);
  CHECK(c.recipients()[1].status == RecipientStatus::Pending);
  CHECK(c.feed("250 2.1.5 Ok\r\n") == "DATA\r\n");
  CHECK(c.state() == ClientState::AwaitData);
  CHECK(c.feed("354 End data with <CR><LF>.<CR><LF>\r\n") == kStuffedData);
  CHECK(c.state() == ClientState::AwaitDataEnd);
  CHECK(c.feed("250 2.0.0 Ok: queued as 8A1B2\r\n") == "QUIT\r\n");
  CHECK(c.state() == ClientState::AwaitQuit);
  CHECK(c.feed("221 2.0.0 Bye\r\n") == "");
  CHECK(c.done());

  // ENHANCEDSTATUSCODES was offered, so "2.0.0" was split off the final reply.
  const Reply queued{250, "2.0.0", {"Ok: queued as 8A1B2"}};
  REQUIRE(c.recipients().size() == 2);
  CHECK(c.recipients()[0].address == "bob@home.example");
  CHECK(c.recipients()[1].address == "carol@home.example");
  for (const auto& r : c.recipients()) {
    CHECK(r.status == RecipientStatus::Delivered);
    CHECK(r.reply == queued);
  }
  CHECK(c.session_error() == Reply{});
}

TEST_CASE("happy path: the null reverse-path of a bounce is MAIL FROM:<>") {
  ClientJob job = two_recipients();
  job.mail_from = "";
  job.rcpt_to = {"alice@school.example"};
  Client c(job);
  c.feed("220 mx ESMTP\r\n");
  CHECK(c.feed("250 mx\r\n") == "MAIL FROM:<>\r\n");
}

TEST_CASE("happy path: data without a final CRLF, and bare LFs, are sent as CRLF lines") {
  ClientJob job = two_recipients();
  job.rcpt_to = {"bob@home.example"};
  // A bare LF before "." is the SMTP smuggling trick: it must become a stuffed CRLF line.
  job.data = "Subject: x\r\n\r\nline\n.\nlast";
  Client c(job);
  c.feed("220 mx\r\n");
  c.feed("250 mx\r\n");
  c.feed("250 ok\r\n");
  c.feed("250 ok\r\n");
  CHECK(c.feed("354 go\r\n") == "Subject: x\r\n\r\nline\r\n..\r\nlast\r\n.\r\n");
}

TEST_CASE("happy path: empty data is just the end-of-data line") {
  ClientJob job = two_recipients();
  job.rcpt_to = {"bob@home.example"};
  job.data = "";
  Client c(job);
  c.feed("220 mx\r\n");
  c.feed("250 mx\r\n");
  c.feed("250 ok\r\n");
  c.feed("250 ok\r\n");
  CHECK(c.feed("354 go\r\n") == ".\r\n");
}

TEST_CASE("happy path: multi-line greeting and replies split anywhere") {
  ClientJob job = two_recipients();
  job.rcpt_to = {"bob@home.example"};
  Client c(job);
  CHECK(c.feed("220-mx.home.example ESMTP\r\n220-no UCE\r") == "");
  CHECK(c.feed("\n220 ") == "");
  CHECK(c.feed("welcome\r\n") == "EHLO relay.isp.example\r\n");
  CHECK(c.feed("250-mx.home.example\r\n250 HE") == "");
  CHECK(c.feed("LP\r\n") == "MAIL FROM:<alice@school.example>\r\n");
}

TEST_CASE("happy path: feeding byte by byte gives the same bytes as one chunk") {
  const std::string server =
      "220 mx.home.example ESMTP\r\n"
      "250-mx.home.example\r\n250-SIZE 0\r\n250 ENHANCEDSTATUSCODES\r\n"
      "250 2.1.0 Ok\r\n"
      "250 2.1.5 Ok\r\n"
      "550 5.1.1 <carol@home.example>: user unknown\r\n"
      "354 go ahead\r\n"
      "250 2.0.0 Ok: queued\r\n"
      "221 2.0.0 Bye\r\n";
  Client whole(two_recipients());
  const std::string at_once = whole.feed(server);
  Client bytewise(two_recipients());
  std::string one_by_one;
  for (char ch : server) one_by_one += bytewise.feed(std::string_view(&ch, 1));

  CHECK(at_once == one_by_one);
  CHECK(at_once.find("RCPT TO:<carol@home.example>\r\nDATA\r\n") != std::string::npos);
  CHECK(at_once.size() > 100);  // the dialog really ran to the end
  CHECK(whole.done());
  CHECK(bytewise.done());
  REQUIRE(whole.recipients().size() == bytewise.recipients().size());
  for (std::size_t i = 0; i < whole.recipients().size(); ++i) {
    CHECK(whole.recipients()[i].status == bytewise.recipients()[i].status);
    CHECK(whole.recipients()[i].reply == bytewise.recipients()[i].reply);
  }
  CHECK(bytewise.recipients()[0].status == RecipientStatus::Delivered);
  CHECK(bytewise.recipients()[1].status == RecipientStatus::PermFailed);
}
