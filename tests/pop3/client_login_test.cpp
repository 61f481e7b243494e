// The POP3 client's logins besides USER/PASS: APOP (RFC 1939 §7's example from the client's side)
// and AUTH (RFC 5034) with each mechanism, refusals, cancelled challenges; then client against
// server for every way in.
#include <doctest/doctest.h>

#include <string>

#include "pop3/fixture.hpp"
#include "sim/proto/pop3/client.hpp"
#include "sim/proto/pop3/server.hpp"
#include "support/transcript.hpp"

using namespace mailsim;

namespace {

pop3::ClientJob job(pop3::Login login, std::string user, std::string password,
                    sasl::Mechanism m = sasl::Mechanism::Plain) {
  pop3::ClientJob j;
  j.user = std::move(user);
  j.password = std::move(password);
  j.login = login;
  j.mechanism = m;
  j.sasl_nonce = "rOprNGfwEbeRWgbNEkqO";
  return j;
}

// After the login: an empty maildrop.
constexpr const char* kEmpty = R"(
  C: UIDL
  S: +OK unique-id listing follows
  S: .
  C: QUIT
  S: +OK signing off
)";

void play(pop3::ClientJob j, const std::string& login, std::string_view rest = kEmpty) {
  for (const bool bytewise : {false, true}) {
    pop3::Client client(j);
    test::play_client(client, login + std::string(rest), bytewise);
    CHECK(client.done());
    CHECK_MESSAGE(!client.failed(), client.error());
  }
}

}  // namespace

TEST_CASE("POP3 client APOP: RFC 1939 §7's digest of the greeting's timestamp") {
  play(job(pop3::Login::Apop, "mrose", "tanstaaf"), R"(
  S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
  C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
  S: +OK mrose's maildrop has 0 messages (0 octets)
)");
}

TEST_CASE("POP3 client APOP: no timestamp in the greeting, or a refusal, fails the job") {
  pop3::Client none(job(pop3::Login::Apop, "mrose", "tanstaaf"));
  CHECK(none.feed("+OK POP3 server ready\r\n") == "QUIT\r\n");
  CHECK(none.error() == "APOP: the greeting has no timestamp");
  pop3::Client refused(job(pop3::Login::Apop, "mrose", "wrong"));
  refused.feed("+OK ready <1.2@x>\r\n");
  CHECK(refused.feed("-ERR [AUTH] Authentication failed.\r\n") == "QUIT\r\n");
  CHECK(refused.error() == "APOP: -ERR [AUTH] Authentication failed.");
}

TEST_CASE("POP3 client AUTH PLAIN, LOGIN and CRAM-MD5 (RFC 2195 §2)") {
  play(job(pop3::Login::Auth, "tim", "tanstaaftanstaaf"), R"(
  S: +OK POP3 server ready
  C: AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm
  S: +OK maildrop has 0 messages (0 octets)
)");
  play(job(pop3::Login::Auth, "tim", "tanstaaftanstaaf", sasl::Mechanism::Login), R"(
  S: +OK POP3 server ready
  C: AUTH LOGIN
  S: + VXNlcm5hbWU6
  C: dGlt
  S: + UGFzc3dvcmQ6
  C: dGFuc3RhYWZ0YW5zdGFhZg==
  S: +OK maildrop has 0 messages (0 octets)
)");
  play(job(pop3::Login::Auth, "tim", "tanstaaftanstaaf", sasl::Mechanism::CramMd5), R"(
  S: +OK POP3 server ready
  C: AUTH CRAM-MD5
  S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
  C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
  S: +OK maildrop has 0 messages (0 octets)
)");
}

TEST_CASE("POP3 client AUTH SCRAM-SHA-256: RFC 7677 §3, and a server that cannot prove itself") {
  play(job(pop3::Login::Auth, "user", "pencil", sasl::Mechanism::ScramSha256), R"(
  S: +OK POP3 server ready
  C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
  S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
  C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
  S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
  C:
  S: +OK maildrop has 0 messages (0 octets)
)");
  pop3::Client fake(job(pop3::Login::Auth, "user", "pencil", sasl::Mechanism::ScramSha256));
  test::play_client(fake, R"(
  S: +OK POP3 server ready
  C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
  S: +OK welcome, whoever you are
  C: QUIT
  S: +OK bye
)");
  CHECK(fake.error() == "AUTH: +OK before the exchange was complete: the server did not prove itself");
}

