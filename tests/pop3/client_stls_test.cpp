// STLS (RFC 2595) in the POP3 client machine: CAPA first at a TLS level, STLS when listed, CAPA
// again inside TLS, and each level's answer to a server without STLS or one that refuses it.
#include <doctest/doctest.h>

#include "support/transcript.hpp"
#include "sim/proto/pop3/client.hpp"

using namespace mailsim;

namespace {

pop3::ClientJob job(proto::ClientTls tls) {
  pop3::ClientJob j;
  j.user = "alice";
  j.password = "secret";
  j.tls = tls;
  j.server_name = "pop.example";
  return j;
}

constexpr const char* kToStls = R"(
  S: +OK pop.example POP3 server ready
  C: CAPA
  S: +OK Capability list follows
  S: TOP
  S: UIDL
  S: STLS
  S: RESP-CODES
  S: .
  C: STLS
  S: +OK Begin TLS negotiation now.
)";

constexpr const char* kInside = R"(
  S: +OK Capability list follows
  S: USER
  S: UIDL
  S: .
  C: USER alice
  S: +OK send PASS
  C: PASS secret
  S: +OK maildrop has 0 messages (0 octets)
  C: UIDL
  S: +OK unique-id listing follows
  S: .
  C: QUIT
  S: +OK bye
)";

constexpr const char* kNoStls = R"(
  S: +OK pop.example POP3 server ready
  C: CAPA
  S: +OK Capability list follows
  S: USER
  S: .
)";

}  // namespace

TEST_CASE("at may and above: CAPA, STLS, then inside TLS CAPA again before USER") {
  for (const auto level : {proto::ClientTls::May, proto::ClientTls::Encrypt, proto::ClientTls::Verify}) {
    for (const bool bytewise : {false, true}) {
      pop3::Client c(job(level));
      test::play_client(c, kToStls, bytewise);
      CHECK(c.starting_tls());
      CHECK(c.state() == pop3::ClientState::AwaitTls);
      CHECK(c.feed("+OK not read\r\n").empty());  // the TLS layer's bytes
      CHECK(c.tls_established(true) == "CAPA\r\n");
      CHECK(c.tls_active());
      test::play_client(c, kInside, bytewise);
      CHECK(c.done());
      CHECK_FALSE(c.failed());
      CHECK_FALSE(c.table_miss());
    }
  }
}

TEST_CASE("STLS: the server's plaintext after its +OK is dropped, never read as if inside TLS") {
  pop3::Client c(job(proto::ClientTls::May));
  c.feed("+OK pop.example POP3 server ready\r\n");
  c.feed("+OK Capability list follows\r\nSTLS\r\n.\r\n");
  // A man in the middle appends a fake CAPA answer, hoping the client believes it inside TLS.
  CHECK(c.feed("+OK Begin TLS negotiation now.\r\n+OK Capability list follows\r\nUSER\r\n.\r\n").empty());
  CHECK(c.buffered() == 0);
  CHECK(c.tls_established(true) == "CAPA\r\n");
  CHECK(c.state() == pop3::ClientState::AwaitCapa);
  CHECK(c.buffered() == 0);
}

TEST_CASE("no STLS offered: may logs in in plain text, encrypt says QUIT without a password") {
  {
    pop3::Client c(job(proto::ClientTls::May));
    test::play_client(c, std::string(kNoStls) + "C: USER alice\n");
  }
  pop3::Client c(job(proto::ClientTls::Encrypt));
  test::play_client(c, std::string(kNoStls) + "C: QUIT\nS: +OK bye\n");
  CHECK(c.done());
  CHECK(c.error() == "STLS: TLS is required, but was not offered by host pop.example");
}

TEST_CASE("a server without CAPA has no STLS either") {
  pop3::Client c(job(proto::ClientTls::May));
  test::play_client(c, R"(
    S: +OK old server
    C: CAPA
    S: -ERR Unknown command
    C: USER alice
  )");
}

TEST_CASE("STLS refused: may goes on in plain text, encrypt gives up") {
  std::string refused = kToStls;
  refused.replace(refused.find("+OK Begin TLS negotiation now."), 30, "-ERR TLS initialization failed.");
  {
    pop3::Client c(job(proto::ClientTls::May));
    test::play_client(c, refused + "C: USER alice\n");
  }
  pop3::Client c(job(proto::ClientTls::Encrypt));
  test::play_client(c, refused + "C: QUIT\n");
  CHECK(c.error() == "STLS: -ERR TLS initialization failed.");
}

TEST_CASE("verify: a certificate that does not verify ends the session without a word more") {
  pop3::Client c(job(proto::ClientTls::Verify));
  test::play_client(c, kToStls);
  CHECK(c.tls_established(false).empty());
  CHECK(c.done());
  CHECK(c.error() == "TLS: server certificate not verified for pop.example");
  // At encrypt the certificate is not looked at.
  pop3::Client e(job(proto::ClientTls::Encrypt));
  test::play_client(e, kToStls);
  CHECK(e.tls_established(false) == "CAPA\r\n");
}

TEST_CASE("a failed handshake ends the session") {
  pop3::Client c(job(proto::ClientTls::May));
  test::play_client(c, kToStls);
  c.tls_failed();
  CHECK(c.done());
  CHECK(c.error() == "TLS: cannot start TLS: handshake failure");
  CHECK_FALSE(c.table_miss());
}

TEST_CASE("APOP after STLS uses the timestamp of the greeting before TLS") {
  pop3::ClientJob j = job(proto::ClientTls::May);
  j.login = pop3::Login::Apop;
  j.password = "tanstaaf";
  j.user = "mrose";
  pop3::Client c(j);
  test::play_client(c, R"(
    S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
    C: CAPA
    S: +OK
    S: STLS
    S: .
    C: STLS
    S: +OK Begin TLS negotiation now.
  )");
  CHECK(c.tls_established(true) == "CAPA\r\n");
  // RFC 1939 §7's example digest.
  CHECK(c.feed("+OK\r\n.\r\n") == "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
}
