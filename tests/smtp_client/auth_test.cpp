// The client's SMTP AUTH (RFC 4954): each mechanism's dialog byte for byte (RFC 2195 §2 and
// RFC 7677 §3 from the client's side), the initial response where it fits, refusals that fail the
// session, challenges it cancels, AUTH= on MAIL FROM; then client against server for every mechanism.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/smtp/client.hpp"
#include "sim/proto/smtp/server.hpp"
#include "support/transcript.hpp"

using namespace mailsim::smtp;
namespace sasl = mailsim::sasl;
using mailsim::test::play_client;

namespace {

ClientJob submit(sasl::Mechanism m, std::string user = "tim", std::string password = "tanstaaftanstaaf") {
  ClientJob j;
  j.helo_name = "pc.home.example";
  j.mail_from = "tim@school.example";
  j.rcpt_to = {"bob@home.example"};
  j.data = "Subject: hi\r\n\r\nhello\r\n";
  j.auth = sasl::ClientOptions{m, std::move(user), std::move(password), "", "rOprNGfwEbeRWgbNEkqO", 100000};
  return j;
}

constexpr const char* kGreetingAndEhlo = R"(
  S: 220 postoffice.reston.mci.net ESMTP
  C: EHLO pc.home.example
)";

// The rest of a delivery after 235, without PIPELINING.
constexpr const char* kDelivery = R"(
  C: MAIL FROM:<tim@school.example>
  S: 250 2.1.0 Ok
  C: RCPT TO:<bob@home.example>
  S: 250 2.1.5 Ok
  C: DATA
  S: 354 End data with <CR><LF>.<CR><LF>
  C: Subject: hi
  C:
  C: hello
  C: .
  S: 250 2.0.0 Ok: queued as 4F1A2
  C: QUIT
  S: 221 2.0.0 Bye
)";

std::string dialog(std::string_view middle) { return std::string(kGreetingAndEhlo) + std::string(middle) + kDelivery; }

}  // namespace

