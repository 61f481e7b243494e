// SCRAM-SHA-256 against RFC 7677 §3's exchange (user "user", password "pencil"), both sides, and the
// refusals of RFC 5802.
#include <doctest/doctest.h>

#include "sasl/support.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/client.hpp"
#include "sim/proto/sasl/scram.hpp"

using namespace mailsim::sasl;
using namespace sasl_test;

namespace {
using K = Step::Kind;
constexpr const char* kClientNonce = "rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ServerOptions rfc7677() { return ServerOptions{"mx.example", kServerNonce, 4096, "smtp"}; }
ClientOptions client(std::string password = "pencil", std::string user = "user") {
  return ClientOptions{Mechanism::ScramSha256, std::move(user), std::move(password), "", kClientNonce, 100000};
}
}  // namespace

TEST_CASE("SCRAM-SHA-256 server: RFC 7677 §3, byte for byte, from a stored verifier") {
  ServerSession s(Mechanism::ScramSha256, rfc7677());
  Step step = s.start(std::string(kClientFirst));
  REQUIRE(step.kind == K::NeedCredentials);
  CHECK(s.request().user == "user");
  CHECK(s.request().method == "SCRAM-SHA-256");
  step = answer(s, step);
  CHECK(step.kind == K::Challenge);
  CHECK(step.challenge == kServerFirst);
  step = s.respond(kClientFinal);
  CHECK(step.kind == K::Challenge);  // additional data with success, as a last challenge
  CHECK(step.challenge == kServerFinal);
  CHECK_FALSE(s.succeeded());
  CHECK(s.respond("").kind == K::Success);
  CHECK(s.succeeded());
  CHECK(s.identity() == "user");
}

TEST_CASE("SCRAM-SHA-256 client: RFC 7677 §3, byte for byte, and it checks the server's signature") {
  ClientSession c(client());
  CHECK(c.initial_response() == std::optional<std::string>(kClientFirst));
  ClientStep step = c.challenge(kServerFirst);
  CHECK(step.ok);
  CHECK(step.response == kClientFinal);
  CHECK_FALSE(c.complete());
  step = c.challenge(kServerFinal);
  CHECK(step.ok);
  CHECK(step.response == "");
  CHECK(c.complete());
}