TEST_CASE("POP3 client AUTH: a refusal fails the job, a challenge that is not base64 is cancelled with *") {
  pop3::Client refused(job(pop3::Login::Auth, "tim", "wrong"));
  test::play_client(refused, R"(
  S: +OK POP3 server ready
  C: AUTH PLAIN AHRpbQB3cm9uZw==
  S: -ERR [AUTH] Authentication failed.
  C: QUIT
  S: +OK bye
)");
  CHECK(refused.error() == "AUTH: -ERR [AUTH] Authentication failed.");
  CHECK(refused.done());
  pop3::Client odd(job(pop3::Login::Auth, "tim", "tanstaaftanstaaf", sasl::Mechanism::Login));
  test::play_client(odd, R"(
  S: +OK POP3 server ready
  C: AUTH LOGIN
  S: + Username?
  C: *
  S: -ERR authentication aborted
  C: QUIT
  S: +OK bye
)");
  CHECK(odd.error() == "AUTH cancelled: the challenge is not base64");
  // "+" alone is an empty challenge; only in the exchange is a "+ " line not a protocol error.
  pop3::Client bare(job(pop3::Login::Auth, "tim", "tanstaaftanstaaf", sasl::Mechanism::Login));
  bare.feed("+OK ready\r\n");
  CHECK(bare.feed("+\r\n") == "dGlt\r\n");
  pop3::Client stray(job(pop3::Login::UserPass, "tim", "x"));
  stray.feed("+OK ready\r\n");
  stray.feed("+ hello\r\n");
  CHECK(stray.error() == "not a POP3 reply: + hello");
}

TEST_CASE("POP3 client AUTH: an initial response too long for 255 octets waits for the empty challenge") {
  pop3::Client c(job(pop3::Login::Auth, "tim", std::string(200, 'p')));
  CHECK(c.feed("+OK ready\r\n") == "AUTH PLAIN\r\n");
  CHECK(c.feed("+ \r\n").size() == 276 + 2);  // base64 of 206 octets, and CRLF
  CHECK(c.state() == pop3::ClientState::AwaitAuth);
}

namespace {
std::string converse(pop3::Server& server, pop3::Client& client) {
  std::string to_client = server.start();
  for (int round = 0; round < 100 && !client.done(); ++round) {
    to_client = server.feed(client.feed(to_client));
    if (server.closed() && to_client.empty()) client.connection_lost();
  }
  return client.error();
}
}  // namespace

TEST_CASE("POP3 client against server: USER/PASS, APOP and every AUTH mechanism, right and wrong") {
  struct Way {
    pop3::Login login;
    sasl::Mechanism mechanism;
  };
  const Way ways[] = {{pop3::Login::UserPass, sasl::Mechanism::Plain}, {pop3::Login::Apop, sasl::Mechanism::Plain},
                      {pop3::Login::Auth, sasl::Mechanism::Plain},     {pop3::Login::Auth, sasl::Mechanism::Login},
                      {pop3::Login::Auth, sasl::Mechanism::CramMd5},   {pop3::Login::Auth, sasl::Mechanism::ScramSha256}};
  for (const Way& way : ways) {
    for (const bool right : {true, false}) {
      INFO(static_cast<int>(way.login) << " " << sasl::mechanism_name(way.mechanism) << (right ? " right" : " wrong"));
      mailstore::MailStore store = test::pop3_store();
      pop3::ServerConfig config = test::pop3_config();
      config.apop = true;
      config.sasl_mechanisms = sasl::all_mechanisms();
      pop3::Server server(config, store);
      pop3::Client client(job(way.login, "alice", right ? "secret" : "guess", way.mechanism));
      const std::string error = converse(server, client);
      CHECK(client.done());
      if (right) {
        CHECK(error == "");
        CHECK(client.downloaded().size() == 3);
        CHECK(test::inbox_uids(store) == "");
      } else {
        CHECK(error.ends_with("-ERR [AUTH] Authentication failed."));
        CHECK(client.downloaded().empty());
        CHECK(test::inbox_uids(store) == "2,3,4");
      }
      CHECK_FALSE(server.table_miss());
    }
  }
}
