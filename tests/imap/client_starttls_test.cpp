// STARTTLS (RFC 9051 §6.2.1) in the IMAP client machine: looked for in the greeting's capabilities
// (or CAPABILITY's), CAPABILITY asked again inside TLS, and each level's answer to a server without
// STARTTLS or one that refuses it.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

#include "support/transcript.hpp"
#include "sim/proto/imap/client.hpp"

using namespace mailsim;

namespace {

imap::ClientJob job(proto::ClientTls tls) {
  imap::ClientJob j;
  j.user = "alice";
  j.password = "secret";
  j.tls = tls;
  j.server_name = "imap.example";
  return j;
}

constexpr const char* kToStarttls = R"(
  S: * OK [CAPABILITY IMAP4rev1 IDLE STARTTLS LOGINDISABLED] imap.example ready
  C: a1 STARTTLS
  S: a1 OK Begin TLS negotiation now.
)";

constexpr const char* kInside = R"(
  S: * CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN
  S: a2 OK CAPABILITY completed
  C: a3 LOGIN alice secret
  S: a3 OK LOGIN completed
  C: a4 SELECT INBOX
  S: * 0 EXISTS
  S: * OK [UIDVALIDITY 7] UIDs valid
  S: * OK [UIDNEXT 1] Predicted next UID
  S: a4 OK [READ-WRITE] SELECT completed
  C: a5 LOGOUT
  S: * BYE logging out
  S: a5 OK LOGOUT completed
)";

}  // namespace

TEST_CASE("at may and above: STARTTLS from the greeting's capabilities, CAPABILITY again inside TLS") {
  for (const auto level : {proto::ClientTls::May, proto::ClientTls::Encrypt, proto::ClientTls::Verify}) {
    for (const bool bytewise : {false, true}) {
      imap::Client c(job(level));
      test::play_client(c, kToStarttls, bytewise);
      CHECK(c.starting_tls());
      CHECK(c.feed("* OK not read\r\n").empty());
      CHECK(c.tls_established(true) == "a2 CAPABILITY\r\n");
      CHECK(c.tls_active());
      test::play_client(c, kInside, bytewise);
      CHECK(c.done());
      CHECK_FALSE(c.failed());
      CHECK_FALSE(c.table_miss());
    }
  }
}

TEST_CASE("a greeting without capabilities: the client asks CAPABILITY first") {
  imap::Client c(job(proto::ClientTls::May));
  test::play_client(c, R"(
    S: * OK imap.example ready
    C: a1 CAPABILITY
    S: * CAPABILITY IMAP4rev1 STARTTLS
    S: a1 OK done
    C: a2 STARTTLS
  )");
}

TEST_CASE("STARTTLS: the server's plaintext after its OK is dropped, never read as if inside TLS") {
  imap::Client c(job(proto::ClientTls::May));
  c.feed("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
  // A man in the middle appends a fake CAPABILITY answer with the tag the client will use next.
  CHECK(c.feed("a1 OK Begin TLS negotiation now.\r\n* CAPABILITY IMAP4rev1\r\na2 OK done\r\n").empty());
  CHECK(c.tls_established(true) == "a2 CAPABILITY\r\n");
  CHECK(c.state() == imap::ClientState::AwaitCapability);
  CHECK_FALSE(c.failed());
}

TEST_CASE("no STARTTLS offered: may logs in in plain text, encrypt logs out without a password") {
  {
    imap::Client c(job(proto::ClientTls::May));
    test::play_client(c, "S: * OK [CAPABILITY IMAP4rev1] ready\nC: a1 LOGIN alice secret\n");
  }
  imap::Client c(job(proto::ClientTls::Encrypt));
  test::play_client(c, "S: * OK [CAPABILITY IMAP4rev1] ready\nC: a1 LOGOUT\n");
  CHECK(c.error() == "STARTTLS: TLS is required, but was not offered by host imap.example");
}

TEST_CASE("STARTTLS refused: may goes on in plain text, encrypt gives up") {
  {
    imap::Client c(job(proto::ClientTls::May));
    test::play_client(c, R"(
      S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
      C: a1 STARTTLS
      S: a1 NO TLS initialization failed.
      C: a2 LOGIN alice secret
    )");
  }
  imap::Client c(job(proto::ClientTls::Encrypt));
  test::play_client(c, R"(
    S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready
    C: a1 STARTTLS
    S: a1 NO TLS initialization failed.
    C: a2 LOGOUT
  )");
  CHECK(c.error() == "STARTTLS: NO TLS initialization failed.");
}

TEST_CASE("verify: a certificate that does not verify ends the session, a failed handshake too") {
  {
    imap::Client c(job(proto::ClientTls::Verify));
    test::play_client(c, kToStarttls);
    CHECK(c.tls_established(false).empty());
    CHECK(c.done());
    CHECK(c.error() == "TLS: server certificate not verified for imap.example");
  }
  imap::Client c(job(proto::ClientTls::May));
  test::play_client(c, kToStarttls);
  c.tls_failed();
  CHECK(c.done());
  CHECK(c.error() == "TLS: cannot start TLS: handshake failure");
  CHECK_FALSE(c.table_miss());
}

TEST_CASE("level none: the client never looks for STARTTLS, as before TLS") {
  imap::Client c(job(proto::ClientTls::None));
  test::play_client(c, "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready\nC: a1 LOGIN alice secret\n");
}

TEST_CASE("client table: every row is found by the lookup, one row per (state, event)") {
  std::set<std::pair<imap::ClientState, imap::ClientEvent>> seen;
  for (const imap::ClientTransition& t : imap::client_transitions()) {
    CHECK(seen.insert({t.from, t.event}).second);
    CHECK(imap::find_client_transition(t.from, t.event) == &t);
  }
}
