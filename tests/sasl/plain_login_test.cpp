// PLAIN (RFC 4616, its §4 examples) and LOGIN, server and client sides.
#include <doctest/doctest.h>

#include "sasl/support.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/client.hpp"

using namespace mailsim::sasl;
using namespace sasl_test;

namespace {
using K = Step::Kind;
const std::string kTim = std::string("tim\0tim\0tanstaaftanstaaf", 24);
}  // namespace

TEST_CASE("PLAIN: RFC 4616 §4's first example, authzid tim = authcid tim") {
  ServerSession s(Mechanism::Plain, {});
  Step step = s.start(std::nullopt);  // "C: a001 AUTHENTICATE "PLAIN"", "S: + "
  CHECK(step.kind == K::Challenge);
  CHECK(step.challenge == "");
  step = s.respond(*base64_decode("dGltAHRpbQB0YW5zdGFhZnRhbnN0YWFm"));
  REQUIRE(step.kind == K::NeedCredentials);
  CHECK(s.request().user == "tim");
  CHECK(s.request().method == "PLAIN");
  CHECK(answer(s, step).kind == K::Success);
  CHECK(s.succeeded());
  CHECK(s.identity() == "tim");
  CHECK(s.authzid() == "tim");
}

TEST_CASE("PLAIN: RFC 4616 §4's second example, Kurt may not act as Ursel even with the right password") {
  ServerSession s(Mechanism::Plain, {});
  const Step step = answer(s, s.start(*base64_decode("VXJzZWwAS3VydAB4aXBqM3BsbXE=")));
  CHECK(step.kind == K::Failed);
  CHECK(step.reason == "Kurt may not act as Ursel");
  CHECK(s.authcid() == "Kurt");
  CHECK_FALSE(s.succeeded());
}

TEST_CASE("PLAIN: an empty authzid acts as the authcid, a wrong password and an unknown user fail alike") {
  ServerSession ok(Mechanism::Plain, {});
  CHECK(answer(ok, ok.start(std::string("\0tim\0tanstaaftanstaaf", 21))).kind == K::Success);
  CHECK(ok.identity() == "tim");
  ServerSession wrong(Mechanism::Plain, {});
  const Step w = answer(wrong, wrong.start(std::string("\0tim\0tanstaaf", 13)));
  ServerSession nobody(Mechanism::Plain, {});
  const Step n = answer(nobody, nobody.start(std::string("\0tom\0tanstaaftanstaaf", 21)));
  CHECK(w.kind == K::Failed);
  CHECK(n.kind == K::Failed);
  CHECK(w.reason == n.reason);
}

TEST_CASE("PLAIN: malformed messages") {
  const std::pair<std::string, const char*> cases[] = {
      {"tim tanstaaf", "PLAIN message is not authzid NUL authcid NUL passwd"},
      {std::string("\0tim", 4), "PLAIN message is not authzid NUL authcid NUL passwd"},
      {std::string("\0tim\0pw\0x", 9), "PLAIN message is not authzid NUL authcid NUL passwd"},
      {std::string("\0\0pw", 4), "PLAIN authcid or passwd is empty"},
      {std::string("\0tim\0", 5), "PLAIN authcid or passwd is empty"},
      {std::string("\0tim\0", 5) + std::string(256, 'p'), "PLAIN field longer than 255 octets"},
      {"", "PLAIN message is not authzid NUL authcid NUL passwd"},
  };
  for (const auto& [message, reason] : cases) {
    ServerSession s(Mechanism::Plain, {});
    const Step step = s.start(message);
    CHECK(step.kind == K::Malformed);
    CHECK(step.reason == reason);
    CHECK(s.done());
  }
}

TEST_CASE("PLAIN and LOGIN check the password against a SCRAM verifier when the store keeps no plaintext") {
  ServerSession plain(Mechanism::Plain, {});
  CHECK(answer(plain, plain.start(std::string("\0user\0pencil", 12))).kind == K::Success);
  ServerSession wrong(Mechanism::Plain, {});
  CHECK(answer(wrong, wrong.start(std::string("\0user\0pen", 9))).kind == K::Failed);
  CHECK(check_password(example_store()["user"], "pencil"));
  CHECK_FALSE(check_password(Credentials{}, ""));
}

