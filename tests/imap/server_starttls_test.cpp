// STARTTLS (RFC 9051 §6.2.1, RFC 3501 §6.2.1) in the IMAP server machine: STARTTLS and LOGINDISABLED
// before TLS, a new CAPABILITY after it that the server does not volunteer, LOGIN refused with
// NO [PRIVACYREQUIRED] (RFC 5530) in clear, Dovecot's refusals, and the plaintext a man in the middle
// appends to STARTTLS, which must never be read. The handshake is the layer's (tests/tls); here its
// end is reported by hand.
#include <doctest/doctest.h>

#include "imap/server_fixture.hpp"
#include "sim/proto/imap/server.hpp"

using namespace mailsim;

namespace {

constexpr const char* kBase = "IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE";
constexpr const char* kBeforeTls =
    "IMAP4rev1 ID SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE STARTTLS LOGINDISABLED";

struct TlsSession {
  imap::Server server;
  explicit TlsSession(mailstore::MailStore& store, proto::Ssl ssl = proto::Ssl::Yes, bool disable_plaintext_auth = true,
                      bool tls_ready = true)
      : server(config(ssl, disable_plaintext_auth, tls_ready), store) {}
  static imap::ServerConfig config(proto::Ssl ssl, bool disable, bool ready) {
    imap::ServerConfig c;
    c.hostname = "mx.home.example";
    c.ssl = ssl;
    c.disable_plaintext_auth = disable;
    c.tls_ready = ready;
    return c;
  }
  ~TlsSession() { CHECK_FALSE(server.table_miss()); }
  std::string start() { return server.start(); }
  std::string feed(std::string_view bytes) { return server.feed(bytes, 2 * kHour); }
};

}  // namespace

TEST_CASE("STARTTLS: LOGINDISABLED and no AUTH=PLAIN before TLS, LOGIN refused, inside TLS the full list") {
  for (const bool bytewise : {false, true}) {
    imap_test::Mailbox box;
    TlsSession s(box.store);
    test::play_server(s, std::string("S: * OK [CAPABILITY ") + kBeforeTls + "] mx.home.example IMAP4rev1 server ready\n" +
                             "C: a1 CAPABILITY\n"
                             "S: * CAPABILITY " + kBeforeTls + "\n"
                             "S: a1 OK CAPABILITY completed\n"
                             "C: a2 LOGIN bob secret\n"
                             "S: * BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did "
                             "it anyway. If anyone was listening, the password was exposed.\n"
                             "S: a2 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\n"
                             "C: a3 AUTHENTICATE PLAIN AGJvYgBzZWNyZXQ=\n"
                             "S: a3 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\n"
                             "C: a4 STARTTLS\n"
                             "S: a4 OK Begin TLS negotiation now.\n",
                      bytewise);
    CHECK(s.server.starting_tls());
    CHECK(s.server.state() == imap::State::TlsHandshake);
    CHECK(s.feed("a5 CAPABILITY\r\n").empty());  // the TLS layer's bytes, never the machine's
    // Nothing volunteered: the client asks for the capabilities again (RFC 9051 §6.2.1).
    CHECK(s.server.tls_established().empty());
    CHECK(s.server.state() == imap::State::NotAuthenticated);
    test::play_server(s, std::string("C: b1 CAPABILITY\n") +
                             "S: * CAPABILITY " + kBase + "\n"
                             "S: b1 OK CAPABILITY completed\n"
                             "C: b2 STARTTLS\n"
                             "S: b2 BAD TLS is already active.\n"
                             "C: b3 LOGIN bob secret\n"
                             "S: b3 OK [CAPABILITY " + kBase + "] Logged in\n"
                             "C: b4 STARTTLS\n"
                             "S: b4 BAD STARTTLS not valid in the AUTHENTICATED state: already logged in\n",
                      bytewise);
    CHECK(s.server.state() == imap::State::Authenticated);
  }
}

TEST_CASE("STARTTLS: commands pipelined after it in plain text are discarded (CVE-2011-0411)") {
  imap_test::Mailbox box;
  TlsSession s(box.store, proto::Ssl::Yes, false);
  s.start();
  // A man in the middle appends a LOGIN (and the start of a literal) to the client's STARTTLS.
  CHECK(s.feed("a1 STARTTLS\r\na2 LOGIN bob secret\r\na3 APPEND INBOX {10}\r\n") == "a1 OK Begin TLS negotiation now.\r\n");
  s.server.tls_established();
  CHECK(s.server.state() == imap::State::NotAuthenticated);
  CHECK(s.server.user().empty());
  // Inside TLS the reader starts empty: the literal announced in clear is not awaited.
  CHECK(s.feed("b1 NOOP\r\n") == "b1 OK NOOP completed\r\n");
}

