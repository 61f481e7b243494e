// STARTTLS (RFC 3207) in the client machine, by smtp_tls_security_level as Postfix has it: none
// ignores the offer, may uses it when offered and goes on in plain text otherwise, encrypt and
// verify defer without it, verify also without a certificate that verifies. The TLS layer is the
// glue's (tests/tls runs these through real TLS); here its end is reported by hand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/proto/smtp/client.hpp"

using namespace mailsim::smtp;

namespace {

ClientJob job(ClientTlsLevel level) {
  ClientJob j;
  j.helo_name = "relay.isp.example";
  j.mail_from = "alice@school.example";
  j.rcpt_to = {"bob@home.example"};
  j.data = "Subject: hi\r\n\r\nhello\r\n";
  j.tls_level = level;
  j.server_name = "mx.home.example";
  return j;
}

const std::string kEhloTls = "250-mx.home.example\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 ENHANCEDSTATUSCODES\r\n";
const std::string kEhloPlain = "250-mx.home.example\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n";
const std::string kPipelined = "MAIL FROM:<alice@school.example>\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n";

// Greeted and EHLO answered with `ehlo`; returns what the client sent to that.
std::string after_ehlo(Client& c, const std::string& ehlo) {
  CHECK(c.feed("220 mx.home.example ESMTP\r\n") == "EHLO relay.isp.example\r\n");
  return c.feed(ehlo);
}

void finish(Client& c) {
  CHECK(c.feed("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n") == "Subject: hi\r\n\r\nhello\r\n.\r\n");
  CHECK(c.feed("250 2.0.0 Ok: queued\r\n") == "QUIT\r\n");
  c.feed("221 2.0.0 Bye\r\n");
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
  CHECK_FALSE(c.table_miss());
}

}  // namespace

TEST_CASE("may: STARTTLS when offered, then EHLO again inside TLS and the delivery") {
  Client c(job(ClientTlsLevel::May));
  CHECK(after_ehlo(c, kEhloTls) == "STARTTLS\r\n");
  CHECK(c.state() == ClientState::AwaitStarttls);
  CHECK(c.feed("220 2.0.0 Ready to start TLS\r\n") == "");
  CHECK(c.starting_tls());
  CHECK_FALSE(c.tls_active());
  // At may the certificate is not checked: an unverified one is fine.
  CHECK(c.tls_established(false) == "EHLO relay.isp.example\r\n");
  CHECK(c.tls_active());
  CHECK(c.state() == ClientState::AwaitEhlo);
  CHECK(c.feed(kEhloPlain) == kPipelined);
  finish(c);
}

TEST_CASE("may without the offer, and none with it: plain text as before") {
  Client may(job(ClientTlsLevel::May));
  CHECK(after_ehlo(may, kEhloPlain) == kPipelined);
  finish(may);
  CHECK_FALSE(may.tls_active());
  Client none(job(ClientTlsLevel::None));
  CHECK(after_ehlo(none, kEhloTls) == kPipelined);
  finish(none);
}

TEST_CASE("may: STARTTLS refused, the delivery goes on in plain text") {
  Client c(job(ClientTlsLevel::May));
  after_ehlo(c, kEhloTls);
  CHECK(c.feed("454 4.7.0 TLS not available due to local problem\r\n") == kPipelined);
  finish(c);
  CHECK_FALSE(c.tls_active());
}

TEST_CASE("encrypt and verify without the offer: deferred, 4.7.4, QUIT") {
  for (const ClientTlsLevel level : {ClientTlsLevel::Encrypt, ClientTlsLevel::Verify}) {
    Client c(job(level));
    CHECK(after_ehlo(c, kEhloPlain) == "QUIT\r\n");
    const Reply expected{454, "4.7.4", {"TLS is required, but was not offered by host mx.home.example"}, /*local=*/true};
    CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
    CHECK(c.recipients()[0].reply == expected);
    CHECK(c.session_error() == expected);
    c.feed("221 2.0.0 Bye\r\n");
    CHECK(c.done());
  }
  // A server that does not know EHLO offers no STARTTLS either.
  Client helo(job(ClientTlsLevel::Encrypt));
  CHECK(after_ehlo(helo, "502 5.5.2 Error: command not recognized\r\n") == "HELO relay.isp.example\r\n");
  CHECK(helo.feed("250 mx.home.example\r\n") == "QUIT\r\n");
  CHECK(helo.session_error().enhanced == "4.7.4");
}

