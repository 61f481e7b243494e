// DMARC records (RFC 7489 §6.3, §6.4, §6.6.3), with records in the form of Appendix B's examples.
#include <doctest/doctest.h>

#include "sim/proto/dmarc/record.hpp"

using namespace mailsim::dmarc;

TEST_CASE("a monitoring record: p=none with aggregate reports, every other tag at its default") {
  auto r = parse_record("v=DMARC1; p=none; rua=mailto:dmarc-feedback@example.com");
  REQUIRE(r);
  CHECK(r->policy == Policy::None);
  CHECK_FALSE(r->subdomain_policy);
  CHECK(r->rua == std::vector<std::string>{"mailto:dmarc-feedback@example.com"});
  CHECK(r->pct == 100);
  CHECK(r->adkim == Alignment::Relaxed);
  CHECK(r->aspf == Alignment::Relaxed);
  CHECK(r->fo == "0");
  CHECK(r->rf == "afrf");
  CHECK(r->ri == 86400);
  CHECK(r->warnings.empty());
}

TEST_CASE("quarantine for a quarter, two report addresses one with a size limit, strict alignment") {
  auto r = parse_record("v=DMARC1; p=quarantine; "
                        "rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net!10m; "
                        "pct=25; adkim=s; aspf=S; sp=Reject; fo=1:d; ri=3600; ruf=mailto:auth-reports@example.com");
  REQUIRE(r);
  CHECK(r->policy == Policy::Quarantine);
  CHECK(r->subdomain_policy == Policy::Reject);
  CHECK(r->policy_for(false) == Policy::Quarantine);
  CHECK(r->policy_for(true) == Policy::Reject);
  CHECK(r->rua.size() == 2);
  CHECK(r->rua[1] == "mailto:tld-test@thirdparty.example.net!10m");
  CHECK(r->ruf.size() == 1);
  CHECK(r->pct == 25);
  CHECK(r->adkim == Alignment::Strict);
  CHECK(r->aspf == Alignment::Strict);
  CHECK(r->fo == "1:d");
  CHECK(r->ri == 3600);
}

TEST_CASE("v=DMARC1 must come first and exactly so, and the record must be a tag list") {
  CHECK(parse_record("p=reject; v=DMARC1").error == "not a DMARC record (it must start with v=DMARC1)");
  CHECK(parse_record("v=dmarc1; p=reject").error == "not a DMARC record (it must start with v=DMARC1)");
  CHECK(parse_record("v=DMARC10; p=reject").error == "not a DMARC record (it must start with v=DMARC1)");
  CHECK(parse_record("v=spf1 -all").error == "not a DMARC record (it must start with v=DMARC1)");
  CHECK(parse_record("v=DMARC1; p=reject; p=none").error == "duplicate tag p=");
  CHECK(is_dmarc_record(" v = DMARC1;p=none"));
  CHECK(is_dmarc_record("v=DMARC1"));
}

TEST_CASE("no valid p=: with a rua= the record acts as p=none, without one it is not used") {
  CHECK(parse_record("v=DMARC1").error == "no p=, and no rua=");
  CHECK(parse_record("v=DMARC1; p=block").error == "p=block is not none, quarantine or reject, and no rua=");
  CHECK(parse_record("v=DMARC1; p=reject; sp=maybe").error == "sp=maybe is not none, quarantine or reject, and no rua=");
  auto r = parse_record("v=DMARC1; p=block; sp=reject; rua=mailto:r@example.com");
  REQUIRE(r);
  CHECK(r->policy == Policy::None);
  CHECK_FALSE(r->subdomain_policy);
  CHECK(r->warnings == std::vector<std::string>{"p=block is not none, quarantine or reject: the record acts as p=none, for its rua="});
  // A rua= with no valid URI does not rescue a record without p=.
  CHECK(parse_record("v=DMARC1; rua=not-a-uri").error == "no p=, and no rua=");
}

TEST_CASE("other invalid values fall back to their defaults with a warning, unknown tags are ignored") {
  auto r = parse_record("v=DMARC1; p=reject; pct=150; adkim=x; aspf=; fo=2; rf=iodef; ri=soon; rua=mailto:a@x.example,bogus; "
                        "future=yes");
  REQUIRE(r);
  CHECK(r->policy == Policy::Reject);
  CHECK(r->pct == 100);
  CHECK(r->adkim == Alignment::Relaxed);
  CHECK(r->fo == "0");
  CHECK(r->rf == "afrf");
  CHECK(r->ri == 86400);
  CHECK(r->rua == std::vector<std::string>{"mailto:a@x.example"});
  CHECK(r->warnings == std::vector<std::string>{
                           "rua=: bogus is not a URI and is skipped",
                           "pct=150 is not 0-100: 100 is used",
                           "adkim=x is not r or s: r is used",
                           "aspf= is not r or s: r is used",
                           "fo=2 is not a list of 0, 1, d, s: 0 is used",
                           "rf=iodef names no known report format: afrf is used",
                           "ri=soon is not a number of seconds: 86400 is used",
                       });
  CHECK(r->tags.find("future")->value == "yes");
}
