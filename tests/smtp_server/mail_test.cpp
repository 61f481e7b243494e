// MAIL FROM (RFC 5321 §4.1.1.2) with its SIZE (RFC 1870) and BODY (RFC 6152) parameters.
#include <doctest/doctest.h>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;

using namespace smtp_test;

TEST_CASE("MAIL: accepted, the reverse-path goes into the envelope") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
)"));
  CHECK(s.state() == ServerState::Mail);
  CHECK(s.envelope().mail_from == "alice@a.example");
  CHECK_FALSE(s.envelope().size.has_value());
  CHECK_FALSE(s.envelope().body_8bit);
}

TEST_CASE("MAIL: the null reverse-path <> (bounces, §4.5.5)") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<>
S: 250 2.1.0 Ok
)"));
  CHECK(s.state() == ServerState::Mail);
  CHECK(s.envelope().mail_from == "");
}

TEST_CASE("MAIL: lenient like Postfix: a space after the colon, any case") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: mail from: <alice@a.example>
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().mail_from == "alice@a.example");
}

TEST_CASE("MAIL: a source route is accepted and dropped (§4.1.1.3)") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<@relay.example,@other.example:alice@a.example>
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().mail_from == "alice@a.example");
}

TEST_CASE("MAIL before EHLO/HELO: 503") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 503 5.5.1 Error: send HELO/EHLO first
)"));
  CHECK(s.state() == ServerState::Connected);
}

TEST_CASE("MAIL inside a transaction: 503 nested, the first one stays") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: MAIL FROM:<eve@e.example>
S: 503 5.5.1 Error: nested MAIL command
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: MAIL FROM:<eve@e.example>
S: 503 5.5.1 Error: nested MAIL command
)"));
  CHECK(s.envelope().mail_from == "alice@a.example");
}

TEST_CASE("MAIL syntax errors: 501") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM<alice@a.example>
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM:alice@a.example
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM:<alice@a.example
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL FROM:<alice@a.example>SIZE=10
S: 501 5.5.4 Syntax: MAIL FROM:<address>
C: MAIL TO:<alice@a.example>
S: 501 5.5.4 Syntax: MAIL FROM:<address>
)"));
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("MAIL SIZE=n at or under the limit is accepted and recorded") {
  ServerConfig c = mx_config();
  c.max_message_size = 5000;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example> SIZE=5000
S: 250 2.1.0 Ok
)"));
  REQUIRE(s.envelope().size.has_value());
  CHECK(*s.envelope().size == 5000);
}

TEST_CASE("MAIL SIZE=n over the limit: 552 (RFC 1870 §6.1)") {
  ServerConfig c = mx_config();
  c.max_message_size = 5000;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example> SIZE=5001
S: 552 5.3.4 Message size exceeds fixed limit
C: MAIL FROM:<alice@a.example> SIZE=99999999999999999999999999
S: 552 5.3.4 Message size exceeds fixed limit
C: MAIL FROM:<alice@a.example> SIZE=12k
S: 501 5.5.4 Bad message size syntax
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK_FALSE(s.envelope().size.has_value());
}

TEST_CASE("MAIL BODY=8BITMIME and BODY=7BIT, case-insensitive") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example> BODY=8BITMIME SIZE=100
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().body_8bit);
  CHECK(s.envelope().size == std::optional<std::size_t>(100));
  CHECK(play(s, R"(
C: RSET
S: 250 2.0.0 Ok
C: MAIL FROM:<alice@a.example> body=7bit
S: 250 2.1.0 Ok
)"));
  CHECK_FALSE(s.envelope().body_8bit);
}

TEST_CASE("MAIL BODY=8BITMIME when 8BITMIME is not offered: 555") {
  ServerConfig c = mx_config();
  c.eightbitmime = false;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example> BODY=8BITMIME
S: 555 5.5.4 Unsupported option: BODY=8BITMIME
)"));
}

TEST_CASE("MAIL with an unknown parameter or value: 555") {
  Server s = greeted(mx_config(), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example> RET=HDRS
S: 555 5.5.4 Unsupported option: RET=HDRS
C: MAIL FROM:<alice@a.example> BODY=BINARYMIME
S: 555 5.5.4 Unsupported option: BODY=BINARYMIME
C: MAIL FROM:<alice@a.example> SIZE
S: 555 5.5.4 Unsupported option: SIZE
)"));
  CHECK(s.state() == ServerState::Greeted);
}

TEST_CASE("MAIL parameters after HELO (no extensions were offered): 555") {
  Server s(mx_config(), {});
  s.start();
  CHECK(play(s, R"(
C: HELO client.example
S: 250 mx.example
C: MAIL FROM:<alice@a.example> SIZE=100
S: 555 5.5.4 Unsupported option: SIZE=100
C: MAIL FROM:<alice@a.example> BODY=8BITMIME
S: 555 5.5.4 Unsupported option: BODY=8BITMIME
)"));
}

TEST_CASE("MAIL: the check_mail_from hook decides, seeing the parameters") {
  ServerHooks hooks;
  std::optional<std::size_t> seen_size;
  hooks.check_mail_from = [&](const Envelope& so_far, const std::string& reverse_path) {
    seen_size = so_far.size;
    if (reverse_path == "spammer@bad.example") {
      return make_reply(550, "5.7.1", "<spammer@bad.example>: Sender address rejected: Access denied");
    }
    return make_reply(250, "2.1.0", "Sender ok");
  };
  Server s = greeted(mx_config(), hooks);
  CHECK(play(s, R"(
C: MAIL FROM:<spammer@bad.example> SIZE=42
S: 550 5.7.1 <spammer@bad.example>: Sender address rejected: Access denied
)"));
  CHECK(seen_size == std::optional<std::size_t>(42));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().mail_from == "");
  CHECK_FALSE(s.envelope().size.has_value());
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Sender ok
)"));
  CHECK(s.state() == ServerState::Mail);
}
