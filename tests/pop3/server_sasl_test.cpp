// POP3 logins beyond USER/PASS: APOP (RFC 1939 §7, its own example) and AUTH (RFC 5034) with every
// mechanism (RFC 2195 §2 and RFC 7677 §3 as POP3 dialogs), CAPA's SASL tag, cancel, bad base64, the
// AUTH EXCHANGE line mode, and credential lookups that answer later.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "pop3/fixture.hpp"
#include "sim/proto/pop3/diagram.hpp"
#include "sim/proto/pop3/server.hpp"
#include "sim/proto/sasl/base64.hpp"

using namespace mailsim;
using test::play_server;

namespace {

pop3::ServerConfig sasl_config(std::string hostname = "pop.example") {
  pop3::ServerConfig c = test::pop3_config();
  c.hostname = std::move(hostname);
  c.apop = true;
  c.sasl_mechanisms = sasl::all_mechanisms();
  return c;
}

// The fixture's store, with the RFC examples' users added: mrose (RFC 1939 §7), tim (RFC 2195),
// user (RFC 7677: the lookup knows only its SCRAM verifier).
mailstore::MailStore rfc_store() {
  mailstore::MailStore store = test::pop3_store();
  store.add_account("mrose", "tanstaaf", 5);
  store.add_account("tim", "tanstaaftanstaaf", 6);
  store.add_account("user", "", 8);
  return store;
}

struct Lookups {
  mailstore::MailStore* store = nullptr;
  std::vector<std::string> asked;
  bool later = false;
  std::string nonce = "1896.697170952";
  sasl::Lookup answer(const std::string& user) const {
    if (user == "user")
      return sasl::Lookup::found(sasl::Credentials{
          std::nullopt, sasl::scram_sha256_verifier("pencil", *sasl::base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096)});
    const mailstore::Account* a = store->find(user);
    return a ? sasl::Lookup::found(sasl::Credentials{a->password, std::nullopt}) : sasl::Lookup::unknown();
  }
  pop3::ServerHooks hooks() {
    pop3::ServerHooks h;
    h.lookup_credentials = [this](const sasl::LookupRequest& r) {
      asked.push_back(r.user + " " + r.method + " " + r.service);
      return later ? sasl::Lookup::pending() : answer(r.user);
    };
    h.nonce = [this] { return nonce; };
    return h;
  }
};

// Plays `transcript` block by block and byte by byte, each on a fresh store and server.
void dialog(std::string_view transcript, pop3::ServerConfig config = sasl_config()) {
  for (const bool bytewise : {false, true}) {
    mailstore::MailStore store = rfc_store();
    Lookups l;
    l.store = &store;
    pop3::Server server(config, store, l.hooks());
    play_server(server, transcript, bytewise);
    CHECK_FALSE(server.table_miss());
  }
}

}  // namespace

TEST_CASE("CAPA lists SASL and the configured mechanisms, from the AUTH row's tag") {
  dialog(R"(
    S: +OK pop.example POP3 server ready <1896.697170952@pop.example>
    C: CAPA
    S: +OK Capability list follows
    S: USER
    S: TOP
    S: UIDL
    S: SASL PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256
    S: RESP-CODES
    S: PIPELINING
    S: .
  )");
}

TEST_CASE("APOP: RFC 1939 §7's example, the msg-id in the greeting") {
  dialog(R"(
    S: +OK dbc.mtview.ca.us POP3 server ready <1896.697170952@dbc.mtview.ca.us>
    C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
    S: +OK maildrop has 0 messages (0 octets)
    C: QUIT
    S: +OK dbc.mtview.ca.us POP3 server signing off (maildrop empty)
  )", sasl_config("dbc.mtview.ca.us"));
}

TEST_CASE("APOP: a wrong digest or user, missing arguments, and APOP when it is off") {
  dialog(R"(
    S: +OK pop.example POP3 server ready <1896.697170952@pop.example>
    C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
    S: -ERR [AUTH] Authentication failed.
    C: APOP nobody c4c9334bac560ecc979e58001b3e22fb
    S: -ERR [AUTH] Authentication failed.
    C: APOP mrose
    S: -ERR missing argument
    C: APOP mrose c4c9 extra
    S: -ERR too many arguments
  )");
  dialog(R"(
    S: +OK pop.example POP3 server ready
    C: APOP mrose c4c9334bac560ecc979e58001b3e22fb
    S: -ERR APOP not enabled
    C: CAPA
    S: +OK Capability list follows
    S: USER
    S: TOP
    S: UIDL
    S: RESP-CODES
    S: PIPELINING
    S: .
  )", test::pop3_config());
}

