// SMTP AUTH (RFC 4954) with PLAIN, LOGIN, CRAM-MD5 and SCRAM-SHA-256: every success and failure path
// as a byte-exact transcript, the published vectors (RFC 2195 §2, RFC 7677 §3) as SMTP dialogs, the
// 334 line mode, pending credential lookups and pipelining, AUTH= on MAIL FROM.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/smtp/xtext.hpp"
#include "smtp_server/transcript.hpp"

using namespace mailsim::smtp;
using namespace smtp_test;
namespace sasl = mailsim::sasl;

namespace {

// alice keeps a plaintext password; "user" only RFC 7677's SCRAM verifier (salt W22Z..., 4096).
std::map<std::string, sasl::Credentials> accounts() {
  std::map<std::string, sasl::Credentials> store;
  store["alice"].password = "secret";
  store["tim"].password = "tanstaaftanstaaf";
  store["user"].scram_sha256 = sasl::scram_sha256_verifier("pencil", *sasl::base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  return store;
}

// A submission server whose nonces are those of the RFC examples: CRAM-MD5's msg-id is RFC 2195's,
// SCRAM's server nonce RFC 7677's.
ServerConfig submission() {
  ServerConfig c;
  c.hostname = "postoffice.reston.mci.net";
  c.smtpd_sasl_auth_enable = true;
  return c;
}

struct Lookups {
  std::map<std::string, sasl::Credentials> store = accounts();
  std::vector<std::string> asked;  // "user method service", in order
  bool later = false;              // answer pending, the test resumes
  std::string nonce = "1896.697170952";
  ServerHooks hooks() {
    ServerHooks h;
    h.lookup_credentials = [this](const sasl::LookupRequest& r) {
      asked.push_back(r.user + " " + r.method + " " + r.service);
      if (later) return sasl::Lookup::pending();
      const auto it = store.find(r.user);
      return it == store.end() ? sasl::Lookup::unknown() : sasl::Lookup::found(it->second);
    };
    h.sasl_nonce = [this] { return nonce; };
    return h;
  }
  sasl::Lookup answer(const std::string& user) const {
    const auto it = store.find(user);
    return it == store.end() ? sasl::Lookup::unknown() : sasl::Lookup::found(it->second);
  }
};

Server ehloed(Lookups& lookups, ServerConfig config = submission()) {
  Server s(std::move(config), lookups.hooks());
  s.start();
  s.feed("EHLO client.example\r\n");
  return s;
}

}  // namespace

TEST_CASE("AUTH: EHLO offers the configured mechanisms, in order, from the command table's keyword") {
  Lookups l;
  Server s(submission(), l.hooks());
  s.start();
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-postoffice.reston.mci.net
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
)"));
  ServerConfig two = submission();
  two.sasl_mechanisms = {sasl::Mechanism::ScramSha256, sasl::Mechanism::CramMd5};
  Server t(two, l.hooks());
  t.start();
  CHECK(t.feed("EHLO client.example\r\n").find("250-AUTH SCRAM-SHA-256 CRAM-MD5\r\n") != std::string::npos);
  CHECK(play(t, R"(
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 504 5.5.4 Unrecognized authentication type
)"));
}

TEST_CASE("AUTH PLAIN with an initial response: 235, the identity in the envelope, then mail") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<alice@school.example>
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().sasl_method == "PLAIN");
  CHECK(s.envelope().sasl_username == "alice");
  CHECK(l.asked == std::vector<std::string>{"alice PLAIN smtp"});
  CHECK(s.state() == ServerState::Mail);
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("AUTH PLAIN without an initial response: an empty 334 first, the exchange in state Auth") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: auth plain
S: 334 
)"));
  CHECK(s.state() == ServerState::Auth);
  CHECK(play(s, R"(
C: AGFsaWNlAHNlY3JldA==
S: 235 2.7.0 Authentication successful
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().sasl_username == "alice");
}

TEST_CASE("AUTH PLAIN: a wrong password and an unknown user get the same 535, and may try again") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN AGFsaWNlAHdyb25n
S: 535 5.7.8 Error: authentication failed
C: AUTH PLAIN AG1hbGxvcnkAc2VjcmV0
S: 535 5.7.8 Error: authentication failed
C: MAIL FROM:<alice@school.example>
S: 250 2.1.0 Ok
C: RSET
S: 250 2.0.0 Ok
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 235 2.7.0 Authentication successful
)"));
  CHECK(l.asked == std::vector<std::string>{"alice PLAIN smtp", "mallory PLAIN smtp", "alice PLAIN smtp"});
}

