// The certificate check, as a client sees it: each flaw a lesson can make gives the error a real
// client prints (OpenSSL's verifier is the one curl, Python and s_client use), at the virtual time.
#include <doctest/doctest.h>

#include "tls/support.hpp"

using namespace tls_test;

namespace {

struct Case {
  Flaw flaw;
  const char* error;
  const char* alert;  // what a client that requires verification sends
};

const Case kCases[] = {
    {Flaw::NameMismatch, "hostname mismatch", "bad_certificate"},
    {Flaw::Expired, "certificate has expired", "certificate_expired"},
    {Flaw::SelfSigned, "self-signed certificate", "unknown_ca"},
    {Flaw::UnknownCa, "unable to get local issuer certificate", "unknown_ca"},
};

Pair make_pair(const LessonPki& pki, Flaw flaw, EngineOptions options, std::vector<Certificate> trusted) {
  auto lib = Library::seeded("verify");
  return Pair(client_context(lib, std::move(trusted)), server_context(lib, pki.server(kHost, flaw)),
              std::move(options));
}

}  // namespace

TEST_CASE("a client that requires a verified certificate refuses each flaw with the error real clients print") {
  const LessonPki pki(42, kEpoch);
  for (const Case& c : kCases) {
    CAPTURE(to_string(c.flaw));
    Pair p = make_pair(pki, c.flaw, client_options(kHost, kNow, true), {pki.ca().certificate()});
    p.handshake();
    CHECK(p.client.state() == Engine::State::Failed);
    CHECK(p.client.failure().kind == Failure::Kind::AlertSent);
    CHECK(p.client.failure().alert == c.alert);
    CHECK(p.client.failure().verify_error == c.error);
    CHECK(p.client.failure().text() == std::string("certificate verify failed: ") + c.error);
    CHECK(p.client.session().verify.error == c.error);
    // The server hears of it as the alert.
    CHECK(p.server.state() == Engine::State::Failed);
    CHECK(p.server.failure().kind == Failure::Kind::AlertReceived);
    CHECK(p.server.failure().alert == c.alert);
  }
}

TEST_CASE("a client that only reports (Postfix at verify) completes the handshake and says what was wrong") {
  const LessonPki pki(42, kEpoch);
  for (const Case& c : kCases) {
    CAPTURE(to_string(c.flaw));
    Pair p = make_pair(pki, c.flaw, client_options(kHost, kNow, false), {pki.ca().certificate()});
    p.handshake();
    REQUIRE(p.client.established());
    const VerifyResult& v = p.client.session().verify;
    CHECK(v.checked);
    CHECK_FALSE(v.ok);
    CHECK(v.error == c.error);
    CHECK(v.code != 0);
  }
  Pair good = make_pair(pki, Flaw::None, client_options(kHost, kNow, false), {pki.ca().certificate()});
  good.handshake();
  CHECK(good.client.session().verify.ok);
}

TEST_CASE("validity is checked at the virtual time given, not the machine's clock") {
  const LessonPki pki(42, kEpoch);
  const std::int64_t not_after = pki.server(kHost).leaf().info().not_after;
  auto check_at = [&](std::int64_t now) {
    Pair p = make_pair(pki, Flaw::None, client_options(kHost, now, false), {pki.ca().certificate()});
    p.handshake();
    REQUIRE(p.client.established());
    return p.client.session().verify.error;
  };
  CHECK(check_at(kEpoch) == "ok");
  CHECK(check_at(not_after - 1) == "ok");
  CHECK(check_at(not_after + 1) == "certificate has expired");
  CHECK(check_at(kEpoch - 2 * kDay) == "certificate is not yet valid");
  // A lesson set in 2005: the lesson's certificates are made for its epoch and valid then.
  const std::int64_t epoch_2005 = 1104537600;
  const LessonPki old(42, epoch_2005);
  Pair p = make_pair(old, Flaw::None, client_options(kHost, epoch_2005 + 60, false), {old.ca().certificate()});
  p.handshake();
  CHECK(p.client.session().verify.ok);
}

TEST_CASE("a client that trusts nobody cannot verify, and one with no name checks no name") {
  const LessonPki pki(42, kEpoch);
  Pair nobody = make_pair(pki, Flaw::None, client_options(kHost, kNow, false), {});
  nobody.handshake();
  CHECK(nobody.client.session().verify.error == "unable to get local issuer certificate");

  Pair nameless = make_pair(pki, Flaw::NameMismatch, client_options("", kNow, false), {pki.ca().certificate()});
  nameless.handshake();
  CHECK(nameless.client.session().verify.ok);
  CHECK(nameless.client.session().server_name.empty());
  CHECK(nameless.server.session().server_name.empty());
}
