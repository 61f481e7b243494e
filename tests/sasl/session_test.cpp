// The exchange as the protocol machines drive it: a lookup that answers later, one that cannot be
// done, and the calls a machine must not make.
#include <doctest/doctest.h>

#include <stdexcept>

#include "sasl/support.hpp"
#include "sim/proto/sasl/client.hpp"
#include "sim/proto/sasl/mechanism.hpp"

using namespace mailsim::sasl;
using namespace sasl_test;

namespace {
using K = Step::Kind;
}

TEST_CASE("mechanisms by name, any case, listed in the default order") {
  CHECK(mechanism_list(all_mechanisms()) == "PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256");
  CHECK(parse_mechanism("cram-md5") == Mechanism::CramMd5);
  CHECK(parse_mechanism("Scram-Sha-256") == Mechanism::ScramSha256);
  CHECK_FALSE(parse_mechanism("SCRAM-SHA-1").has_value());
  CHECK_FALSE(parse_mechanism("").has_value());
  CHECK(client_first(Mechanism::Plain));
  CHECK_FALSE(client_first(Mechanism::CramMd5));
  CHECK(sends_password(Mechanism::Login));
  CHECK_FALSE(sends_password(Mechanism::ScramSha256));
}

TEST_CASE("the lookup may answer later: the session waits in NeedCredentials, then carries on") {
  ServerSession s(Mechanism::ScramSha256, ServerOptions{"mx.example", "later", 4096, "smtp"});
  ClientSession c(ClientOptions{Mechanism::ScramSha256, "user", "pencil", "", "now", 100000});
  const Step first = s.start(*c.initial_response());
  REQUIRE(first.kind == K::NeedCredentials);
  const LookupRequest asked = s.request();  // goes over the network; the answer comes back later
  CHECK(asked.user == "user");
  CHECK(asked.service == "smtp");
  CHECK_THROWS_AS(s.respond("too early"), std::logic_error);
  CHECK_THROWS_AS(s.credentials(Lookup::pending()), std::logic_error);
  const Step challenge = s.credentials(look_up(example_store(), asked));
  REQUIRE(challenge.kind == K::Challenge);
  const Step final_step = s.respond(c.challenge(challenge.challenge).response);
  REQUIRE(final_step.kind == K::Challenge);
  CHECK(c.challenge(final_step.challenge).ok);
  CHECK(s.respond("").kind == K::Success);
}

TEST_CASE("an unavailable lookup is a temporary failure for every mechanism") {
  for (const Mechanism m : all_mechanisms()) {
    ServerSession s(m, ServerOptions{"mx.example", "n1", 4096, "smtp"});
    ClientSession c(ClientOptions{m, "tim", "tanstaaftanstaaf", "", "n2", 100000});
    Step step = s.start(c.initial_response());
    while (step.kind == K::Challenge) step = s.respond(c.challenge(step.challenge).response);
    REQUIRE(step.kind == K::NeedCredentials);
    step = s.credentials(Lookup::unavailable());
    CHECK(step.kind == K::Unavailable);
    CHECK(s.done());
    CHECK_FALSE(s.succeeded());
  }
}

TEST_CASE("every mechanism, client against server: the right password logs in, a wrong one does not") {
  for (const Mechanism m : all_mechanisms()) {
    for (const bool right : {true, false}) {
      for (const bool with_ir : {true, false}) {
        INFO(mechanism_name(m) << (right ? " right" : " wrong") << (with_ir ? " with" : " without") << " IR");
        ServerSession s(m, ServerOptions{"mx.example", "1.2", 4096, "smtp"});
        ClientSession c(ClientOptions{m, "tim", right ? "tanstaaftanstaaf" : "tanstaaf", "", "3.4", 100000});
        Step step = s.start(with_ir ? c.initial_response() : std::nullopt);
        for (int i = 0; i < 5 && (step.kind == K::Challenge || step.kind == K::NeedCredentials); ++i) {
          step = step.kind == K::Challenge ? s.respond(c.challenge(step.challenge).response) : answer(s, step);
        }
        CHECK(step.kind == (right ? K::Success : K::Failed));
        CHECK(c.complete() == (right || m != Mechanism::ScramSha256));
      }
    }
  }
}

TEST_CASE("start twice, or respond when no challenge was sent, is the caller's mistake") {
  ServerSession s(Mechanism::Plain, {});
  s.start(std::nullopt);
  CHECK_THROWS_AS(s.start(std::nullopt), std::logic_error);
  ServerSession done(Mechanism::Plain, {});
  answer(done, done.start(std::string("\0tim\0tanstaaftanstaaf", 21)));
  CHECK(done.done());
  CHECK_THROWS_AS(done.respond(""), std::logic_error);
  CHECK_THROWS_AS(ServerSession(Mechanism::ScramSha256, ServerOptions{"mx.example", "a,b", 4096, "smtp"}),
                  std::invalid_argument);
  CHECK_THROWS_AS(ClientSession(ClientOptions{Mechanism::ScramSha256, "u", "p", "", "", 100000}), std::invalid_argument);
  CHECK(to_string(K::NeedCredentials) == "need credentials");
}