TEST_CASE("SCRAM-SHA-256: the keys of RFC 7677's example, which a server may store instead of the password") {
  const scram::Keys k = scram::derive("pencil", *base64_decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  const std::map<std::string, Credentials> store = example_store();
  const ScramVerifier& v = *store.at("user").scram_sha256;
  CHECK(v.stored_key == k.stored_key);
  CHECK(v.server_key == k.server_key);
  CHECK(v.iterations == 4096);
  CHECK(k.salted_password.size() == 32);
}

TEST_CASE("SCRAM-SHA-256: client and server agree on a password-only store, with an authzid and odd names") {
  std::map<std::string, Credentials> store;
  store["a,b=c"].password = "s3cret";
  ServerSession s(Mechanism::ScramSha256, ServerOptions{"mx.example", "srvnonce", 4096, "smtp"});
  ClientSession c(ClientOptions{Mechanism::ScramSha256, "a,b=c", "s3cret", "a,b=c", "clinonce", 100000});
  const std::string first = *c.initial_response();
  CHECK(first == "n,a=a=2Cb=3Dc,n=a=2Cb=3Dc,r=clinonce");
  Step step = answer(s, s.start(first), store);
  REQUIRE(step.kind == K::Challenge);
  CHECK(step.challenge.starts_with("r=clinoncesrvnonce,s="));
  ClientStep reply = c.challenge(step.challenge);
  REQUIRE(reply.ok);
  CHECK(reply.response.starts_with("c=" + base64_encode("n,a=a=2Cb=3Dc,") + ",r=clinoncesrvnonce,p="));
  step = s.respond(reply.response);
  REQUIRE(step.kind == K::Challenge);
  reply = c.challenge(step.challenge);
  CHECK(reply.ok);
  CHECK(s.respond(reply.response).kind == K::Success);
  CHECK(c.complete());
  CHECK(s.identity() == "a,b=c");
}

TEST_CASE("SCRAM-SHA-256: a wrong password fails at the proof, and so does an unknown user, unseen before") {
  ServerSession wrong(Mechanism::ScramSha256, rfc7677());
  ClientSession c(client("pencils"));
  const Step first = answer(wrong, wrong.start(*c.initial_response()));
  CHECK(first.challenge == kServerFirst);
  const Step proof = wrong.respond(c.challenge(first.challenge).response);
  CHECK(proof.kind == K::Failed);
  CHECK(proof.reason == "SCRAM-SHA-256: unknown user or wrong proof");

  ServerSession nobody(Mechanism::ScramSha256, rfc7677());
  ClientSession n(client("pencil", "nobody"));
  const Step nfirst = answer(nobody, nobody.start(*n.initial_response()));
  REQUIRE(nfirst.kind == K::Challenge);
  CHECK(nfirst.challenge.find(",i=4096") != std::string::npos);
  CHECK(nobody.respond(n.challenge(nfirst.challenge).response).reason == proof.reason);
}

TEST_CASE("SCRAM-SHA-256 server: without an initial response, an empty challenge first") {
  ServerSession s(Mechanism::ScramSha256, rfc7677());
  const Step step = s.start(std::nullopt);
  CHECK(step.kind == K::Challenge);
  CHECK(step.challenge == "");
  CHECK(answer(s, s.respond(kClientFirst)).challenge == kServerFirst);
}

TEST_CASE("SCRAM-SHA-256 server: malformed client-first messages") {
  const std::pair<const char*, const char*> cases[] = {
      {"p=tls-unique,,n=user,r=abc", "SCRAM channel binding (p=) requested, but only \"n,,\" is offered"},
      {"x,,n=user,r=abc", "SCRAM gs2 header starts with neither n nor y"},
      {"n=user,r=abc", "SCRAM client-first-message has no gs2 header"},
      {"n,n=user,r=abc", "SCRAM authzid is not a=saslname"},
      {"n,,n=user", "SCRAM client-first-message-bare is not n=user,r=nonce"},
      {"nuser", "SCRAM client-first-message has no gs2 header"},
      {"n,,r=abc,n=user", "SCRAM client-first-message-bare is not n=user,r=nonce"},
      {"n,,n=us=er,r=abc", "SCRAM user name is not a saslname"},
      {"n,,n=,r=abc", "SCRAM user name is not a saslname"},
      {"n,,n=user,r=", "SCRAM client nonce is empty or not printable"},
      {"n,,n=user,r=abc,m=must", "SCRAM mandatory extension m= is not supported"},
      {"n,b=x,n=user,r=abc", "SCRAM authzid is not a=saslname"},
  };
  for (const auto& row : cases) {
    const auto& [message, reason] = row;
    const auto& shown = row.first;  // clang 14 cannot capture a structured binding in CHECK_MESSAGE's lambda
    ServerSession s(Mechanism::ScramSha256, rfc7677());
    const Step step = s.start(std::string(message));
    CHECK_MESSAGE(step.kind == K::Malformed, shown);
    CHECK(step.reason == reason);
  }
  ServerSession y(Mechanism::ScramSha256, rfc7677());  // "y": the client could bind, we cannot: fine
  CHECK(y.start("y,,n=user,r=abc").kind == K::NeedCredentials);
  ServerSession ext(Mechanism::ScramSha256, rfc7677());  // optional extensions are ignored
  CHECK(ext.start("n,,n=user,r=abc,x=whatever").kind == K::NeedCredentials);
}

TEST_CASE("SCRAM-SHA-256 server: malformed client-final messages, a foreign authzid") {
  const std::pair<std::string, const char*> cases[] = {
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "SCRAM client-final-message is not c=...,r=...,p=..."},
      {"c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
       "SCRAM channel binding c= does not repeat the gs2 header"},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "SCRAM nonce r= is not the one agreed"},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzb", "SCRAM proof p= is not 32 octets of base64"},
      {"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=!!!!", "SCRAM proof p= is not 32 octets of base64"},
      {"garbage", "SCRAM client-final-message is not c=...,r=...,p=..."},
  };
  for (const auto& row : cases) {
    const auto& [message, reason] = row;
    const auto& shown = row.first;  // clang 14 cannot capture a structured binding in CHECK_MESSAGE's lambda
    ServerSession s(Mechanism::ScramSha256, rfc7677());
    answer(s, s.start(std::string(kClientFirst)));
    const Step step = s.respond(message);
    CHECK_MESSAGE(step.kind == K::Malformed, shown);
    CHECK(step.reason == reason);
  }
  // The additional data must be answered with nothing.
  ServerSession s(Mechanism::ScramSha256, rfc7677());
  answer(s, s.start(std::string(kClientFirst)));
  s.respond(kClientFinal);
  CHECK(s.respond("v=thanks").kind == K::Malformed);
  CHECK_FALSE(s.succeeded());
  // user, proving the right password, asking to act as tim.
  std::map<std::string, Credentials> store = example_store();
  ServerSession other(Mechanism::ScramSha256, rfc7677());
  ClientSession c(ClientOptions{Mechanism::ScramSha256, "user", "pencil", "tim", kClientNonce, 100000});
  const Step first = answer(other, other.start(*c.initial_response()));
  const Step final_step = other.respond(c.challenge(first.challenge).response);
  CHECK(final_step.kind == K::Failed);
  CHECK(final_step.reason == "user may not act as tim");
}

