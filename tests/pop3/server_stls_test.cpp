// STLS (RFC 2595 §4) in the POP3 server machine: CAPA before and after TLS, the TLS line mode,
// Dovecot's refusals, disable_plaintext_auth and ssl = required, and the plaintext a man in the
// middle appends to STLS (the CVE-2011-0411 class), which must never be read. The handshake itself
// is the layer's (tests/tls/reading_test.cpp); here its end is reported by hand.
#include <doctest/doctest.h>

#include "pop3/fixture.hpp"
#include "sim/proto/pop3/server.hpp"

using namespace mailsim;

namespace {

pop3::ServerConfig tls_config(proto::Ssl ssl = proto::Ssl::Yes, bool disable_plaintext_auth = true) {
  pop3::ServerConfig c = test::pop3_config();
  c.ssl = ssl;
  c.disable_plaintext_auth = disable_plaintext_auth;
  return c;
}

constexpr const char* kBefore = R"(
  S: +OK pop.example POP3 server ready
  C: CAPA
  S: +OK Capability list follows
  S: TOP
  S: UIDL
  S: STLS
  S: RESP-CODES
  S: PIPELINING
  S: .
  C: USER alice
  S: -ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.
  C: STLS
  S: +OK Begin TLS negotiation now.
)";

constexpr const char* kInside = R"(
  C: CAPA
  S: +OK Capability list follows
  S: USER
  S: TOP
  S: UIDL
  S: RESP-CODES
  S: PIPELINING
  S: .
  C: USER alice
  S: +OK send PASS
  C: PASS secret
  S: +OK maildrop has 3 messages (192 octets)
  C: STLS
  S: -ERR command not valid in TRANSACTION state
  C: QUIT
  S: +OK pop.example POP3 server signing off (3 messages left)
)";

}  // namespace

TEST_CASE("STLS: CAPA offers it and hides USER before TLS, inside TLS USER is back and STLS gone") {
  for (const bool bytewise : {false, true}) {
    mailstore::MailStore store = test::pop3_store();
    pop3::Server s(tls_config(), store);
    test::play_server(s, kBefore, bytewise);
    CHECK(s.starting_tls());
    CHECK(s.state() == pop3::State::TlsHandshake);
    // The bytes are the TLS layer's now: the machine reads none of them.
    CHECK(s.feed("CAPA\r\n").empty());
    CHECK(s.tls_established().empty());  // RFC 2595: no new greeting
    CHECK(s.tls_active());
    CHECK(s.state() == pop3::State::Authorization);
    test::play_server(s, kInside, bytewise);
    CHECK(s.closed());
    CHECK_FALSE(s.table_miss());
  }
}

TEST_CASE("STLS: plaintext pipelined after it is discarded, never read inside TLS (CVE-2011-0411)") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server s(tls_config(proto::Ssl::Yes, false), store);
  s.start();
  // A man in the middle appends a USER to the client's STLS packet.
  CHECK(s.feed("STLS\r\nUSER alice\r\nPASS secret\r\n") == "+OK Begin TLS negotiation now.\r\n");
  CHECK(s.buffered() == 0);
  CHECK(s.feed("USER mallory\r\n").empty());
  CHECK(s.tls_established().empty());
  CHECK(s.user().empty());
  CHECK(s.buffered() == 0);
  // Inside TLS, the client starts from nothing: PASS alone has no USER to go with.
  CHECK(s.feed("PASS secret\r\n") == "-ERR send USER first\r\n");
  CHECK(s.state() == pop3::State::Authorization);
}

TEST_CASE("STLS refusals in Dovecot's words: not enabled, arguments, already active, a local problem") {
  {
    mailstore::MailStore store = test::pop3_store();
    pop3::Server s(test::pop3_config(), store);  // ssl = no, as every lesson before TLS
    s.start();
    CHECK(s.feed("STLS\r\n") == "-ERR TLS support isn't enabled.\r\n");
    CHECK(s.state() == pop3::State::Authorization);
  }
  {
    mailstore::MailStore store = test::pop3_store();
    pop3::Server s(tls_config(), store);
    s.start();
    CHECK(s.feed("STLS now\r\n") == "-ERR too many arguments\r\n");
    CHECK(s.feed("STLS\r\n") == "+OK Begin TLS negotiation now.\r\n");
    s.tls_established();
    CHECK(s.feed("STLS\r\n") == "-ERR TLS is already active.\r\n");
    CHECK(s.state() == pop3::State::Authorization);
  }
  {
    pop3::ServerConfig c = tls_config();
    c.tls_ready = false;  // no certificate
    mailstore::MailStore store = test::pop3_store();
    pop3::Server s(c, store);
    s.start();
    CHECK(s.feed("STLS\r\n") == "-ERR TLS initialization failed.\r\n");
    CHECK_FALSE(s.starting_tls());
  }
}