TEST_CASE("encrypt: STARTTLS refused, deferred with the server's reply") {
  Client c(job(ClientTlsLevel::Encrypt));
  after_ehlo(c, kEhloTls);
  CHECK(c.feed("454 4.7.0 TLS not available due to local problem\r\n") == "QUIT\r\n");
  const Reply expected{454, "4.7.0",
                       {"TLS is required, but host mx.home.example refused to start TLS: "
                        "454 4.7.0 TLS not available due to local problem"}};
  CHECK(c.recipients()[0].reply == expected);
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
}

TEST_CASE("verify: a certificate that does not verify ends the session, Server certificate not verified") {
  Client c(job(ClientTlsLevel::Verify));
  after_ehlo(c, kEhloTls);
  c.feed("220 2.0.0 Ready to start TLS\r\n");
  CHECK(c.tls_established(false) == "");  // Postfix sends nothing more, not even QUIT
  CHECK(c.done());
  const Reply expected{454, "4.7.5", {"Server certificate not verified"}, /*local=*/true};
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[0].reply == expected);
  CHECK(c.session_error() == expected);
  CHECK_FALSE(c.table_miss());

  Client ok(job(ClientTlsLevel::Verify));
  after_ehlo(ok, kEhloTls);
  ok.feed("220 2.0.0 Ready to start TLS\r\n");
  CHECK(ok.tls_established(true) == "EHLO relay.isp.example\r\n");
  CHECK(ok.feed(kEhloPlain) == kPipelined);
  finish(ok);
}

TEST_CASE("a failed handshake: Cannot start TLS, deferred, no QUIT") {
  Client c(job(ClientTlsLevel::Encrypt));
  after_ehlo(c, kEhloTls);
  c.feed("220 2.0.0 Ready to start TLS\r\n");
  c.tls_failed();
  CHECK(c.done());
  CHECK(c.recipients()[0].reply == Reply{454, "4.7.5", {"Cannot start TLS: handshake failure"}, /*local=*/true});
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
}

TEST_CASE("plaintext after the 220 is dropped, never read as the server's replies inside TLS") {
  Client c(job(ClientTlsLevel::May));
  after_ehlo(c, kEhloTls);
  // A man in the middle adds a reply of his own after the 220, in the same packet; a client that
  // kept it would take it for the answer to its EHLO inside TLS.
  CHECK(c.feed("220 2.0.0 Ready to start TLS\r\n250 mx.attacker.example\r\n") == "");
  CHECK(c.buffered() == 0);
  CHECK(c.feed("250 late plaintext\r\n") == "");
  CHECK(c.tls_established(false) == "EHLO relay.isp.example\r\n");
  // Inside TLS, the real EHLO reply, offering no PIPELINING this time: what the first EHLO offered
  // is forgotten, so MAIL goes alone.
  CHECK(c.feed("250-mx.home.example\r\n250 ENHANCEDSTATUSCODES\r\n") == "MAIL FROM:<alice@school.example>\r\n");
  CHECK(c.feed("250 2.1.0 Ok\r\n") == "RCPT TO:<bob@home.example>\r\n");
  CHECK_FALSE(c.table_miss());
}

