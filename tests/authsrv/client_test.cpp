// The mail server's half of Dovecot's auth protocol, byte for byte, and both halves talking: a
// request made before the handshake waits for DONE, CONT round trips, FAIL with temp, and the
// server lines a client must not believe.
#include <doctest/doctest.h>

#include "authsrv/support.hpp"
#include "sim/proto/authsrv/client.hpp"
#include "sim/proto/sasl/client.hpp"

using namespace authsrv_test;
using K = authsrv::Answer::Kind;

namespace {

authsrv::Client client(std::string service = "smtp") {
  return authsrv::Client(authsrv::ClientConfig{4711, std::move(service), "10.0.1.10", "10.0.0.25"});
}

const std::string kServerHello = L({"VERSION", "1", "2"}) + L({"MECH", "PLAIN", "plaintext"}) +
                                 L({"MECH", "CRAM-MD5", "dictionary", "active"}) + L({"SPID", "1"}) +
                                 L({"CUID", "1"}) + L({"COOKIE", "00"}) + L({"DONE"});

}  // namespace

TEST_CASE("auth client: VERSION and CPID first, the request waits for DONE and then goes out") {
  authsrv::Client c = client();
  CHECK(c.start() == "VERSION\t1\t2\nCPID\t4711\n");
  CHECK(c.authenticate("PLAIN", std::string("\0alice\0secret", 13)).empty());
  CHECK(c.feed(L({"VERSION", "1", "2"}) + L({"MECH", "PLAIN", "plaintext"})).empty());
  CHECK(c.feed(L({"SPID", "1"}) + L({"DONE"})) ==
        "AUTH\t1\tPLAIN\tservice=smtp\tlip=10.0.0.25\trip=10.0.1.10\tresp=AGFsaWNlAHNlY3JldA==\n");
  CHECK_FALSE(c.take_answer().has_value());
  c.feed(L({"OK", "1", "user=alice"}));
  const auto a = c.take_answer();
  REQUIRE(a.has_value());
  CHECK(a->kind == K::Ok);
  CHECK(a->user == "alice");
  CHECK_FALSE(c.take_answer().has_value());
}

TEST_CASE("auth client: CONT round trips, then FAIL with temp and a reason, ids count up") {
  authsrv::Client c = client("pop3");
  c.start();
  c.feed(kServerHello);
  CHECK(c.mechanisms() == std::vector<std::string>{"PLAIN", "CRAM-MD5"});
  CHECK(c.authenticate("CRAM-MD5", std::nullopt) == "AUTH\t1\tCRAM-MD5\tservice=pop3\tlip=10.0.0.25\trip=10.0.1.10\n");
  c.feed(L({"CONT", "1", b64("<1.2@x>")}));
  auto a = c.take_answer();
  REQUIRE(a.has_value());
  CHECK(a->kind == K::Cont);
  CHECK(a->data == "<1.2@x>");
  CHECK(c.respond("tim 0123") == L({"CONT", "1", b64("tim 0123")}));
  c.feed(L({"FAIL", "1", "user=tim", "temp", "reason=backend down"}));
  a = c.take_answer();
  REQUIRE(a.has_value());
  CHECK(a->kind == K::Fail);
  CHECK(a->user == "tim");
  CHECK(a->temporary);
  CHECK(a->reason == "backend down");
  CHECK(c.authenticate("PLAIN", std::string("\0a\0b", 4)).starts_with("AUTH\t2\tPLAIN\t"));
}

TEST_CASE("auth client: a mechanism the server did not list fails at once, nothing is sent") {
  authsrv::Client c = client();
  c.start();
  c.feed(kServerHello);
  CHECK(c.authenticate("SCRAM-SHA-256", std::string("n,,n=user,r=x")).empty());
  const auto a = c.take_answer();
  REQUIRE(a.has_value());
  CHECK(a->kind == K::Fail);
  CHECK(a->reason == "the authentication server does not offer SCRAM-SHA-256");
}

TEST_CASE("auth client: lines it must not believe make the answer Error and the connection useless") {
  struct Case {
    std::string lines, reason;
  };
  const std::vector<Case> cases = {
      {L({"VERSION", "2", "0"}), "the authentication server's handshake is not VERSION 1"},
      {L({"VERSION", "1", "2"}) + L({"OK", "1", "user=alice"}), "unexpected OK in the handshake"},
      {kServerHello + L({"OK", "2", "user=alice"}), "OK for request 2, which was not asked"},
      {kServerHello + L({"OK", "1"}), "OK without user="},
      {kServerHello + L({"CONT", "1", "!!"}), "CONT with a challenge that is not base64"},
      {kServerHello + L({"WHAT", "1"}), "unexpected line WHAT"},
      {kServerHello + std::string(17000, 'x') + "\n", "the authentication server sent a line longer than 16384 octets"},
  };
  for (const Case& cs : cases) {
    CAPTURE(cs.reason);
    authsrv::Client c = client();
    c.start();
    c.authenticate("PLAIN", std::string("\0alice\0secret", 13));
    c.feed(cs.lines);
    const auto a = c.take_answer();
    REQUIRE(a.has_value());
    CHECK(a->kind == K::Error);
    CHECK(a->reason == cs.reason);
    CHECK(c.broken());
    CHECK(c.authenticate("PLAIN", std::string("\0a\0b", 4)).empty());
  }
}

TEST_CASE("auth client and server: every mechanism logs in through the pair, and FAILs with a wrong password") {
  for (const std::string mech : {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256"}) {
    for (const bool right : {true, false}) {
      CAPTURE(mech);
      CAPTURE(right);
      authsrv::Server s = server("srvnonce");
      authsrv::Client c = client();
      sasl::ClientSession user(sasl::ClientOptions{*sasl::parse_mechanism(mech), "alice", right ? "secret" : "guess", "", "cnonce", 4096});
      std::string to_server = c.start();
      std::string to_client = s.start();
      to_server += c.authenticate(mech, user.initial_response());
      bool answered = false;
      for (int round = 0; round < 10; ++round) {
        to_client += s.feed(to_server);
        to_server = c.feed(to_client);
        to_client.clear();
        const auto a = c.take_answer();
        if (!a) continue;
        if (a->kind == K::Cont) {
          const sasl::ClientStep step = user.challenge(a->data);
          if (!step.ok) break;  // SCRAM with the wrong password: the server's signature cannot verify
          to_server += c.respond(step.response);
          continue;
        }
        CHECK(a->kind == (right ? K::Ok : K::Fail));
        CHECK(a->user == "alice");
        answered = true;
        break;
      }
      CHECK((answered || (!right && mech == "SCRAM-SHA-256")));
    }
  }
}
