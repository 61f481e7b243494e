// SMTP smuggling, the receiving half (RFC 5321 §4.1.1.4; Postfix's smtpd_forbid_bare_newline).
// A sender ends its data with a sequence that is not <CR><LF>.<CR><LF> and pipelines a second
// transaction behind it, with a forged envelope sender. A server that takes the fake end for the
// real one queues two messages; one that does not keeps the whole thing as the text of one.
//
// Each of the six well-known fake ends is tried under each value of smtpd_forbid_bare_newline,
// with the second transaction and the real end of data after it, and the test checks exactly how
// many messages were queued, from whom, and what the server answered.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;
using namespace smtp_test;

namespace {

struct Queued {
  std::string mail_from;
  std::string data;
};

struct Inbox {
  std::vector<Queued> messages;
  ServerHooks hooks() {
    ServerHooks h;
    h.accept_message = [this](const Envelope& e, const std::string& d) {
      messages.push_back({e.mail_from, d});
      return make_reply(250, "2.0.0", "Ok: queued as Q" + std::to_string(messages.size()));
    };
    return h;
  }
};

const char* const kFakeEnds[] = {"\n.\n", "\r.\n", "\n.\r\n", "\r\n.\n", "\r\n.\r", "\r.\r\n"};

// Everything the attacker sends after the 354, in one write: the first message, a fake end, a
// smuggled transaction, and finally the real end of data.
std::string attack(const std::string& fake_end) {
  return "Subject: hello\r\n\r\nfirst part" + fake_end +
         "MAIL FROM:<evil@attacker.example>\r\n"
         "RCPT TO:<bob@b.example>\r\n"
         "DATA\r\n"
         "From: ceo@b.example\r\n\r\nsmuggled\r\n"
         ".\r\n";
}

struct Outcome {
  std::string replies;
  Inbox inbox;
  bool closed = false;
};

Outcome run(BareNewline policy, const std::string& fake_end) {
  ServerConfig c = mx_config();
  c.forbid_bare_newline = policy;
  Outcome o;
  Server s = greeted(c, o.inbox.hooks());
  s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n");
  o.replies = s.feed(attack(fake_end));
  o.closed = s.closed();
  return o;
}

}  // namespace

TEST_CASE("smuggling under normal: no fake end ends the data, one message holds it all") {
  for (const char* fake : kFakeEnds) {
    INFO("fake end: " << testing_escape(fake));
    Outcome o = run(BareNewline::Normal, fake);
    CHECK(o.replies == "250 2.0.0 Ok: queued as Q1\r\n");
    REQUIRE(o.inbox.messages.size() == 1);
    CHECK(o.inbox.messages[0].mail_from == "alice@a.example");
    // The would-be commands are the message's own text now, and nothing was forged.
    CHECK(o.inbox.messages[0].data.find("MAIL FROM:<evil@attacker.example>\r\n") != std::string::npos);
    CHECK(!o.closed);
  }
}

TEST_CASE("smuggling under normal: the stored text of each fake end") {
  // Bare-LF lines are kept as sent; a "." line ended by CRLF is unstuffed like any SMTP line; a
  // bare CR is data.
  const std::pair<const char*, const char*> cases[] = {
      {"\n.\n", "first part\r\n.\r\n"},
      {"\r.\n", "first part\r.\r\n"},
      {"\n.\r\n", "first part\r\n\r\n"},
      {"\r\n.\n", "first part\r\n.\r\n"},
      {"\r\n.\r", "first part\r\n\rMAIL FROM:<evil@attacker.example>\r\n"},
      {"\r.\r\n", "first part\r.\r\n"},
  };
  for (const auto& [fake, stored] : cases) {
    const char* const shown = fake;  // clang 14 cannot capture a structured binding in INFO's lambda
    INFO("fake end: " << testing_escape(shown));
    Outcome o = run(BareNewline::Normal, fake);
    REQUIRE(o.inbox.messages.size() == 1);
    CHECK(o.inbox.messages[0].data.find(std::string("Subject: hello\r\n\r\n") + stored) == 0);
  }
}

TEST_CASE("smuggling under no: the LF-based fake ends work, and the forged sender is queued") {
  // The old reading: a bare LF ends a line, so "." alone on such a line ends the data.
  for (const char* fake : {"\n.\n", "\n.\r\n", "\r\n.\n"}) {
    INFO("fake end: " << testing_escape(fake));
    Outcome o = run(BareNewline::No, fake);
    CHECK(o.replies ==
          "250 2.0.0 Ok: queued as Q1\r\n"
          "250 2.1.0 Ok\r\n"
          "250 2.1.5 Ok\r\n"
          "354 End data with <CR><LF>.<CR><LF>\r\n"
          "250 2.0.0 Ok: queued as Q2\r\n");
    REQUIRE(o.inbox.messages.size() == 2);
    CHECK(o.inbox.messages[0].mail_from == "alice@a.example");
    CHECK(o.inbox.messages[0].data == "Subject: hello\r\n\r\nfirst part\r\n");
    CHECK(o.inbox.messages[1].mail_from == "evil@attacker.example");
    CHECK(o.inbox.messages[1].data == "From: ceo@b.example\r\n\r\nsmuggled\r\n");
  }
}