TEST_CASE("APOP needs the plaintext secret: a user known only by a SCRAM verifier cannot use it") {
  mailstore::MailStore store = rfc_store();
  Lookups l;
  l.store = &store;
  pop3::Server s(sasl_config("dbc.mtview.ca.us"), store, l.hooks());
  s.start();
  CHECK(s.feed("APOP user c4c9334bac560ecc979e58001b3e22fb\r\n") == "-ERR [AUTH] Authentication failed.\r\n");
  CHECK(l.asked == std::vector<std::string>{"user APOP pop3"});
}

TEST_CASE("AUTH PLAIN with and without the initial response opens the maildrop") {
  dialog(R"(
    S: +OK pop.example POP3 server ready <1896.697170952@pop.example>
    C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
    S: +OK maildrop has 3 messages (192 octets)
    C: STAT
    S: +OK 3 192
  )");
  dialog(R"(
    S: +OK pop.example POP3 server ready <1896.697170952@pop.example>
    C: auth plain
    S: + 
    C: AGFsaWNlAHNlY3JldA==
    S: +OK maildrop has 3 messages (192 octets)
  )");
}

TEST_CASE("AUTH LOGIN, and a wrong password that may be tried again") {
  dialog(R"(
    S: +OK pop.example POP3 server ready <1896.697170952@pop.example>
    C: AUTH LOGIN
    S: + VXNlcm5hbWU6
    C: YWxpY2U=
    S: + UGFzc3dvcmQ6
    C: d3Jvbmc=
    S: -ERR [AUTH] Authentication failed.
    C: AUTH LOGIN =
    S: + VXNlcm5hbWU6
    C: YWxpY2U=
    S: + UGFzc3dvcmQ6
    C: c2VjcmV0
    S: +OK maildrop has 3 messages (192 octets)
  )");
}

TEST_CASE("AUTH CRAM-MD5: RFC 2195 §2's exchange as a POP3 dialog") {
  dialog(R"(
    S: +OK postoffice.reston.mci.net POP3 server ready <1896.697170952@postoffice.reston.mci.net>
    C: AUTH CRAM-MD5
    S: + PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+
    C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw
    S: +OK maildrop has 0 messages (0 octets)
  )", sasl_config("postoffice.reston.mci.net"));
}

TEST_CASE("AUTH SCRAM-SHA-256: RFC 7677 §3's exchange as a POP3 dialog, from a stored verifier") {
  mailstore::MailStore store = rfc_store();
  Lookups l;
  l.store = &store;
  l.nonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  pop3::ServerConfig c = sasl_config();
  c.apop = false;
  pop3::Server s(c, store, l.hooks());
  play_server(s, R"(
    S: +OK pop.example POP3 server ready
    C: AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
    S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
    C: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
    S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
    C:
    S: +OK maildrop has 0 messages (0 octets)
  )");
  CHECK(s.state() == pop3::State::Transaction);
  CHECK(s.user() == "user");
  CHECK(l.asked == std::vector<std::string>{"user SCRAM-SHA-256 pop3"});
}

TEST_CASE("AUTH: * cancels, bad base64, unknown mechanisms, syntax, and AUTH in TRANSACTION") {
  dialog(R"(
    S: +OK pop.example POP3 server ready <1896.697170952@pop.example>
    C: AUTH CRAM-MD5
    S: + PDE4OTYuNjk3MTcwOTUyQHBvcC5leGFtcGxlPg==
    C: *
    S: -ERR authentication aborted
    C: AUTH PLAIN AGFsaWNlAHNlY3JldA=
    S: -ERR cannot decode response
    C: AUTH PLAIN
    S: + 
    C: not base64
    S: -ERR cannot decode response
    C: AUTH GSSAPI
    S: -ERR Unrecognized authentication type
    C: AUTH
    S: -ERR missing argument
    C: AUTH PLAIN a b
    S: -ERR too many arguments
    C: AUTH PLAIN =
    S: -ERR [AUTH] Authentication failed: PLAIN message is not authzid NUL authcid NUL passwd
    C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
    S: +OK maildrop has 3 messages (192 octets)
    C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
    S: -ERR command not valid in TRANSACTION state
    C: APOP alice 0123
    S: -ERR command not valid in TRANSACTION state
  )");
  dialog(R"(
    S: +OK pop.example POP3 server ready
    C: AUTH PLAIN AGFsaWNlAHNlY3JldA==
    S: -ERR Unrecognized authentication type
  )", test::pop3_config());
}