TEST_CASE("PLAIN client: one message with the initial response, no second") {
  ClientSession c(ClientOptions{Mechanism::Plain, "tim", "tanstaaftanstaaf", "", "", 100000});
  CHECK_FALSE(c.complete());
  CHECK(c.initial_response() == std::optional<std::string>(std::string("\0tim\0tanstaaftanstaaf", 21)));
  CHECK(c.complete());
  CHECK(c.initial_response() == std::nullopt);
  const ClientStep again = c.challenge("");
  CHECK_FALSE(again.ok);
  CHECK_FALSE(c.complete());
}

TEST_CASE("PLAIN client without the initial response answers the empty challenge, with its authzid") {
  ClientSession c(ClientOptions{Mechanism::Plain, "Kurt", "xipj3plmq", "Ursel", "", 100000});
  const ClientStep step = c.challenge("");
  CHECK(step.ok);
  CHECK(base64_encode(step.response) == "VXJzZWwAS3VydAB4aXBqM3BsbXE=");
  ClientSession odd(ClientOptions{Mechanism::Plain, "tim", "x", "", "", 100000});
  CHECK_FALSE(odd.challenge("hello?").ok);
}

TEST_CASE("LOGIN: Username:, Password:, then the lookup") {
  ServerSession s(Mechanism::Login, {});
  Step step = s.start(std::nullopt);
  CHECK(step.kind == K::Challenge);
  CHECK(base64_encode(step.challenge) == "VXNlcm5hbWU6");
  step = s.respond("tim");
  CHECK(base64_encode(step.challenge) == "UGFzc3dvcmQ6");
  step = s.respond("tanstaaftanstaaf");
  REQUIRE(step.kind == K::NeedCredentials);
  CHECK(s.request().user == "tim");
  CHECK(s.request().method == "LOGIN");
  CHECK(answer(s, step).kind == K::Success);
}

TEST_CASE("LOGIN: the user name as initial response, a wrong password, empty answers") {
  ServerSession ir(Mechanism::Login, {});
  CHECK(ir.start("tim").challenge == "Password:");
  CHECK(answer(ir, ir.respond("nope")).kind == K::Failed);
  ServerSession empty_ir(Mechanism::Login, {});
  CHECK(empty_ir.start("").challenge == "Username:");
  CHECK(empty_ir.respond("").kind == K::Malformed);
  ServerSession empty_pw(Mechanism::Login, {});
  empty_pw.start(std::nullopt);
  empty_pw.respond("tim");
  CHECK(empty_pw.respond("").reason == "LOGIN password is empty");
}

TEST_CASE("LOGIN client: user, then password, then nothing more") {
  ClientSession c(ClientOptions{Mechanism::Login, "tim", "tanstaaftanstaaf", "", "", 100000});
  CHECK(c.initial_response() == std::nullopt);
  CHECK(c.challenge("Username:").response == "tim");
  CHECK_FALSE(c.complete());
  CHECK(c.challenge("Password:").response == "tanstaaftanstaaf");
  CHECK(c.complete());
  CHECK_FALSE(c.challenge("More?").ok);
  CHECK_FALSE(c.complete());
}

TEST_CASE("an initial response with no room on the command line answers the empty challenge instead") {
  ClientSession c(ClientOptions{Mechanism::Plain, "tim", "tanstaaftanstaaf", "", "", 100000});
  CHECK(c.initial_response(27) == std::nullopt);  // "AHRpbQB0YW5zdGFhZnRhbnN0YWFm" is 28 octets
  const ClientStep step = c.challenge("");
  CHECK(step.ok);
  CHECK(base64_encode(step.response) == "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
  ClientSession fits(ClientOptions{Mechanism::Plain, "tim", "tanstaaftanstaaf", "", "", 100000});
  CHECK(fits.initial_response(28).has_value());
}
