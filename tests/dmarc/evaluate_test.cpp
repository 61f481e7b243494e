// Identifier alignment (RFC 7489 §3.1, with its examples) and the policy decision (§6.6.2, pct=
// in §6.6.4), after discovery against a zone.
#include <doctest/doctest.h>

#include "sim/proto/dmarc/evaluate.hpp"
#include "support.hpp"

using namespace mailsim;
using namespace mailsim::dmarc;

namespace {

const PublicSuffixList kPsl = PublicSuffixList::builtin();

PolicyDiscovery discovered(const std::string& from_domain, const std::string& record,
                           const std::string& at = "example.com") {
  dns::ZoneSet z;
  z.add(dmarc_test::txt("_dmarc." + at, record));
  PolicyDiscovery d(from_domain, kPsl, 1);
  dmarc_test::run(d, z);
  return d;
}

Evaluation eval(const std::string& from, const std::string& record, std::optional<AuthIdentity> spf,
                std::vector<AuthIdentity> dkim, unsigned draw = 0) {
  return evaluate(discovered(from, record), spf, dkim, draw, kPsl);
}

}  // namespace

TEST_CASE("§3.1.1: d=example.com aligns with From news.example.com when relaxed, not when strict") {
  const Evaluation relaxed = eval("news.example.com", "v=DMARC1; p=reject", std::nullopt, {{"example.com", true}});
  CHECK(relaxed.result == Result::Pass);
  CHECK(relaxed.disposition == Policy::None);
  CHECK(relaxed.reason == "DKIM d=example.com passed and is aligned with From news.example.com");
  REQUIRE(relaxed.comparisons.size() == 1);
  CHECK(relaxed.comparisons[0].aligned);

  const Evaluation strict = eval("news.example.com", "v=DMARC1; p=reject; adkim=s", std::nullopt, {{"example.com", true}});
  CHECK(strict.result == Result::Fail);
  CHECK(strict.subdomain);
  CHECK(strict.disposition == Policy::Reject);
  CHECK_FALSE(strict.comparisons[0].aligned);
  CHECK(strict.comparisons[0].passed);
}

TEST_CASE("§3.1.2: MAIL FROM example.com aligns with From alerts.example.com when relaxed, not when strict") {
  CHECK(eval("alerts.example.com", "v=DMARC1; p=quarantine", AuthIdentity{"example.com", true}, {}).result == Result::Pass);
  const Evaluation strict = eval("alerts.example.com", "v=DMARC1; p=quarantine; aspf=s", AuthIdentity{"example.com", true}, {});
  CHECK(strict.result == Result::Fail);
  CHECK(strict.disposition == Policy::Quarantine);
}

TEST_CASE("a spoofed From: SPF and DKIM pass for the sender's own domain, which is not aligned") {
  const Evaluation e = eval("example.com", "v=DMARC1; p=reject", AuthIdentity{"attacker.example", true},
                            {{"attacker.example", true}});
  CHECK(e.result == Result::Fail);
  CHECK(e.policy == Policy::Reject);
  CHECK(e.disposition == Policy::Reject);
  CHECK(e.reason == "no passing identifier is aligned with From example.com");
  CHECK(e.comparisons.size() == 2);
}

TEST_CASE("forwarding: SPF fails at the forwarder, DKIM survives, DMARC passes on DKIM") {
  const Evaluation e = eval("example.com", "v=DMARC1; p=reject", AuthIdentity{"example.com", false}, {{"example.com", true}});
  CHECK(e.result == Result::Pass);
  CHECK(e.comparisons[0].method == "dkim");
  CHECK(e.comparisons[1].method == "spf");
  CHECK_FALSE(e.comparisons[1].aligned);
}

TEST_CASE("an aligned d= whose signature failed does not count") {
  CHECK(eval("example.com", "v=DMARC1; p=reject", std::nullopt, {{"example.com", false}}).result == Result::Fail);
  CHECK(eval("example.com", "v=DMARC1; p=reject", std::nullopt, {}).reason ==
        "no SPF or DKIM result to align with From example.com");
}

TEST_CASE("pct=: the policy for draws below it, the next milder one for the rest") {
  const std::string reject25 = "v=DMARC1; p=reject; pct=25";
  const Evaluation in = eval("example.com", reject25, std::nullopt, {}, 24);
  CHECK(in.disposition == Policy::Reject);
  CHECK_FALSE(in.sampled_out);
  const Evaluation out = eval("example.com", reject25, std::nullopt, {}, 25);
  CHECK(out.disposition == Policy::Quarantine);
  CHECK(out.sampled_out);
  CHECK(eval("example.com", "v=DMARC1; p=quarantine; pct=0", std::nullopt, {}, 0).disposition == Policy::None);
  CHECK(eval("example.com", "v=DMARC1; p=quarantine; pct=100", std::nullopt, {}, 99).disposition == Policy::Quarantine);
  CHECK(eval("example.com", "v=DMARC1; p=none", std::nullopt, {}, 0).disposition == Policy::None);
}

TEST_CASE("sp= for a subdomain that has no record of its own") {
  const Evaluation e = eval("news.example.com", "v=DMARC1; p=reject; sp=none", std::nullopt, {});
  CHECK(e.result == Result::Fail);
  CHECK(e.subdomain);
  CHECK(e.policy == Policy::None);
  CHECK(e.disposition == Policy::None);
}

TEST_CASE("no record is dmarc=none, a failed lookup temperror, and neither decides anything") {
  dns::ZoneSet empty;
  PolicyDiscovery none("example.com", kPsl, 1);
  dmarc_test::run(none, empty);
  const Evaluation n = evaluate(none, AuthIdentity{"x.example", true}, {}, 0, kPsl);
  CHECK(n.result == Result::None);
  CHECK(n.reason == "_dmarc.example.com: NXDOMAIN");
  CHECK(n.disposition == Policy::None);
  PolicyDiscovery slow("example.com", kPsl, 1);
  dmarc_test::run(slow, empty, {"_dmarc.example.com"});
  CHECK(evaluate(slow, std::nullopt, {}, 0, kPsl).result == Result::TempError);
}

TEST_CASE("the From domain: one field with one address, or the reason there is none") {
  CHECK(*author_domain("From: \"Joe\" <joe@Football.Example.com>\r\n\r\nhi\r\n") == "football.example.com");
  CHECK(author_domain("To: a@b.example\r\n\r\nhi\r\n").error == "the message has no From field");
  CHECK(author_domain("From: a@b.example\r\nFrom: c@d.example\r\n\r\n").error == "the message has 2 From fields");
  CHECK(author_domain("From: a@b.example, c@d.example\r\n\r\n").error == "From holds 2 addresses, not one");
  CHECK(author_domain("From: undisclosed\r\n\r\n").error == "From holds 0 addresses, not one");
}

TEST_CASE("DKIM identities are the signatures' d= with whether each passed") {
  std::vector<dkim::SignatureCheck> checks(3);
  checks[0].signature = dkim::Signature{};
  checks[0].signature->domain = "school.example";
  checks[0].result = dkim::Result::Pass;
  checks[1].signature = dkim::Signature{};
  checks[1].signature->domain = "isp.example";
  checks[1].result = dkim::Result::Fail;
  // checks[2] did not parse: no d= to speak of
  const auto ids = dkim_identities(checks);
  REQUIRE(ids.size() == 2);
  CHECK(ids[0].domain == "school.example");
  CHECK(ids[0].pass);
  CHECK_FALSE(ids[1].pass);
}
