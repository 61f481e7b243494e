// DATA and mail data (RFC 5321 §4.1.1.4, §4.5.2): the end-of-data indicator, dot-unstuffing, data
// split across writes, and the reset after the final reply.
#include <doctest/doctest.h>

#include <string>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

namespace {

// Records what accept_message was given.
struct Inbox {
  int calls = 0;
  Envelope envelope;
  std::string data;
  ServerHooks hooks() {
    ServerHooks h;
    h.accept_message = [this](const Envelope& e, const std::string& d) {
      ++calls;
      envelope = e;
      data = d;
      return make_reply(250, "2.0.0", "Ok: queued as 4F1A2");
    };
    return h;
  }
};

// A server in the Data state, for alice -> bob.
Server in_data(Inbox& inbox) {
  Server s = greeted(mx_config(), inbox.hooks());
  s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n");
  return s;
}

}  // namespace

TEST_CASE("DATA: a whole transaction, the hook gets envelope and data") {
  Inbox inbox;
  Server s = greeted(mx_config(), inbox.hooks());
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: DATA
S: 354 End data with <CR><LF>.<CR><LF>
C: From: alice@a.example
C: To: bob@b.example
C: Subject: hi
C:
C: Hello Bob.
C: .
S: 250 2.0.0 Ok: queued as 4F1A2
)"));
  CHECK(inbox.calls == 1);
  CHECK(inbox.envelope.mail_from == "alice@a.example");
  CHECK(inbox.envelope.rcpt_to == std::vector<std::string>{"bob@b.example"});
  CHECK(inbox.envelope.helo == "client.example");
  CHECK(inbox.data ==
        "From: alice@a.example\r\nTo: bob@b.example\r\nSubject: hi\r\n\r\nHello Bob.\r\n");
}

TEST_CASE("DATA: after the final reply the transaction is reset, a new MAIL may follow") {
  Inbox inbox;
  Server s = in_data(inbox);
  CHECK(s.state() == ServerState::Data);
  CHECK(play(s, R"(
C: one
C: .
S: 250 2.0.0 Ok: queued as 4F1A2
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().mail_from == "");
  CHECK(s.envelope().rcpt_to.empty());
  CHECK(s.envelope().helo == "client.example");
  CHECK(play(s, R"(
C: RCPT TO:<bob@b.example>
S: 503 5.5.1 Error: need MAIL command
C: MAIL FROM:<carol@c.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: DATA
S: 354 End data with <CR><LF>.<CR><LF>
C: two
C: .
S: 250 2.0.0 Ok: queued as 4F1A2
)"));
  CHECK(inbox.calls == 2);
  CHECK(inbox.envelope.mail_from == "carol@c.example");
  CHECK(inbox.data == "two\r\n");
}

TEST_CASE("DATA without a hook: 250 2.0.0 Ok, an empty message is data \"\"") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<bob@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 354 End data with <CR><LF>.<CR><LF>
C: .
S: 250 2.0.0 Ok
)"));
}

TEST_CASE("DATA: dot-unstuffing removes one leading dot (§4.5.2)") {
  Inbox inbox;
  Server s = in_data(inbox);
  CHECK(play(s, R"(
C: ..
C: ...x
C: .y
C: a.b
C: .
S: 250 2.0.0 Ok: queued as 4F1A2
)"));
  CHECK(inbox.data == ".\r\n..x\r\ny\r\na.b\r\n");
}

TEST_CASE("DATA: only CRLF.CRLF ends the data, \".\" ended by a bare LF is kept as content") {
  Inbox inbox;
  Server s = in_data(inbox);
  CHECK(s.feed("first\r\n.\nsecond\n..third\n\r.\r\n") == "");
  CHECK(s.state() == ServerState::Data);
  CHECK(s.feed(".\r\n") == "250 2.0.0 Ok: queued as 4F1A2\r\n");
  // Bare-LF lines are stored as sent (no unstuffing) with CRLF endings; "\r." is not ".".
  CHECK(inbox.data == "first\r\n.\r\nsecond\r\n..third\r\n\r.\r\n");
}

TEST_CASE("DATA: \" .\" and \". \" are content, not the end") {
  Inbox inbox;
  Server s = in_data(inbox);
  CHECK(s.feed(" .\r\n. \r\n") == "");
  CHECK(s.feed(".\r\n") == "250 2.0.0 Ok: queued as 4F1A2\r\n");
  CHECK(inbox.data == " .\r\n \r\n");
}

TEST_CASE("DATA: data split across many writes, the terminator byte by byte") {
  Inbox inbox;
  Server s = in_data(inbox);
  const std::string body = "Subject: split\r\n\r\n..dotted line\r\nlast";
  std::string replies;
  for (std::size_t i = 0; i < body.size(); i += 3) replies += s.feed(body.substr(i, 3));
  for (const char c : std::string("\r\n.\r")) {
    replies += s.feed(std::string(1, c));
    CHECK(s.state() == ServerState::Data);
  }
  CHECK(replies == "");
  CHECK(s.feed("\n") == "250 2.0.0 Ok: queued as 4F1A2\r\n");
  CHECK(s.state() == ServerState::Greeted);
  CHECK(inbox.data == "Subject: split\r\n\r\n.dotted line\r\nlast\r\n");
}

TEST_CASE("DATA: commands pipelined after DATA are mail data") {
  Inbox inbox;
  Server s = greeted(mx_config(), inbox.hooks());
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<bob@b.example>
C: RCPT TO:<carol@c.example>
C: DATA
C: QUIT
C: .
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 250 2.1.5 Ok
S: 354 End data with <CR><LF>.<CR><LF>
S: 250 2.0.0 Ok: queued as 4F1A2
)"));
  CHECK(inbox.data == "QUIT\r\n");
  CHECK(inbox.envelope.rcpt_to == std::vector<std::string>{"bob@b.example", "carol@c.example"});
  CHECK_FALSE(s.closed());
}

TEST_CASE("DATA sequence and syntax errors: 503 before RCPT, 501 with an argument") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: DATA
S: 503 5.5.1 Error: need RCPT command
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: DATA
S: 503 5.5.1 Error: need RCPT command
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: DATA now
S: 501 5.5.4 Syntax: DATA
)"));
  CHECK(s.state() == ServerState::Rcpt);
}

TEST_CASE("DATA: the accept_message hook may refuse the message, the transaction still ends") {
  ServerHooks hooks;
  hooks.accept_message = [](const Envelope&, const std::string&) {
    return make_reply(554, "5.7.1", "Message content rejected");
  };
  Server s = greeted(mx_config(), hooks);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<bob@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 250 2.1.5 Ok
S: 354 End data with <CR><LF>.<CR><LF>
C: spam
C: .
S: 554 5.7.1 Message content rejected
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().rcpt_to.empty());
}
