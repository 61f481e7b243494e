// CRAM-MD5 against RFC 2195 §2's example, and its refusals.
#include <doctest/doctest.h>

#include "sasl/support.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/client.hpp"

using namespace mailsim::sasl;
using namespace sasl_test;

namespace {
using K = Step::Kind;
// RFC 2195's server is postoffice.reston.mci.net; its msg-id's unique part is our nonce.
ServerOptions rfc2195() { return ServerOptions{"postoffice.reston.mci.net", "1896.697170952", 4096, "imap"}; }
}  // namespace

TEST_CASE("CRAM-MD5 server: RFC 2195 §2, byte for byte") {
  ServerSession s(Mechanism::CramMd5, rfc2195());
  const Step challenge = s.start(std::nullopt);
  CHECK(challenge.kind == K::Challenge);
  CHECK(base64_encode(challenge.challenge) == "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
  const Step step = s.respond(*base64_decode("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw"));
  REQUIRE(step.kind == K::NeedCredentials);
  CHECK(s.request().user == "tim");
  CHECK(s.request().service == "imap");
  CHECK(answer(s, step).kind == K::Success);
  CHECK(s.identity() == "tim");
}

TEST_CASE("CRAM-MD5 client: RFC 2195 §2, byte for byte") {
  ClientSession c(ClientOptions{Mechanism::CramMd5, "tim", "tanstaaftanstaaf", "", "", 100000});
  CHECK(c.initial_response() == std::nullopt);
  const ClientStep step = c.challenge(*base64_decode("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"));
  CHECK(step.ok);
  CHECK(base64_encode(step.response) == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
  CHECK(c.complete());
  CHECK_FALSE(c.challenge("<again@x>").ok);
}

TEST_CASE("CRAM-MD5: a wrong digest fails, a store without the plaintext cannot check it") {
  ServerSession wrong(Mechanism::CramMd5, rfc2195());
  wrong.start(std::nullopt);
  CHECK(answer(wrong, wrong.respond("tim b913a602c7eda7a495b4e6e7334d3891")).kind == K::Failed);
  // "user" is stored as a SCRAM verifier only.
  ServerSession verifier(Mechanism::CramMd5, rfc2195());
  verifier.start(std::nullopt);
  const Step step = answer(verifier, verifier.respond("user b913a602c7eda7a495b4e6e7334d3890"));
  CHECK(step.kind == K::Failed);
  CHECK(step.reason == "CRAM-MD5 needs the plaintext password; the store keeps only a verifier");
}

TEST_CASE("CRAM-MD5: no initial response, and the response must be user SP 32 hex digits") {
  ServerSession ir(Mechanism::CramMd5, rfc2195());
  CHECK(ir.start("tim b913a602c7eda7a495b4e6e7334d3890").kind == K::Malformed);
  ServerSession empty_ir(Mechanism::CramMd5, rfc2195());
  CHECK(empty_ir.start("").kind == K::Challenge);  // "=" is no response at all
  for (const char* bad : {"timb913a602c7eda7a495b4e6e7334d3890", " b913a602c7eda7a495b4e6e7334d3890",
                          "tim b913a602c7eda7a495b4e6e7334d389", "tim B913A602C7EDA7A495B4E6E7334D3890", "tim ", ""}) {
    ServerSession s(Mechanism::CramMd5, rfc2195());
    s.start(std::nullopt);
    CHECK_MESSAGE(s.respond(bad).kind == K::Malformed, bad);
  }
  // A user name with a space: the digest is after the last one.
  std::map<std::string, Credentials> store;
  store["tim two"].password = "tanstaaftanstaaf";
  ServerSession spaced(Mechanism::CramMd5, rfc2195());
  spaced.start(std::nullopt);
  CHECK(answer(spaced, spaced.respond("tim two b913a602c7eda7a495b4e6e7334d3890"), store).kind == K::Success);
}
