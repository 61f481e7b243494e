// The verifier against RFC 8463's signed example: key queries as a node sends them, a result and
// a reason for each signature, and what breaks a signature.
#include <doctest/doctest.h>

#include "support.hpp"

using namespace mailsim;
using namespace mailsim::dkim;
using dkim_test::kRfc8463Signed;
using dkim_test::run;

namespace {

constexpr std::int64_t kNow = 1528637909 + 3600;

std::string replaced(std::string s, std::string_view from, std::string_view to) {
  const std::size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("RFC 8463 A.3: both signatures pass, each key asked for once over DNS") {
  Verifier v(kRfc8463Signed, kNow, 100);
  const auto asked = run(v, dkim_test::rfc8463_zone());
  CHECK(asked == std::vector<std::string>{"query id=100 TXT brisbane._domainkey.football.example.com",
                                          "query id=101 TXT test._domainkey.football.example.com"});
  CHECK(v.done());
  REQUIRE(v.results().size() == 2);
  const SignatureCheck& ed = v.results()[0];
  CHECK(ed.result == Result::Pass);
  CHECK(ed.reason == Reason::Verified);
  CHECK(ed.signature->algorithm == Algorithm::Ed25519Sha256);
  CHECK(ed.key_text == dkim_test::kBrisbaneKey);
  CHECK(ed.body_hash == "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
  CHECK(ed.body_hashed == ed.body_canonical);
  CHECK(ed.header_data.starts_with("from:Joe SixPack <joe@football.example.com>\r\nto:"));
  CHECK(ed.header_data.ends_with("b="));
  REQUIRE(ed.steps.size() == 5);
  CHECK(ed.steps[0].kind == StepKind::SignatureTags);
  CHECK(ed.steps[1].kind == StepKind::KeyQuery);
  CHECK(ed.steps[2].kind == StepKind::KeyRecord);
  CHECK(ed.steps[3].kind == StepKind::BodyHash);
  CHECK(ed.steps[3].detail == "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=, recomputed "
                              "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8= over 54 of 54 octets");
  CHECK(ed.steps[4].kind == StepKind::HeaderHash);
  CHECK(v.results()[1].result == Result::Pass);
  CHECK(v.results()[1].signature->algorithm == Algorithm::RsaSha256);
  CHECK(summary(v.results()) == Result::Pass);
}

TEST_CASE("c=simple/simple signatures of the same message pass, trailing spaces and all") {
  Verifier v(dkim_test::kSimpleSigned, kNow, 1);
  run(v, dkim_test::rfc8463_zone());
  REQUIRE(v.results().size() == 2);
  CHECK(v.results()[0].result == Result::Pass);
  CHECK(v.results()[1].result == Result::Pass);
  // simple: one space fewer at the end of a signature line is another signed header.
  Verifier changed(replaced(dkim_test::kSimpleSigned, "c=simple/simple; \r\n", "c=simple/simple;\r\n"), kNow, 1);
  run(changed, dkim_test::rfc8463_zone());
  CHECK(changed.results()[0].reason == Reason::SignatureMismatch);
}

TEST_CASE("one body octet changed: both fail with body hash mismatch") {
  Verifier v(replaced(kRfc8463Signed, "hungry yet?", "hungry yet!"), kNow, 1);
  run(v, dkim_test::rfc8463_zone());
  for (const SignatureCheck& c : v.results()) {
    CHECK(c.result == Result::Fail);
    CHECK(c.reason == Reason::BodyHashMismatch);
    CHECK_FALSE(c.steps.back().ok);
  }
  CHECK(summary(v.results()) == Result::Fail);
}

TEST_CASE("a signed header changed: signature mismatch, an unsigned one added: still pass") {
  Verifier v(replaced(kRfc8463Signed, "Subject: Is dinner ready?", "Subject: Is lunch ready?"), kNow, 1);
  run(v, dkim_test::rfc8463_zone());
  CHECK(v.results()[0].reason == Reason::SignatureMismatch);
  CHECK(v.results()[1].reason == Reason::SignatureMismatch);

  Verifier added(replaced(kRfc8463Signed, "From: Joe", "X-Spam-Score: 0\r\nFrom: Joe"), kNow, 1);
  run(added, dkim_test::rfc8463_zone());
  CHECK(added.results()[0].result == Result::Pass);
  // h= lists from twice for one From: a second From added anywhere is a signed change (oversigning).
  Verifier forged(replaced(kRfc8463Signed, "From: Joe", "From: boss@football.example.com\r\nFrom: Joe"), kNow, 1);
  run(forged, dkim_test::rfc8463_zone());
  CHECK(forged.results()[0].reason == Reason::SignatureMismatch);
}

TEST_CASE("relaxed signatures survive what relaxed forgives: case of names, white space, empty lines at the end") {
  std::string m = replaced(kRfc8463Signed, "Subject: Is dinner ready?", "SUBJECT:   Is  dinner\r\n\tready?  ");
  m = replaced(m, "We lost the game.  Are", "We lost the game. \t Are");
  m += "\r\n\r\n";
  Verifier v(m, kNow, 1);
  run(v, dkim_test::rfc8463_zone());
  CHECK(v.results()[0].result == Result::Pass);
  CHECK(v.results()[1].result == Result::Pass);
}

TEST_CASE("no key: NXDOMAIN and a name without TXT are permerror, a timeout is temperror") {
  Verifier nx(kRfc8463Signed, kNow, 1);
  run(nx, dns::ZoneSet{});
  CHECK(nx.results()[0].result == Result::PermError);
  CHECK(nx.results()[0].reason == Reason::NoKey);
  CHECK(nx.results()[0].detail == "no key at brisbane._domainkey.football.example.com (NXDOMAIN)");

  dns::ZoneSet only_a;
  dns::Record a;
  a.name = "test._domainkey.football.example.com";
  a.data = "192.0.2.1";
  only_a.add(a);
  only_a.add(dkim_test::txt("brisbane._domainkey.football.example.com", dkim_test::kBrisbaneKey));
  Verifier nodata(kRfc8463Signed, kNow, 1);
  run(nodata, only_a);
  CHECK(nodata.results()[0].result == Result::Pass);
  CHECK(nodata.results()[1].detail == "no key at test._domainkey.football.example.com (no TXT record)");

  Verifier slow(kRfc8463Signed, kNow, 1);
  const auto asked = run(slow, dkim_test::rfc8463_zone(), {"test._domainkey.football.example.com"});
  CHECK(asked.size() == 2);
  CHECK(slow.results()[0].result == Result::Pass);
  CHECK(slow.results()[1].result == Result::TempError);
  CHECK(slow.results()[1].reason == Reason::KeyUnavailable);
  CHECK(summary(slow.results()) == Result::Pass);
}

TEST_CASE("SERVFAIL is temperror, a stray answer is ignored") {
  Verifier v(kRfc8463Signed, kNow, 7);
  auto q = v.next_query();
  REQUIRE(q);
  CHECK_FALSE(v.next_query());  // one at a time
  dns::Message stray;
  stray.response = true;
  stray.id = 8;
  stray.rcode = dns::Rcode::ServFail;
  v.on_response(stray);
  CHECK_FALSE(v.next_query());  // still waiting for id 7
  stray.id = 7;
  stray.questions = q->questions;
  v.on_response(stray);
  CHECK(v.results()[0].result == Result::TempError);
  CHECK(v.results()[0].detail == "key query for brisbane._domainkey.football.example.com: SERVFAIL");
  CHECK(v.next_query());  // on to the next key
}

TEST_CASE("key records: revoked, of the wrong type, unusable, or the second of two") {
  auto with_key = [](std::string brisbane) {
    dns::ZoneSet z;
    for (std::string& text : std::vector<std::string>{std::move(brisbane)}) {
      z.add(dkim_test::txt("brisbane._domainkey.football.example.com", text));
    }
    Verifier v(kRfc8463Signed, kNow, 1);
    run(v, z);
    return v.results()[0];
  };
  SignatureCheck revoked = with_key("v=DKIM1; k=ed25519; p=");
  CHECK(revoked.result == Result::PermError);
  CHECK(revoked.reason == Reason::KeyRevoked);
  CHECK(with_key("v=DKIM1; p=" + dkim_test::kTestKey.substr(dkim_test::kTestKey.find("p=") + 2)).reason == Reason::KeyMismatch);
  SignatureCheck bad = with_key("v=DKIM2; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  CHECK(bad.reason == Reason::BadKeyRecord);
  CHECK(bad.detail == "key record: v=DKIM2 is not DKIM1");
  CHECK(with_key("k=ed25519; p=AAAA").detail == "an Ed25519 public key is 32 octets, p= has 3");
  CHECK(with_key("k=ed25519; s=tlsrpt; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").detail ==
        "key record: s=tlsrpt is not for email");
  CHECK(with_key("v=DKIM1; k=ed25519; t=y; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").testing);
  // t=s: i=@football.example.com is d= itself, so the strict flag allows it.
  CHECK(with_key("v=DKIM1; k=ed25519; t=s; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").result == Result::Pass);

  dns::ZoneSet two;
  two.add(dkim_test::txt("brisbane._domainkey.football.example.com", "v=spf1 -all"));
  two.add(dkim_test::txt("brisbane._domainkey.football.example.com", dkim_test::kBrisbaneKey));
  Verifier v(kRfc8463Signed, kNow, 1);
  run(v, two);
  CHECK(v.results()[0].result == Result::Pass);
  CHECK(v.results()[0].key_text == dkim_test::kBrisbaneKey);
}

TEST_CASE("a malformed signature field is permerror at once, without a key query") {
  const std::string m = "DKIM-Signature: v=1; a=rsa-sha256; s=x; h=from; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=AAAA\r\n"
                        "From: a@b.example\r\n\r\nhi\r\n";
  Verifier v(m, kNow, 1);
  CHECK_FALSE(v.next_query());
  CHECK(v.done());
  REQUIRE(v.results().size() == 1);
  CHECK(v.results()[0].result == Result::PermError);
  CHECK(v.results()[0].detail == "missing required tag d=");
  CHECK_FALSE(v.results()[0].signature);
}

TEST_CASE("past the signature limit a signature is neutral and not looked up") {
  Verifier v(kRfc8463Signed, kNow, 1, 1);
  const auto asked = run(v, dkim_test::rfc8463_zone());
  CHECK(asked.size() == 1);
  CHECK(v.results()[0].result == Result::Pass);
  CHECK(v.results()[1].result == Result::Neutral);
  CHECK(v.results()[1].reason == Reason::NotEvaluated);
}

TEST_CASE("an unsigned message has no results and asks nothing") {
  Verifier v("From: a@b.example\r\n\r\nhi\r\n", kNow, 1);
  CHECK(v.done());
  CHECK_FALSE(v.next_query());
  CHECK(v.results().empty());
  CHECK(summary(v.results()) == Result::None);
}

TEST_CASE("hostile messages: many signatures, a huge h=, no header at all, all bounded") {
  std::string many;
  for (int i = 0; i < 100; ++i) {
    many += "DKIM-Signature: v=1; a=ed25519-sha256; d=d" + std::to_string(i) +
            ".example; s=s; h=from; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=AAAA\r\n";
  }
  Verifier v(many + "From: a@b.example\r\n\r\nhi\r\n", kNow, 1);
  const auto asked = run(v, dns::ZoneSet{});
  CHECK(asked.size() == Verifier::kMaxSignatures);
  REQUIRE(v.results().size() == 100);
  CHECK(v.results()[7].reason == Reason::NoKey);
  CHECK(v.results()[8].reason == Reason::NotEvaluated);

  // 20000 h= entries over a short header: each is one lookup, the extra ones sign absence.
  std::string names = "from";
  for (int i = 0; i < 20000; ++i) names += ":subject";
  std::string huge = replaced(kRfc8463Signed, "h=from : to : \r\n subject : date : message-id : from : subject : date;",
                              "h=" + names + ";");
  Verifier h(huge, kNow, 1);
  run(h, dkim_test::rfc8463_zone());
  CHECK(h.results()[0].reason == Reason::SignatureMismatch);
  // What is hashed is the signature field itself and one copy of each field at most.
  CHECK(h.results()[0].header_data.size() < huge.size());

  for (const char* odd : {"", "\r\n", "\r\n\r\n", "DKIM-Signature:\r\n\r\n", "DKIM-Signature: ;;;\r\n", " \r\nx"}) {
    Verifier o(odd, kNow, 1);
    run(o, dns::ZoneSet{});
    CHECK(o.done());
    for (const SignatureCheck& c : o.results()) CHECK(c.result == Result::PermError);
  }
}