TEST_CASE("SCRAM-SHA-256 client: refuses a server that cannot prove itself or asks too much") {
  const std::pair<const char*, const char*> firsts[] = {
      {"r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "SCRAM server nonce does not extend ours"},
      {"r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "SCRAM server nonce does not extend ours"},
      {"r=rOprNGfwEbeRWgbNEkqOx,s=***,i=4096", "SCRAM salt is not base64"},
      {"r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0", "SCRAM iteration count is not a number from 1 to 100000"},
      {"r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4000000000", "SCRAM iteration count is not a number from 1 to 100000"},
      {"r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=04096", "SCRAM iteration count is not a number from 1 to 100000"},
      {"m=x,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "SCRAM server-first-message is not r=...,s=...,i=..."},
      {"", "SCRAM server-first-message is not r=...,s=...,i=..."},
  };
  for (const auto& row : firsts) {
    const auto& [message, reason] = row;
    const auto& shown = row.first;  // clang 14 cannot capture a structured binding in CHECK_MESSAGE's lambda
    ClientSession c(client());
    c.initial_response();
    const ClientStep step = c.challenge(message);
    CHECK_FALSE_MESSAGE(step.ok, shown);
    CHECK(step.reason == reason);
    CHECK_FALSE(c.complete());
  }
  for (const char* final_message : {"v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", "v=6rri", "e=invalid-proof", "x=1"}) {
    ClientSession c(client());
    c.initial_response();
    c.challenge(kServerFirst);
    CHECK_FALSE(c.challenge(final_message).ok);
    CHECK_FALSE(c.complete());
  }
  ClientSession c(client());
  c.initial_response();
  c.challenge(kServerFirst);
  c.challenge(kServerFinal);
  CHECK_FALSE(c.challenge("r=more").ok);  // nothing after the server-final-message
}

TEST_CASE("SCRAM saslname and attribute syntax") {
  CHECK(scram::encode_saslname("a,b=c") == "a=2Cb=3Dc");
  CHECK(scram::decode_saslname("a=2Cb=3Dc") == std::optional<std::string>("a,b=c"));
  CHECK_FALSE(scram::decode_saslname("a=2").has_value());
  CHECK_FALSE(scram::decode_saslname("a=3d").has_value());
  CHECK(scram::valid_nonce(kServerNonce));
  CHECK_FALSE(scram::valid_nonce("a,b"));
  CHECK_FALSE(scram::valid_nonce("a b"));
  CHECK_FALSE(scram::parse_attributes("r=a,,s=b").has_value());
  CHECK_FALSE(scram::parse_attributes("rr=a").has_value());
  CHECK(scram::parse_attributes("p=ab==")->front().second == "ab==");
}