TEST_CASE("disable_plaintext_auth hides PLAIN and LOGIN before TLS, keeps CRAM-MD5 and APOP") {
  pop3::ServerConfig c = tls_config();
  c.apop = true;
  c.sasl_mechanisms = {sasl::Mechanism::Plain, sasl::Mechanism::CramMd5};
  mailstore::MailStore store = test::pop3_store();
  pop3::Server s(c, store);
  s.start();
  CHECK(s.feed("CAPA\r\n") ==
        "+OK Capability list follows\r\nTOP\r\nUIDL\r\nSASL CRAM-MD5\r\nSTLS\r\nRESP-CODES\r\nPIPELINING\r\n.\r\n");
  CHECK(s.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") ==
        "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n");
  CHECK(s.feed("AUTH CRAM-MD5\r\n").starts_with("+ "));
  CHECK(s.feed("*\r\n") == "-ERR authentication aborted\r\n");
  CHECK(s.feed("STLS\r\n") == "+OK Begin TLS negotiation now.\r\n");
  s.tls_established();
  CHECK(s.feed("CAPA\r\n") ==
        "+OK Capability list follows\r\nUSER\r\nTOP\r\nUIDL\r\nSASL PLAIN CRAM-MD5\r\nRESP-CODES\r\nPIPELINING\r\n.\r\n");
  CHECK(s.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "+OK maildrop has 3 messages (192 octets)\r\n");
}

TEST_CASE("ssl = required: no login of any kind before TLS, not even APOP") {
  pop3::ServerConfig c = tls_config(proto::Ssl::Required, false);
  c.apop = true;
  c.sasl_mechanisms = {sasl::Mechanism::CramMd5};
  mailstore::MailStore store = test::pop3_store();
  pop3::Server s(c, store);
  s.start();
  CHECK(s.feed("CAPA\r\n") == "+OK Capability list follows\r\nTOP\r\nUIDL\r\nSTLS\r\nRESP-CODES\r\nPIPELINING\r\n.\r\n");
  const std::string refused = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n";
  CHECK(s.feed("APOP alice c4c9334bac560ecc979e58001b3e22fb\r\n") == refused);
  CHECK(s.feed("AUTH CRAM-MD5\r\n") == refused);
  CHECK(s.feed("USER alice\r\n") == refused);
  CHECK(s.state() == pop3::State::Authorization);
}

TEST_CASE("ssl = yes with plaintext logins allowed: USER works before TLS too, CAPA lists both") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server s(tls_config(proto::Ssl::Yes, false), store);
  s.start();
  CHECK(s.feed("CAPA\r\n") ==
        "+OK Capability list follows\r\nUSER\r\nTOP\r\nUIDL\r\nSTLS\r\nRESP-CODES\r\nPIPELINING\r\n.\r\n");
  CHECK(s.feed("USER alice\r\nPASS secret\r\n") == "+OK send PASS\r\n+OK maildrop has 3 messages (192 octets)\r\n");
}

TEST_CASE("a failed handshake closes the session and frees nothing it never took") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server s(tls_config(), store);
  s.start();
  CHECK(s.feed("STLS\r\n") == "+OK Begin TLS negotiation now.\r\n");
  CHECK(s.tls_failed().empty());
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
  CHECK_FALSE(store.find("alice")->pop3_locked);
}

TEST_CASE("a connection lost during the handshake closes without UPDATE") {
  mailstore::MailStore store = test::pop3_store();
  pop3::Server s(tls_config(), store);
  s.start();
  s.feed("STLS\r\n");
  s.connection_lost();
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("implicit TLS (port 995, wrappermode): no greeting before the handshake, then the session inside TLS") {
  mailstore::MailStore store = test::pop3_store();
  pop3::ServerConfig c = tls_config();
  c.wrappermode = true;
  pop3::Server s(c, store);
  // The client speaks first, in TLS: nothing of ours may leave in plain text.
  CHECK(s.start().empty());
  CHECK(s.starting_tls());
  CHECK(s.state() == pop3::State::TlsHandshake);
  CHECK(s.feed("USER alice\r\n").empty());  // the layer's bytes, never read here
  CHECK(s.tls_established() == "+OK pop.example POP3 server ready\r\n");
  CHECK(s.tls_active());
  CHECK(s.state() == pop3::State::Authorization);
  // Inside: USER offered despite disable_plaintext_auth, STLS neither listed nor taken.
  test::play_server(s, kInside, false);
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
  // A failed handshake: closed without a word.
  mailstore::MailStore store2 = test::pop3_store();
  pop3::Server failed(c, store2);
  CHECK(failed.start().empty());
  CHECK(failed.tls_failed().empty());
  CHECK(failed.closed());
  CHECK_FALSE(failed.table_miss());
  CHECK(pop3::find_transition(pop3::State::Authorization, pop3::Command::ImplicitTls)->on_success ==
        pop3::State::TlsHandshake);
}
