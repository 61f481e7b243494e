// STARTTLS (RFC 3207) in the server machine: the EHLO keyword, the 220 and the hand-over to the TLS
// layer, the restarted session, pipelined plaintext after STARTTLS discarded (CVE-2011-0411), the
// refusals, and Postfix's smtpd_tls_security_level and smtpd_tls_auth_only. The TLS layer itself is
// the glue's (tests/tls runs these transcripts through real TLS); here its end is reported by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;
using namespace smtp_test;

namespace {

ServerConfig tls_config(TlsLevel level = TlsLevel::May) {
  ServerConfig c = mx_config();
  c.smtpd_tls_security_level = level;
  return c;
}

}  // namespace

TEST_CASE("STARTTLS: offered after SIZE at may and encrypt, not at none, not again inside TLS") {
  Server s(tls_config(), {});
  s.start();
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-STARTTLS
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: STARTTLS
S: 220 2.0.0 Ready to start TLS
)"));
  CHECK(s.state() == ServerState::TlsHandshake);
  CHECK(s.starting_tls());
  CHECK(s.tls_established() == "");
  CHECK(s.tls_active());
  CHECK(s.state() == ServerState::Connected);
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
)"));
  Server none(tls_config(TlsLevel::None), {});
  none.start();
  CHECK(none.feed("EHLO client.example\r\n").find("STARTTLS") == std::string::npos);
  Server encrypt(tls_config(TlsLevel::Encrypt), {});
  encrypt.start();
  CHECK(encrypt.feed("EHLO client.example\r\n").find("250-STARTTLS\r\n") != std::string::npos);
}

TEST_CASE("STARTTLS restarts the session: the EHLO name and ESMTP are forgotten, EHLO comes again") {
  Server s(tls_config(), {});
  s.start();
  s.feed("EHLO before.example\r\n");
  CHECK(s.envelope().helo == "before.example");
  CHECK(s.envelope().esmtp);
  s.feed("STARTTLS\r\n");
  s.tls_established();
  CHECK(s.envelope().helo == "");
  CHECK_FALSE(s.envelope().esmtp);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 503 5.5.1 Error: send HELO/EHLO first
C: EHLO after.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().helo == "after.example");
}