TEST_CASE("smuggling under no: the CR-based fake ends are data even there") {
  for (const char* fake : {"\r.\n", "\r\n.\r", "\r.\r\n"}) {
    INFO("fake end: " << testing_escape(fake));
    Outcome o = run(BareNewline::No, fake);
    CHECK(o.replies == "250 2.0.0 Ok: queued as Q1\r\n");
    REQUIRE(o.inbox.messages.size() == 1);
    CHECK(o.inbox.messages[0].mail_from == "alice@a.example");
  }
}

TEST_CASE("smuggling under strict: a bare LF gets 521 and the close, nothing is queued") {
  for (const char* fake : {"\n.\n", "\r.\n", "\n.\r\n", "\r\n.\n"}) {
    INFO("fake end: " << testing_escape(fake));
    Outcome o = run(BareNewline::Strict, fake);
    CHECK(o.replies == "521 5.5.2 Error: bare <LF> received\r\n");
    CHECK(o.inbox.messages.empty());
    CHECK(o.closed);
  }
}

TEST_CASE("smuggling under strict: fake ends without a bare LF are data, as under normal") {
  for (const char* fake : {"\r\n.\r", "\r.\r\n"}) {
    INFO("fake end: " << testing_escape(fake));
    Outcome o = run(BareNewline::Strict, fake);
    CHECK(o.replies == "250 2.0.0 Ok: queued as Q1\r\n");
    REQUIRE(o.inbox.messages.size() == 1);
    CHECK(o.inbox.messages[0].mail_from == "alice@a.example");
  }
}

TEST_CASE("bare LF in a command: accepted under normal and no, 521 and close under strict") {
  for (BareNewline policy : {BareNewline::Normal, BareNewline::No}) {
    Server s = greeted([&] { ServerConfig c = mx_config(); c.forbid_bare_newline = policy; return c; }(), {});
    CHECK(s.feed("NOOP\n") == "250 2.0.0 Ok\r\n");
  }
  ServerConfig c = mx_config();
  c.forbid_bare_newline = BareNewline::Strict;
  Server s(c, {});
  s.start();
  CHECK(s.feed("EHLO client.example\nMAIL FROM:<alice@a.example>\r\n") ==
        "521 5.5.2 Error: bare <LF> received\r\n");
  CHECK(s.closed());
  CHECK(s.state() == ServerState::Closed);
}

TEST_CASE("strict: a too-long line that ends in a bare LF is caught at the next line") {
  ServerConfig c = mx_config();
  c.forbid_bare_newline = BareNewline::Strict;
  c.max_text_line = 40;
  Inbox inbox;
  Server s = greeted(c, inbox.hooks());
  s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n");
  CHECK(s.feed(std::string(100, 'x')) == "");  // reported too long, its end not yet seen
  CHECK(s.feed("\n.\r\n") == "521 5.5.2 Error: bare <LF> received\r\n");
  CHECK(inbox.messages.empty());
}

TEST_CASE("normal: a too-long line ending in a bare LF does not make the next \".\" an end") {
  // Otherwise the rejected first message would still let the smuggled commands through as commands.
  ServerConfig c = mx_config();
  c.max_text_line = 40;
  Inbox inbox;
  Server s = greeted(c, inbox.hooks());
  s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\r\n");
  CHECK(s.feed(std::string(100, 'x') + "\n.\r\nMAIL FROM:<evil@attacker.example>\r\n") == "");
  CHECK(s.state() == ServerState::Data);
  CHECK(s.feed(".\r\n") == "500 5.5.0 Error: line too long\r\n");
  CHECK(inbox.messages.empty());
}

TEST_CASE("the DATA command's own ending counts: DATA<LF> then .<CRLF> is not an empty message") {
  Inbox inbox;
  Server s = greeted(mx_config(), inbox.hooks());
  CHECK(s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<bob@b.example>\r\nDATA\n.\r\n") ==
        "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(s.state() == ServerState::Data);
  CHECK(s.feed(".\r\n") == "250 2.0.0 Ok: queued as Q1\r\n");
  REQUIRE(inbox.messages.size() == 1);
  CHECK(inbox.messages[0].data == "\r\n");
}

TEST_CASE("smtpd_forbid_bare_newline values parse as Postfix spells them") {
  CHECK(parse_bare_newline("normal") == BareNewline::Normal);
  CHECK(parse_bare_newline("YES") == BareNewline::Normal);
  CHECK(parse_bare_newline("Strict") == BareNewline::Strict);
  CHECK(parse_bare_newline("no") == BareNewline::No);
  CHECK(!parse_bare_newline("maybe"));
  CHECK(to_string(BareNewline::Normal) == "normal");
}
