// RCPT TO (RFC 5321 §4.1.1.3): sequence, syntax, the recipient limit and the check_rcpt hook.
#include <doctest/doctest.h>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

TEST_CASE("RCPT: accepted recipients go into the envelope, in order") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: rcpt to: <carol@c.example>
S: 250 2.1.5 Ok
)"));
  CHECK(s.state() == ServerState::Rcpt);
  CHECK(s.envelope().rcpt_to == std::vector<std::string>{"bob@b.example", "carol@c.example"});
}

TEST_CASE("RCPT before MAIL: 503, before and after EHLO") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: RCPT TO:<bob@b.example>
S: 503 5.5.1 Error: need MAIL command
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: RCPT TO:<bob@b.example>
S: 503 5.5.1 Error: need MAIL command
)"));
}

TEST_CASE("RCPT syntax errors: 501, the null path and parameters are refused") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT TO:bob@b.example
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT FROM:<bob@b.example>
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT TO:<bob@b.example
S: 501 5.5.4 Syntax: RCPT TO:<address>
C: RCPT TO:<>
S: 501 5.1.3 Bad recipient address syntax
C: RCPT TO:<bob@b.example> NOTIFY=NEVER
S: 555 5.5.4 Unsupported option: NOTIFY=NEVER
)"));
  CHECK(s.state() == ServerState::Mail);
  CHECK(s.envelope().rcpt_to.empty());
}

TEST_CASE("RCPT over max_recipients: 452 4.5.3, the accepted ones stay") {
  ServerConfig c = mx_config();
  c.max_recipients = 2;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<r1@b.example>
S: 250 2.1.5 Ok
C: RCPT TO:<r2@b.example>
S: 250 2.1.5 Ok
C: RCPT TO:<r3@b.example>
S: 452 4.5.3 Error: too many recipients
C: DATA
S: 354 End data with <CR><LF>.<CR><LF>
)"));
  CHECK(s.envelope().rcpt_to == std::vector<std::string>{"r1@b.example", "r2@b.example"});
}

TEST_CASE("RCPT hook rejections: 550 5.1.1 unknown user, 554 5.7.1 relay denied") {
  ServerHooks hooks;
  hooks.check_rcpt = [](const Envelope&, const std::string& to) {
    if (to == "nobody@b.example") {
      return make_reply(550, "5.1.1", "<nobody@b.example>: Recipient address rejected: User unknown");
    }
    if (!to.ends_with("@b.example")) {
      return make_reply(554, "5.7.1", "<" + to + ">: Relay access denied");
    }
    return make_reply(250, "2.1.5", "Ok");
  };
  Server s = greeted(mx_config(), hooks);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: RCPT TO:<nobody@b.example>
S: 550 5.1.1 <nobody@b.example>: Recipient address rejected: User unknown
C: RCPT TO:<victim@elsewhere.example>
S: 554 5.7.1 <victim@elsewhere.example>: Relay access denied
)"));
  CHECK(s.state() == ServerState::Mail);
  CHECK(s.envelope().rcpt_to.empty());
  CHECK(play(s, R"(
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: RCPT TO:<nobody@b.example>
S: 550 5.1.1 <nobody@b.example>: Recipient address rejected: User unknown
)"));
  CHECK(s.state() == ServerState::Rcpt);
  CHECK(s.envelope().rcpt_to == std::vector<std::string>{"bob@b.example"});
}

TEST_CASE("RCPT hook sees the envelope so far") {
  ServerHooks hooks;
  std::vector<std::size_t> seen;
  std::string from;
  hooks.check_rcpt = [&](const Envelope& so_far, const std::string&) {
    seen.push_back(so_far.rcpt_to.size());
    from = so_far.mail_from;
    return make_reply(250, "2.1.5", "Ok");
  };
  Server s = greeted(mx_config(), hooks);
  s.feed("MAIL FROM:<alice@a.example>\r\nRCPT TO:<a@b.example>\r\nRCPT TO:<b@b.example>\r\n");
  CHECK(seen == std::vector<std::size_t>{0, 1});
  CHECK(from == "alice@a.example");
}

TEST_CASE("DATA after MAIL with no accepted recipient: 554 no valid recipients") {
  ServerHooks hooks;
  hooks.check_rcpt = [](const Envelope&, const std::string&) {
    return make_reply(550, "5.1.1", "User unknown");
  };
  Server s = greeted(mx_config(), hooks);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
C: RCPT TO:<nobody@b.example>
C: DATA
S: 250 2.1.0 Ok
S: 550 5.1.1 User unknown
S: 554 5.5.1 Error: no valid recipients
)"));
  CHECK(s.state() == ServerState::Mail);
}