TEST_CASE("the connection lost during the handshake: TempFailed, and the TLS rows") {
  Client c(job(ClientTlsLevel::May));
  after_ehlo(c, kEhloTls);
  c.feed("220 2.0.0 Ready to start TLS\r\n");
  c.connection_lost();
  CHECK(c.done());
  CHECK(c.recipients()[0].reply == Reply{421, "4.4.2", {"connection lost"}});
  CHECK_FALSE(c.table_miss());

  CHECK(find_client_transition(ClientState::AwaitEhlo, ClientEvent::StartTls)->to == ClientState::AwaitStarttls);
  CHECK(find_client_transition(ClientState::AwaitStarttls, ClientEvent::TlsGoAhead)->to == ClientState::AwaitTls);
  CHECK(find_client_transition(ClientState::AwaitStarttls, ClientEvent::StarttlsRefused)->to ==
        ClientState::AwaitMail);
  CHECK(find_client_transition(ClientState::AwaitTls, ClientEvent::TlsEstablished)->to == ClientState::AwaitEhlo);
  CHECK(find_client_transition(ClientState::AwaitTls, ClientEvent::TlsFailed)->to == ClientState::Done);
  // No reply is read in AwaitTls: none can be unreadable, none can be a 421.
  CHECK(find_client_transition(ClientState::AwaitTls, ClientEvent::ProtocolError) == nullptr);
  CHECK(find_client_transition(ClientState::AwaitTls, ClientEvent::Closing) == nullptr);
  // Reporting a handshake nobody started is the glue's defect: the table says so.
  Client wrong(job(ClientTlsLevel::May));
  CHECK(wrong.tls_established(true) == "");
  CHECK(wrong.table_miss());
}

TEST_CASE("implicit TLS (smtp_tls_wrappermode, RFC 8314): TLS before the greeting, no STARTTLS inside") {
  ClientJob j = job(ClientTlsLevel::Verify);
  j.tls_wrappermode = true;
  Client c(j);
  CHECK(c.start() == "");
  CHECK(c.starting_tls());
  CHECK(c.state() == ClientState::AwaitTls);
  CHECK(c.tls_established(true) == "");  // the greeting comes next, inside TLS
  CHECK(c.state() == ClientState::AwaitGreeting);
  CHECK(c.tls_active());
  // The server's EHLO reply names STARTTLS (a misconfigured server): already inside TLS, not used.
  CHECK(after_ehlo(c, kEhloTls) == kPipelined);
  finish(c);
  // At verify a certificate that does not verify ends it before the greeting, no QUIT.
  Client bad(j);
  bad.start();
  CHECK(bad.tls_established(false) == "");
  CHECK(bad.done());
  CHECK(bad.recipients()[0].reply == Reply{454, "4.7.5", {"Server certificate not verified"}, /*local=*/true});
  // Without wrappermode start() says nothing and waits for the greeting, as ever.
  Client plain(job(ClientTlsLevel::May));
  CHECK(plain.start() == "");
  CHECK(plain.state() == ClientState::AwaitGreeting);
  CHECK_FALSE(c.table_miss());
  CHECK_FALSE(bad.table_miss());
}

TEST_CASE("timed out: a server that says nothing (a plain client on port 465) ends the session, no QUIT") {
  Client c(job(ClientTlsLevel::May));
  c.start();
  c.timed_out();
  CHECK(c.done());
  const Reply r{421, "4.4.2", {"conversation with mx.home.example timed out while receiving the initial server greeting"}, /*local=*/true};
  CHECK(c.session_error() == r);
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  CHECK(c.recipients()[0].reply == r);
  ClientJob j = job(ClientTlsLevel::Verify);
  j.tls_wrappermode = true;
  Client w(j);
  w.start();
  w.timed_out();
  CHECK(w.session_error().lines ==
        std::vector<std::string>{"conversation with mx.home.example timed out while performing the TLS handshake"});
  // Once the server has spoken, the greeting timeout is over: nothing changes.
  Client greeted(job(ClientTlsLevel::May));
  after_ehlo(greeted, kEhloPlain);
  greeted.timed_out();
  CHECK(greeted.state() == ClientState::AwaitMail);
  CHECK_FALSE(c.table_miss());
  CHECK_FALSE(w.table_miss());
  CHECK_FALSE(greeted.table_miss());
}