TEST_CASE("AUTH PLAIN: an authzid naming someone else fails, a malformed message says why") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN Ym9iAGFsaWNlAHNlY3JldA==
S: 535 5.7.8 Error: authentication failed
C: AUTH PLAIN =
S: 535 5.7.8 Error: authentication failed: PLAIN message is not authzid NUL authcid NUL passwd
C: AUTH PLAIN YWxpY2U=
S: 535 5.7.8 Error: authentication failed: PLAIN message is not authzid NUL authcid NUL passwd
)"));
  CHECK(s.envelope().sasl_username.empty());
}

TEST_CASE("AUTH LOGIN: Username:, Password:, and the empty initial response") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: d3Jvbmc=
S: 535 5.7.8 Error: authentication failed
C: AUTH LOGIN =
S: 334 VXNlcm5hbWU6
C: YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: c2VjcmV0
S: 235 2.7.0 Authentication successful
)"));
  CHECK(s.envelope().sasl_method == "LOGIN");
  CHECK(s.envelope().sasl_username == "alice");
}

TEST_CASE("AUTH LOGIN with the user name as initial response") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH LOGIN YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: c2VjcmV0
S: 235 2.7.0 Authentication successful
)"));
}

TEST_CASE("AUTH CRAM-MD5: RFC 2195 §2's challenge and response as an SMTP dialog") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH CRAM-MD5
S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
S: 235 2.7.0 Authentication successful
)"));
  CHECK(s.envelope().sasl_method == "CRAM-MD5");
  CHECK(s.envelope().sasl_username == "tim");
}

TEST_CASE("AUTH CRAM-MD5: a wrong digest, an initial response, and a store that keeps only a verifier") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH CRAM-MD5
S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkx
S: 535 5.7.8 Error: authentication failed
C: AUTH CRAM-MD5 dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
S: 535 5.7.8 Error: authentication failed: CRAM-MD5 is server-first: no initial response
C: AUTH CRAM-MD5
S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
C: dXNlciBiOTEzYTYwMmM3ZWRhN2E0OTViNGU2ZTczMzRkMzg5MA==
S: 535 5.7.8 Error: authentication failed
)"));
}

TEST_CASE("AUTH SCRAM-SHA-256: RFC 7677 §3's exchange as an SMTP dialog, from a stored verifier") {
  Lookups l;
  l.nonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  Server s = ehloed(l);
  // n,,n=user,r=rOprNGfwEbeRWgbNEkqO / r=...,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096 / c=biws,r=...,p=dHzb... /
  // v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4= (additional data, answered with an empty line).
  CHECK(play(s, R"(
C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
)"));
  CHECK(s.envelope().sasl_username.empty());  // not before the client has seen the server's proof
  CHECK(play(s, R"(
C:
S: 235 2.7.0 Authentication successful
)"));
  CHECK(s.envelope().sasl_method == "SCRAM-SHA-256");
  CHECK(s.envelope().sasl_username == "user");
}

TEST_CASE("AUTH SCRAM-SHA-256: without an initial response, a wrong proof, a non-empty last answer") {
  Lookups l;
  l.nonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  Server s = ehloed(l);
  // The proof of RFC 7677 with its last octet changed ("...ndVQ=" to "...ndVE=").
  CHECK(play(s, R"(
C: AUTH SCRAM-SHA-256
S: 334 
C: biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZFPQ==
S: 535 5.7.8 Error: authentication failed
C: AUTH SCRAM-SHA-256 =
S: 535 5.7.8 Error: authentication failed: SCRAM client-first-message has no gs2 header
C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
C: dGhhbmtz
S: 535 5.7.8 Error: authentication failed: the answer to additional data with success must be empty
)"));
  CHECK(s.envelope().sasl_username.empty());
}

TEST_CASE("AUTH: * cancels the exchange of every mechanism with 501 5.0.0") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN
S: 334 
C: *
S: 501 5.0.0 Authentication aborted
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: *
S: 501 5.0.0 Authentication aborted
C: AUTH CRAM-MD5
S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
C: *
S: 501 5.0.0 Authentication aborted
C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
S: 334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTzE4OTYuNjk3MTcwOTUyLHM9VzIyWmFKMFNOWTdzb0VzVUVqYjZnUT09LGk9NDA5Ng==
C: *
S: 501 5.0.0 Authentication aborted
C: NOOP
S: 250 2.0.0 Ok
)"));
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.envelope().sasl_username.empty());
}