TEST_CASE("client AUTH PLAIN: the initial response with the command, then the transaction") {
  Client c(submit(sasl::Mechanism::Plain));
  play_client(c, dialog(R"(
  S: 250-postoffice.reston.mci.net
  S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256
  S: 250 ENHANCEDSTATUSCODES
  C: AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm
  S: 235 2.7.0 Authentication successful
)"));
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
  CHECK_FALSE(c.table_miss());
}

TEST_CASE("client AUTH LOGIN: no initial response, user and password answer the two 334s") {
  Client c(submit(sasl::Mechanism::Login));
  play_client(c, dialog(R"(
  S: 250-postoffice.reston.mci.net
  S: 250 AUTH LOGIN
  C: AUTH LOGIN
  S: 334 VXNlcm5hbWU6
  C: dGlt
  S: 334 UGFzc3dvcmQ6
  C: dGFuc3RhYWZ0YW5zdGFhZg==
  S: 235 2.7.0 Authentication successful
)"));
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
}

TEST_CASE("client AUTH CRAM-MD5: RFC 2195 §2 from the client's side") {
  Client c(submit(sasl::Mechanism::CramMd5));
  play_client(c, dialog(R"(
  S: 250-postoffice.reston.mci.net
  S: 250 AUTH CRAM-MD5
  C: AUTH CRAM-MD5
  S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
  C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
  S: 235 2.7.0 Authentication successful
)"));
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
}

TEST_CASE("client AUTH SCRAM-SHA-256: RFC 7677 §3 from the client's side, the empty answer to v=") {
  Client c(submit(sasl::Mechanism::ScramSha256, "user", "pencil"));
  play_client(c, dialog(R"(
  S: 250-postoffice.reston.mci.net
  S: 250 AUTH SCRAM-SHA-256
  C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
  S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
  C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
  S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
  C:
  S: 235 2.7.0 Authentication successful
)"));
  CHECK(c.recipients()[0].status == RecipientStatus::Delivered);
}

TEST_CASE("client AUTH: 535 fails the session with that reply, 454 leaves it for a retry") {
  for (const char* refusal : {"535 5.7.8 Error: authentication failed", "454 4.7.0 Temporary authentication failure"}) {
    Client c(submit(sasl::Mechanism::Plain, "tim", "wrong"));
    play_client(c, std::string(kGreetingAndEhlo) + R"(
  S: 250-postoffice.reston.mci.net
  S: 250-AUTH PLAIN
  S: 250 ENHANCEDSTATUSCODES
  C: AUTH PLAIN AHRpbQB3cm9uZw==
  S: )" + refusal + R"(
  C: QUIT
  S: 221 2.0.0 Bye
)");
    CHECK(c.done());
    CHECK(c.session_error().summary() == refusal);
    CHECK(c.recipients()[0].status ==
          (refusal[0] == '5' ? RecipientStatus::PermFailed : RecipientStatus::TempFailed));
    CHECK(c.recipients()[0].reply == c.session_error());
  }
}

TEST_CASE("client AUTH: a server without AUTH, or without the mechanism, gets no password and no mail") {
  for (const char* ehlo : {"250-mx.example\r\n250 8BITMIME\r\n", "250-mx.example\r\n250 AUTH PLAIN LOGIN\r\n"}) {
    Client c(submit(sasl::Mechanism::CramMd5));
    c.feed("220 mx.example ESMTP\r\n");
    CHECK(c.feed(ehlo) == "QUIT\r\n");
    CHECK(c.session_error().summary() == "504 5.5.4 AUTH CRAM-MD5 is not offered by the server");
    CHECK(c.recipients()[0].status == RecipientStatus::PermFailed);
  }
  Client helo(submit(sasl::Mechanism::Plain));
  helo.feed("220 mx.example ESMTP\r\n");
  CHECK(helo.feed("502 5.5.2 Error: command not recognized\r\n") == "HELO pc.home.example\r\n");
  CHECK(helo.feed("250 mx.example\r\n") == "QUIT\r\n");
  CHECK(helo.session_error().summary() == "504 5.5.4 AUTH PLAIN is not offered by the server");
}

TEST_CASE("client AUTH: the old AUTH=mech form of the EHLO keyword counts too") {
  Client c(submit(sasl::Mechanism::Login));
  c.feed("220 mx.example ESMTP\r\n");
  CHECK(c.feed("250-mx.example\r\n250-AUTH=LOGIN PLAIN\r\n250 8BITMIME\r\n") == "AUTH LOGIN\r\n");
}

TEST_CASE("client AUTH: a challenge that is not base64, or a server that cannot prove itself, is cancelled") {
  Client bad(submit(sasl::Mechanism::Login));
  play_client(bad, std::string(kGreetingAndEhlo) + R"(
  S: 250-postoffice.reston.mci.net
  S: 250 AUTH LOGIN
  C: AUTH LOGIN
  S: 334 Username?
  C: *
  S: 501 5.0.0 Authentication aborted
  C: QUIT
  S: 221 2.0.0 Bye
)");
  CHECK(bad.session_error().summary() == "0 AUTH cancelled: the challenge is not base64");
  CHECK(bad.recipients()[0].status == RecipientStatus::TempFailed);

  // RFC 7677's exchange with the server's signature changed ("6rri..." to "7rri..."): the server does
  // not know the verifier, so its 235 would mean nothing.
  Client scram(submit(sasl::Mechanism::ScramSha256, "user", "pencil"));
  play_client(scram, std::string(kGreetingAndEhlo) + R"(
  S: 250-postoffice.reston.mci.net
  S: 250 AUTH SCRAM-SHA-256
  C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
  S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
  C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
  S: 334 dj03cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
  C: *
  S: 501 5.0.0 Authentication aborted
  C: QUIT
  S: 221 2.0.0 Bye
)");
  CHECK(scram.session_error().summary() ==
        "0 AUTH cancelled: SCRAM server signature does not match: the server does not know the verifier");
  CHECK(scram.state() == ClientState::Done);
}

TEST_CASE("client AUTH: a 235 before SCRAM's server proof is not believed") {
  Client c(submit(sasl::Mechanism::ScramSha256, "user", "pencil"));
  c.feed("220 mx.example ESMTP\r\n");
  c.feed("250-mx.example\r\n250 AUTH SCRAM-SHA-256\r\n");
  CHECK(c.feed("235 2.7.0 Authentication successful\r\n") == "QUIT\r\n");
  CHECK(c.session_error().summary() == "0 235 before the exchange was complete: the server did not prove itself");
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
}

TEST_CASE("client AUTH: an initial response too long for the command line waits for the empty 334") {
  const std::string password(400, 'p');
  Client c(submit(sasl::Mechanism::Plain, "tim", password));
  c.feed("220 mx.example ESMTP\r\n");
  CHECK(c.feed("250-mx.example\r\n250 AUTH PLAIN\r\n") == "AUTH PLAIN\r\n");
  CHECK(c.feed("334 \r\n") == sasl::base64_encode(std::string("\0tim\0", 5) + password) + "\r\n");
  CHECK(c.state() == ClientState::AwaitAuth);
  // 500 octets still fit: "AUTH PLAIN " + 488 + CRLF = 501.
  Client fits(submit(sasl::Mechanism::Plain, "tim", std::string(361, 'p')));
  fits.feed("220 mx.example ESMTP\r\n");
  const std::string line = fits.feed("250-mx.example\r\n250 AUTH PLAIN\r\n");
  CHECK(line.size() <= 512);
  CHECK(line.starts_with("AUTH PLAIN AHRpbQBwcHBw"));
}

TEST_CASE("client AUTH: AUTH= on MAIL FROM to a server offering AUTH, pipelined after 235") {
  ClientJob j = submit(sasl::Mechanism::Plain);
  j.mail_auth = "tim+x=y@school.example";
  Client c(j);
  c.feed("220 mx.example ESMTP\r\n");
  c.feed("250-mx.example\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n");
  CHECK(c.feed("235 2.7.0 Authentication successful\r\n") ==
        "MAIL FROM:<tim@school.example> AUTH=tim+2Bx+3Dy@school.example\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n");
  ClientJob relay;
  relay.helo_name = "relay.example";
  relay.mail_from = "tim@school.example";
  relay.rcpt_to = {"bob@home.example"};
  relay.mail_auth = "";
  Client r(relay);
  r.feed("220 mx.example ESMTP\r\n");
  CHECK(r.feed("250-mx.example\r\n250 AUTH PLAIN\r\n") == "MAIL FROM:<tim@school.example> AUTH=<>\r\n");
  Client plain(relay);
  plain.feed("220 mx.example ESMTP\r\n");
  CHECK(plain.feed("250 mx.example\r\n") == "MAIL FROM:<tim@school.example>\r\n");  // no AUTH offered
}

TEST_CASE("client AUTH: the states it walks, and 421 or a lost connection in the middle") {
  Client c(submit(sasl::Mechanism::Login));
  c.feed("220 mx.example ESMTP\r\n");
  c.feed("250-mx.example\r\n250 AUTH LOGIN\r\n");
  CHECK(c.state() == ClientState::AwaitAuth);
  c.feed("334 VXNlcm5hbWU6\r\n");
  CHECK(c.state() == ClientState::AwaitAuth);
  CHECK(c.feed("421 4.3.2 Shutting down\r\n") == "");
  CHECK(c.done());
  CHECK(c.recipients()[0].status == RecipientStatus::TempFailed);
  Client lost(submit(sasl::Mechanism::Login));
  lost.feed("220 mx.example ESMTP\r\n");
  lost.feed("250-mx.example\r\n250 AUTH LOGIN\r\n");
  lost.feed("334 \r\n");
  lost.feed("334 Pw=\r\n");  // not base64: cancelled
  CHECK(lost.state() == ClientState::AwaitAuthCancel);
  lost.connection_lost();
  CHECK(lost.done());
  CHECK_FALSE(lost.table_miss());
  const ClientTransition* row = find_client_transition(ClientState::AwaitEhlo, ClientEvent::Authenticate);
  REQUIRE(row != nullptr);
  CHECK(row->to == ClientState::AwaitAuth);
  CHECK(find_client_transition(ClientState::AwaitAuth, ClientEvent::AuthAccepted)->to == ClientState::AwaitMail);
}

namespace {
// Runs a client against a server in memory until the client is done.
void converse(Client& client, Server& server) {
  std::string to_client = server.start();
  for (int i = 0; i < 50 && !client.done(); ++i) {
    const std::string to_server = client.feed(to_client);
    to_client = server.feed(to_server);
  }
}
}  // namespace

TEST_CASE("client against server: every mechanism logs in with the right password and is refused a wrong one") {
  std::map<std::string, sasl::Credentials> store;
  store["tim"].password = "tanstaaftanstaaf";
  for (const sasl::Mechanism m : sasl::all_mechanisms()) {
    for (const bool right : {true, false}) {
      INFO(sasl::mechanism_name(m) << (right ? " right" : " wrong"));
      ServerConfig config;
      config.hostname = "mx.example";
      config.smtpd_sasl_auth_enable = true;
      ServerHooks hooks;
      hooks.lookup_credentials = [&](const sasl::LookupRequest& r) {
        return store.count(r.user) ? sasl::Lookup::found(store[r.user]) : sasl::Lookup::unknown();
      };
      hooks.sasl_nonce = [] { return "4711.42"; };
      std::string received;
      hooks.accept_message = [&](const Envelope& e, const std::string& data) {
        received = e.sasl_username + " " + data;
        return make_reply(250, "2.0.0", "Ok");
      };
      Server server(config, hooks);
      Client client(submit(m, "tim", right ? "tanstaaftanstaaf" : "tanstaaf"));
      converse(client, server);
      CHECK(client.done());
      CHECK(client.recipients()[0].status == (right ? RecipientStatus::Delivered : RecipientStatus::PermFailed));
      CHECK(received == (right ? "tim Subject: hi\r\n\r\nhello\r\n" : ""));
      if (!right) CHECK(client.session_error().summary() == "535 5.7.8 Error: authentication failed");
      CHECK_FALSE(server.table_miss());
      CHECK_FALSE(client.table_miss());
    }
  }
}