TEST_CASE("pipelined plaintext after STARTTLS is discarded, never read as commands inside TLS (CVE-2011-0411)") {
  std::vector<std::string> asked;
  ServerHooks hooks;
  hooks.check_mail_from = [&](const Envelope&, const std::string& from) {
    asked.push_back(from);
    return Reply{250, "2.1.0", {"Ok"}};
  };
  Server s(tls_config(), hooks);
  s.start();
  s.feed("EHLO attacker.example\r\n");
  // A man in the middle appends commands to the client's STARTTLS, in the same packet: a server that
  // kept its input buffer would read them after the handshake as if the client had sent them in TLS.
  CHECK(play(s, R"(
C: STARTTLS
C: MAIL FROM:<injected@attacker.example>
C: RCPT TO:<victim@mx.example>
S: 220 2.0.0 Ready to start TLS
)"));
  // Plaintext that arrives later, before the handshake ends, is not read either.
  CHECK(s.feed("DATA\r\n") == "");
  CHECK(s.buffered() == 0);
  s.tls_established();
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: RCPT TO:<bob@mx.example>
S: 503 5.5.1 Error: need MAIL command
)"));
  CHECK(asked.empty());
  CHECK(s.envelope().mail_from == "");
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("STARTTLS refusals: arguments 501, twice 503, before EHLO and in a transaction 503, none 502") {
  Server s(tls_config(), {});
  s.start();
  CHECK(play(s, R"(
C: STARTTLS
S: 503 5.5.1 Error: send HELO/EHLO first
)"));
  s.feed("EHLO client.example\r\n");
  CHECK(play(s, R"(
C: STARTTLS now
S: 501 5.5.4 Syntax: STARTTLS
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
C: STARTTLS
S: 503 5.5.1 Error: MAIL transaction in progress
C: RCPT TO:<bob@b.example>
S: 250 2.1.5 Ok
C: STARTTLS
S: 503 5.5.1 Error: MAIL transaction in progress
C: RSET
S: 250 2.0.0 Ok
C: STARTTLS
S: 220 2.0.0 Ready to start TLS
)"));
  s.tls_established();
  s.feed("EHLO client.example\r\n");
  CHECK(play(s, R"(
C: STARTTLS
S: 503 5.5.1 Error: TLS already active
)"));
  CHECK(s.state() == ServerState::Greeted);

  Server none = greeted(tls_config(TlsLevel::None), {});
  CHECK(play(none, R"(
C: STARTTLS
S: 502 5.5.2 Error: command not recognized
)"));
}

TEST_CASE("STARTTLS without a certificate, or forced by a lesson: 454 4.7.0, the session goes on in plain text") {
  ServerConfig c = tls_config();
  c.tls_ready = false;
  Server s = greeted(c, {});
  CHECK(play(s, R"(
C: STARTTLS
S: 454 4.7.0 TLS not available due to local problem
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
)"));
  ServerConfig forced = tls_config();
  forced.forced_replies["STARTTLS"] = Reply{454, "4.7.0", {"TLS not available: lesson says so"}};
  Server f = greeted(forced, {});
  CHECK(play(f, R"(
C: STARTTLS
S: 454 4.7.0 TLS not available: lesson says so
)"));
  CHECK(f.state() == ServerState::Greeted);
  ServerConfig plain_codes = tls_config();
  plain_codes.enhanced_status_codes = false;
  Server p = greeted(plain_codes, {});
  CHECK(p.feed("STARTTLS\r\n") == "220 Ready to start TLS\r\n");
}

TEST_CASE("smtpd_tls_security_level = encrypt: no MAIL before STARTTLS, 530 5.7.0") {
  Server s = greeted(tls_config(TlsLevel::Encrypt), {});
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 530 5.7.0 Must issue a STARTTLS command first
C: RCPT TO:<bob@mx.example>
S: 503 5.5.1 Error: need MAIL command
C: STARTTLS
S: 220 2.0.0 Ready to start TLS
)"));
  s.tls_established();
  s.feed("EHLO client.example\r\n");
  CHECK(play(s, R"(
C: MAIL FROM:<alice@a.example>
S: 250 2.1.0 Ok
)"));
}

TEST_CASE("a failed handshake closes the session, and the TLS events have rows only in TlsHandshake") {
  Server s = greeted(tls_config(), {});
  s.feed("STARTTLS\r\n");
  CHECK(s.tls_failed() == "");
  CHECK(s.closed());
  CHECK(s.state() == ServerState::Closed);
  CHECK_FALSE(s.table_miss());
  // A glue that reports a handshake nobody started is a defect: the table says so, loudly.
  Server wrong = greeted(tls_config(), {});
  CHECK(wrong.tls_established() == "421 4.3.0 mx.example Error: internal error\r\n");
  CHECK(wrong.table_miss());
  CHECK(wrong.closed());
}

TEST_CASE("auth_offered: smtpd_tls_auth_only and encrypt keep AUTH for sessions inside TLS") {
  Server open = greeted(tls_config(), {});
  CHECK(open.auth_offered());
  ServerConfig only = tls_config();
  only.smtpd_tls_auth_only = true;
  Server s = greeted(only, {});
  CHECK_FALSE(s.auth_offered());
  s.feed("STARTTLS\r\n");
  s.tls_established();
  CHECK(s.auth_offered());
  Server encrypt = greeted(tls_config(TlsLevel::Encrypt), {});
  CHECK_FALSE(encrypt.auth_offered());
}

TEST_CASE("implicit TLS (smtpd_tls_wrappermode, RFC 8314): no greeting before the handshake, then the session inside TLS") {
  ServerConfig c = tls_config();
  c.smtpd_tls_wrappermode = true;
  c.smtpd_tls_auth_only = true;
  c.smtpd_sasl_auth_enable = true;
  c.sasl_mechanisms = {mailsim::sasl::Mechanism::Plain};
  Server s(c, {});
  // The client speaks first, in TLS: nothing of ours may leave in plain text.
  CHECK(s.start() == "");
  CHECK(s.starting_tls());
  CHECK(s.state() == ServerState::TlsHandshake);
  CHECK(s.feed("EHLO client.example\r\n") == "");  // the layer's bytes, never read here
  CHECK(s.tls_established() == "220 mx.example ESMTP mailsim\r\n");
  CHECK(s.tls_active());
  CHECK(s.auth_offered());  // smtpd_tls_auth_only: inside TLS from the start
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-mx.example
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: STARTTLS
S: 503 5.5.1 Error: TLS already active
)"));
  CHECK_FALSE(s.table_miss());
  // A failed handshake: closed without a word (there is nobody inside TLS to say it to).
  Server failed(c, {});
  failed.start();
  CHECK(failed.tls_failed() == "");
  CHECK(failed.closed());
  CHECK_FALSE(failed.table_miss());
  CHECK(find_transition(ServerState::Connected, Command::ImplicitTls)->on_success == ServerState::TlsHandshake);
}