TEST_CASE("AUTH: bad base64 in the initial response or in a response is 501 5.5.2") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN AGFsaWNlAHNlY3JldA=
S: 501 5.5.2 Cannot decode response
C: AUTH PLAIN
S: 334 
C: AGFsaWNl AHNlY3JldA==
S: 501 5.5.2 Cannot decode response
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: alice
S: 501 5.5.2 Cannot decode response
)"));
  CHECK(l.asked.empty());
}

TEST_CASE("AUTH twice is 503, also after RSET and a new EHLO, and so is AUTH during a transaction") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 235 2.7.0 Authentication successful
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 503 5.5.1 Error: already authenticated
C: RSET
S: 250 2.0.0 Ok
C: EHLO client.example
S: 250-postoffice.reston.mci.net
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: AUTH LOGIN
S: 503 5.5.1 Error: already authenticated
)"));
  CHECK(s.envelope().sasl_username == "alice");
  Server t = ehloed(l);
  CHECK(play(t, R"(
C: MAIL FROM:<alice@school.example>
S: 250 2.1.0 Ok
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 503 5.5.1 Error: MAIL transaction in progress
C: RCPT TO:<bob@home.example>
S: 250 2.1.5 Ok
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 503 5.5.1 Error: MAIL transaction in progress
)"));
  CHECK(t.state() == ServerState::Rcpt);
  CHECK(t.envelope().sasl_username.empty());
}