TEST_CASE("STARTTLS refusals in Dovecot's words, and the table's in the other states") {
  {
    imap_test::Mailbox box;
    imap_test::Session s(box.store);  // ssl = no, as every lesson before TLS
    s.start();
    CHECK(s.feed("a1 STARTTLS\r\n") == "a1 BAD TLS support isn't enabled.\r\n");
  }
  {
    imap_test::Mailbox box;
    TlsSession s(box.store);
    s.start();
    CHECK(s.feed("a1 STARTTLS now\r\n") == "a1 BAD STARTTLS takes no arguments\r\n");
  }
  {
    imap_test::Mailbox box;
    TlsSession s(box.store, proto::Ssl::Yes, true, false);  // no certificate
    s.start();
    CHECK(s.feed("a1 STARTTLS\r\n") == "a1 NO TLS initialization failed.\r\n");
    CHECK(s.server.state() == imap::State::NotAuthenticated);
  }
}

TEST_CASE("the greeting of a server without TLS is what it always was") {
  imap_test::Mailbox box;
  imap_test::Session s(box.store);
  CHECK(s.start() == std::string("* OK [CAPABILITY ") + kBase + "] mx.home.example IMAP4rev1 server ready\r\n");
}

TEST_CASE("ssl = yes with plaintext logins allowed: STARTTLS offered, LOGIN works in clear too") {
  imap_test::Mailbox box;
  TlsSession s(box.store, proto::Ssl::Yes, false);
  CHECK(s.start() == std::string("* OK [CAPABILITY ") + kBase + " STARTTLS] mx.home.example IMAP4rev1 server ready\r\n");
  CHECK(s.feed("a1 LOGIN bob secret\r\n") == std::string("a1 OK [CAPABILITY ") + kBase + " STARTTLS] Logged in\r\n");
}

TEST_CASE("a failed handshake or a lost connection during it ends the session") {
  imap_test::Mailbox box;
  {
    TlsSession s(box.store);
    s.start();
    s.feed("a1 STARTTLS\r\n");
    CHECK(s.server.tls_failed().empty());
    CHECK(s.server.closed());
  }
  TlsSession s(box.store);
  s.start();
  s.feed("a1 STARTTLS\r\n");
  s.server.connection_lost();
  CHECK(s.server.closed());
}

TEST_CASE("implicit TLS (port 993, wrappermode): no greeting before the handshake, then the full list inside TLS") {
  imap_test::Mailbox box;
  imap::ServerConfig c = TlsSession::config(proto::Ssl::Yes, true, true);
  c.wrappermode = true;
  imap::Server s(c, box.store);
  // The client speaks first, in TLS: nothing of ours may leave in plain text.
  CHECK(s.start().empty());
  CHECK(s.starting_tls());
  CHECK(s.state() == imap::State::TlsHandshake);
  CHECK(s.feed("a1 LOGIN bob secret\r\n", 2 * kHour).empty());  // the layer's bytes, never read here
  // The greeting inside TLS: no STARTTLS, no LOGINDISABLED (the connection is secured).
  CHECK(s.tls_established() == std::string("* OK [CAPABILITY ") + kBase + "] mx.home.example IMAP4rev1 server ready\r\n");
  CHECK(s.tls_active());
  CHECK(s.state() == imap::State::NotAuthenticated);
  CHECK(s.feed("b1 STARTTLS\r\n", 2 * kHour) == "b1 BAD TLS is already active.\r\n");
  CHECK(s.feed("b2 LOGIN bob secret\r\n", 2 * kHour) == std::string("b2 OK [CAPABILITY ") + kBase + "] Logged in\r\n");
  CHECK(s.state() == imap::State::Authenticated);
  CHECK_FALSE(s.table_miss());
  imap_test::Mailbox box2;
  imap::Server failed(c, box2.store);
  CHECK(failed.start().empty());
  CHECK(failed.tls_failed().empty());
  CHECK(failed.closed());
  CHECK_FALSE(failed.table_miss());
}