TEST_CASE("AUTH: a maildrop locked by another session, and the error limit for guessers") {
  mailstore::MailStore store = rfc_store();
  pop3::Server first(sasl_config(), store);
  first.start();
  CHECK(first.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "+OK maildrop has 3 messages (192 octets)\r\n");
  pop3::Server second(sasl_config(), store);
  second.start();
  CHECK(second.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "-ERR [IN-USE] Mailbox is locked by another POP3 session\r\n");
  CHECK(second.state() == pop3::State::Authorization);
  pop3::ServerConfig c = sasl_config();
  c.max_errors = 2;
  pop3::Server guesser(c, store);
  guesser.start();
  CHECK(guesser.feed("AUTH PLAIN AGJvYgB3cm9uZw==\r\nAUTH PLAIN AGJvYgB3cm9uZw==\r\nNOOP\r\n") ==
        "-ERR [AUTH] Authentication failed.\r\n-ERR too many errors\r\n");
  CHECK(guesser.closed());
}

TEST_CASE("the AUTH EXCHANGE state: entered by a challenge, left by the answer, a too long line ends it") {
  mailstore::MailStore store = rfc_store();
  pop3::Server s(sasl_config(), store);
  s.start();
  s.feed("AUTH LOGIN\r\n");
  CHECK(s.state() == pop3::State::AuthExchange);
  CHECK(s.feed(std::string(600, 'Q') + "\r\n") == "-ERR line too long\r\n");
  CHECK(s.state() == pop3::State::Authorization);
  s.feed("AUTH LOGIN\r\n");
  s.feed("YWxpY2U=\r\n");
  CHECK(s.state() == pop3::State::AuthExchange);
  s.connection_lost();
  CHECK(s.closed());
  CHECK_FALSE(s.table_miss());
  CHECK(pop3::to_string(pop3::State::AuthExchange) == "AUTH EXCHANGE");
  const proto::Diagram d = pop3::server_diagram();
  CHECK(d.find("AUTHORIZATION", "AUTH EXCHANGE", "AUTH")->label() == "AUTH +");
  CHECK(d.find("AUTH EXCHANGE", "TRANSACTION", "SASL response")->label() == "SASL response +OK");
  CHECK(d.find("AUTH EXCHANGE", "AUTHORIZATION", "SASL response")->label() == "SASL response -ERR");
}

TEST_CASE("a pending lookup: PASS, APOP and AUTH wait, pipelined commands with them, until resume") {
  mailstore::MailStore store = rfc_store();
  Lookups l;
  l.store = &store;
  l.later = true;
  pop3::Server s(sasl_config(), store, l.hooks());
  s.start();
  CHECK(s.feed("USER alice\r\nPASS secret\r\nSTAT\r\n") == "+OK send PASS\r\n");
  CHECK(s.waiting());
  CHECK(s.feed("NOOP\r\n") == "");
  CHECK(s.resume(sasl::Lookup::pending()) == "");
  CHECK(s.resume(l.answer("alice")) == "+OK maildrop has 3 messages (192 octets)\r\n+OK 3 192\r\n+OK\r\n");
  CHECK(s.resume(l.answer("alice")) == "");  // nothing pending any more
  CHECK(l.asked == std::vector<std::string>{"alice USER pop3"});

  pop3::Server down(sasl_config("dbc.mtview.ca.us"), store, l.hooks());
  down.start();
  CHECK(down.feed("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n") == "");
  CHECK(down.resume(sasl::Lookup::unavailable()) == "-ERR [SYS/TEMP] Temporary authentication failure\r\n");
  CHECK(down.state() == pop3::State::Authorization);

  pop3::Server bob(sasl_config(), store, l.hooks());
  bob.start();
  CHECK(bob.feed("AUTH LOGIN\r\nYm9i\r\naHVudGVyMg==\r\nQUIT\r\n") == "+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\n");
  CHECK(bob.state() == pop3::State::AuthExchange);
  CHECK(bob.resume(l.answer("bob")) ==
        "+OK maildrop has 0 messages (0 octets)\r\n+OK pop.example POP3 server signing off (maildrop empty)\r\n");
  CHECK(bob.closed());
}

TEST_CASE("a pending lookup: a client that floods meanwhile is cut off, its lock never taken") {
  mailstore::MailStore store = rfc_store();
  Lookups l;
  l.store = &store;
  l.later = true;
  pop3::Server s(sasl_config(), store, l.hooks());
  s.start();
  CHECK(s.feed("USER alice\r\nPASS secret\r\n") == "+OK send PASS\r\n");
  std::string flood;
  for (int i = 0; i < 50000; ++i) flood += "NOOP\r\n";
  CHECK(s.feed(flood) == "-ERR too much pipelined input\r\n");
  CHECK(s.closed());
  CHECK(s.resume(l.answer("alice")) == "");
  CHECK_FALSE(store.find("alice")->pop3_locked);
  CHECK_FALSE(s.table_miss());
}