TEST_CASE("AUTH: unknown mechanism 504, syntax 501, before EHLO, after HELO and when not enabled 503") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH GSSAPI
S: 504 5.5.4 Unrecognized authentication type
C: AUTH SCRAM-SHA-1 biws
S: 504 5.5.4 Unrecognized authentication type
C: AUTH
S: 501 5.5.4 Syntax: AUTH mechanism [initial-response]
C: AUTH PLAIN AGFsaWNlAHNlY3JldA== extra
S: 501 5.5.4 Syntax: AUTH mechanism [initial-response]
)"));
  Server before(submission(), l.hooks());
  before.start();
  CHECK(play(before, R"(
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 503 5.5.1 Error: send HELO/EHLO first
C: HELO client.example
S: 250 postoffice.reston.mci.net
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 503 5.5.1 Error: authentication not enabled
)"));
  Server mx = greeted(mx_config(), l.hooks());
  CHECK(play(mx, R"(
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 503 5.5.1 Error: authentication not enabled
)"));
  CHECK(l.asked.empty());
}

TEST_CASE("AUTH only inside TLS (smtpd_tls_auth_only): not offered, 538 5.7.11") {
  Lookups l;
  ServerConfig c = submission();
  c.smtpd_tls_auth_only = true;
  Server s(c, l.hooks());
  s.start();
  CHECK(play(s, R"(
C: EHLO client.example
S: 250-postoffice.reston.mci.net
S: 250-PIPELINING
S: 250-SIZE 10485760
S: 250-ENHANCEDSTATUSCODES
S: 250 8BITMIME
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 538 5.7.11 Encryption required for requested authentication mechanism
C: MAIL FROM:<alice@school.example> AUTH=<>
S: 555 5.5.4 Unsupported option: AUTH=<>
)"));
  CHECK(l.asked.empty());
}

TEST_CASE("AUTH: a pending lookup holds the pipelined commands, its answer lets them through as authenticated") {
  Lookups l;
  l.later = true;
  Server s = ehloed(l);
  CHECK(s.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nMAIL FROM:<alice@school.example> AUTH=alice@school.example\r\n"
               "RCPT TO:<bob@home.example>\r\n") == "");
  CHECK(s.waiting());
  CHECK(l.asked == std::vector<std::string>{"alice PLAIN smtp"});
  // A reply is not the lookup's answer: it ends the exchange, and cannot authenticate.
  CHECK(s.resume(make_reply(250, "2.1.0", "Ok")) ==
        "454 4.7.0 Temporary authentication failure\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
  CHECK(s.envelope().sasl_username.empty());
  CHECK(s.envelope().mail_auth == std::optional<std::string>(""));  // not authenticated: as AUTH=<>

  Server t = ehloed(l);
  CHECK(t.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nMAIL FROM:<alice@school.example> AUTH=alice@school.example\r\n"
               "RCPT TO:<bob@home.example>\r\n") == "");
  CHECK(t.resume(sasl::Lookup::pending()) == "");  // not an answer
  CHECK(t.resume(l.answer("alice")) == "235 2.7.0 Authentication successful\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
  CHECK(t.envelope().sasl_username == "alice");
  CHECK(t.envelope().mail_auth == std::optional<std::string>("alice@school.example"));
  CHECK(t.resume(l.answer("alice")) == "");  // nothing pending any more
  CHECK_FALSE(t.table_miss());
}

TEST_CASE("AUTH: a pending lookup in the middle of SCRAM, an unavailable one is 454") {
  Lookups l;
  l.later = true;
  l.nonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  Server s = ehloed(l);
  CHECK(s.feed("AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=\r\n") == "");
  CHECK(s.state() == ServerState::Greeted);
  CHECK(s.resume(l.answer("user")) ==
        "334 cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=\r\n");
  CHECK(s.state() == ServerState::Auth);
  CHECK(play(s, R"(
C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
S: 334 dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
C:
S: 235 2.7.0 Authentication successful
)"));
  CHECK(l.asked.size() == 1);  // the verifier is looked up once

  Server down = ehloed(l);
  CHECK(down.feed("AUTH LOGIN\r\nYWxpY2U=\r\nc2VjcmV0\r\nQUIT\r\n") == "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n");
  CHECK(down.resume(sasl::Lookup::unavailable()) == "454 4.7.0 Temporary authentication failure\r\n221 2.0.0 Bye\r\n");
  CHECK(down.closed());
}

TEST_CASE("AUTH LOGIN pipelined whole: the responses are read in the exchange, the next command after it") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH LOGIN
C: YWxpY2U=
C: c2VjcmV0
C: MAIL FROM:<alice@school.example>
S: 334 VXNlcm5hbWU6
S: 334 UGFzc3dvcmQ6
S: 235 2.7.0 Authentication successful
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().sasl_username == "alice");
}

TEST_CASE("AUTH: a command sent instead of a response is taken as one, as on the wire") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: AUTH PLAIN
C: MAIL FROM:<alice@school.example>
C: RCPT TO:<bob@home.example>
S: 334 
S: 501 5.5.2 Cannot decode response
S: 503 5.5.1 Error: need MAIL command
)"));
}

TEST_CASE("AUTH: response lines up to 12288 octets are read, longer ones end the exchange with 500 5.5.6") {
  Lookups l;
  Server s = ehloed(l);
  s.feed("AUTH PLAIN\r\n");
  // 4000 octets of base64 (3000 decoded): read whole, then refused by PLAIN's own limits.
  CHECK(s.feed(std::string(4000, 'Q') + "\r\n") ==
        "535 5.7.8 Error: authentication failed: PLAIN message is not authzid NUL authcid NUL passwd\r\n");
  s.feed("AUTH PLAIN\r\n");
  CHECK(s.feed(std::string(13000, 'Q') + "\r\nNOOP\r\n") ==
        "500 5.5.6 Authentication Exchange line is too long\r\n250 2.0.0 Ok\r\n");
  CHECK(s.buffered() == 0);
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("AUTH: a password guesser is cut off at the error limit") {
  Lookups l;
  ServerConfig c = submission();
  c.max_errors = 3;
  Server s = ehloed(l, c);
  CHECK(play(s, R"(
C: AUTH PLAIN AGFsaWNlAHdyb25n
C: AUTH PLAIN AGFsaWNlAHdyb25n
C: AUTH PLAIN AGFsaWNlAHdyb25n
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 535 5.7.8 Error: authentication failed
S: 535 5.7.8 Error: authentication failed
S: 535 5.7.8 Error: authentication failed
S: 421 4.7.0 postoffice.reston.mci.net Error: too many errors
)"));
  CHECK(s.closed());
  CHECK(l.asked.size() == 3);
}

TEST_CASE("MAIL FROM's AUTH= (RFC 4954 §5): kept from an authenticated client, <> from anyone else") {
  Lookups l;
  Server s = ehloed(l);
  CHECK(play(s, R"(
C: MAIL FROM:<alice@school.example> AUTH=<>
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().mail_auth == std::optional<std::string>(""));
  CHECK(play(s, R"(
C: RSET
S: 250 2.0.0 Ok
C: MAIL FROM:<alice@school.example> AUTH=alice@school.example
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().mail_auth == std::optional<std::string>(""));  // not authenticated: not trusted
  CHECK(play(s, R"(
C: RSET
S: 250 2.0.0 Ok
C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<alice@school.example> AUTH=a+2Bb@school.example
S: 250 2.1.0 Ok
)"));
  CHECK(s.envelope().mail_auth == std::optional<std::string>("a+b@school.example"));
  CHECK(play(s, R"(
C: RSET
S: 250 2.0.0 Ok
C: MAIL FROM:<alice@school.example>
S: 250 2.1.0 Ok
C: RSET
S: 250 2.0.0 Ok
C: MAIL FROM:<alice@school.example> AUTH=a+2
S: 501 5.5.4 Bad AUTH parameter syntax
C: MAIL FROM:<alice@school.example> AUTH=a+2b@x
S: 501 5.5.4 Bad AUTH parameter syntax
C: MAIL FROM:<alice@school.example> AUTH=
S: 501 5.5.4 Bad AUTH parameter syntax
)"));
  CHECK(s.envelope().mail_auth == std::nullopt);
  Server mx = greeted(mx_config(), {});
  CHECK(play(mx, R"(
C: MAIL FROM:<alice@school.example> AUTH=<>
S: 555 5.5.4 Unsupported option: AUTH=<>
)"));
}

TEST_CASE("AUTH: the session walks Greeted, Auth, Auth, Greeted through the table") {
  Lookups l;
  Server s = ehloed(l);
  s.feed("AUTH LOGIN\r\n");
  CHECK(s.state() == ServerState::Auth);
  s.feed("YWxpY2U=\r\n");
  CHECK(s.state() == ServerState::Auth);
  s.feed("c2VjcmV0\r\n");
  CHECK(s.state() == ServerState::Greeted);
  const Transition* row = find_transition(ServerState::Greeted, Command::Auth);
  REQUIRE(row != nullptr);
  CHECK(row->next(235) == ServerState::Greeted);
  CHECK(row->next(334) == ServerState::Auth);
  CHECK(row->next(535) == ServerState::Greeted);
  CHECK(find_transition(ServerState::Data, Command::EndOfData)->next(354) == ServerState::Greeted);
  CHECK(find_transition(ServerState::Rcpt, Command::Data)->next(354) == ServerState::Data);
  CHECK(to_string(ServerState::Auth) == "Auth");
  CHECK(to_string(Command::AuthResponse) == "SASL response");
  CHECK_FALSE(s.table_miss());
}

TEST_CASE("AUTH in the diagram: the exchange's three outcomes") {
  const mailsim::proto::Diagram d = server_diagram();
  CHECK(d.find("Greeted", "Auth", "AUTH")->label() == "AUTH 3xx");
  CHECK(d.find("Auth", "Auth", "SASL response")->label() == "SASL response 3xx");
  const auto* done = d.find("Auth", "Greeted", "SASL response");
  REQUIRE(done != nullptr);
  CHECK(done->label() == "SASL response 2xx");
  CHECK(d.find("Auth", "Closed", "421/521") != nullptr);
}

TEST_CASE("xtext (RFC 3461 §4): +, = and octets outside ! to ~ as +XX, the rest as is") {
  CHECK(xtext_encode("a+b=c@x.example") == "a+2Bb+3Dc@x.example");
  CHECK(xtext_encode("sp ace\x7f") == "sp+20ace+7F");
  CHECK(xtext_encode("<>") == "<>");
  CHECK(xtext_decode("a+2Bb+3Dc@x.example") == std::optional<std::string>("a+b=c@x.example"));
  CHECK_FALSE(xtext_decode("a+2b").has_value());
  CHECK_FALSE(xtext_decode("a+2").has_value());
  CHECK_FALSE(xtext_decode("a=b").has_value());
  CHECK_FALSE(xtext_decode("a b").has_value());
}
