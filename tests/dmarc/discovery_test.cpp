// Policy discovery (RFC 7489 §6.6.3): the From domain first, then its organizational domain.
#include <doctest/doctest.h>

#include "sim/proto/dmarc/discovery.hpp"
#include "support.hpp"

using namespace mailsim;
using namespace mailsim::dmarc;
using dmarc_test::run;
using dmarc_test::txt;

namespace {

dns::ZoneSet school() {
  dns::ZoneSet z;
  z.add(txt("_dmarc.school.example", "v=DMARC1; p=reject; sp=quarantine"));
  z.add(txt("school.example", "v=spf1 mx -all"));
  return z;
}

}  // namespace

TEST_CASE("the record at the From domain itself: one query, p= applies") {
  PolicyDiscovery d("School.example", PublicSuffixList::builtin(), 40);
  CHECK(run(d, school()) == std::vector<std::string>{"query id=40 TXT _dmarc.school.example"});
  CHECK(d.status() == DiscoveryStatus::Found);
  CHECK(d.record_name() == "_dmarc.school.example");
  CHECK(d.record_text() == "v=DMARC1; p=reject; sp=quarantine");
  CHECK_FALSE(d.subdomain());
  CHECK(d.record()->policy_for(d.subdomain()) == Policy::Reject);
}

TEST_CASE("a subdomain without a record: the organizational domain's, and sp= applies") {
  PolicyDiscovery d("news.school.example", PublicSuffixList::builtin(), 1);
  CHECK(run(d, school()) == std::vector<std::string>{"query id=1 TXT _dmarc.news.school.example",
                                                     "query id=2 TXT _dmarc.school.example"});
  CHECK(d.status() == DiscoveryStatus::Found);
  CHECK(d.organizational_domain() == "school.example");
  CHECK(d.subdomain());
  CHECK(d.record()->policy_for(d.subdomain()) == Policy::Quarantine);
  CHECK(d.notes() == std::vector<std::string>{"_dmarc.news.school.example: NXDOMAIN",
                                              "_dmarc.school.example: v=DMARC1; p=reject; sp=quarantine"});
}

TEST_CASE("no record anywhere: none after both queries, other TXT records do not count") {
  dns::ZoneSet z;
  z.add(txt("_dmarc.home.example", "google-site-verification=abc"));
  PolicyDiscovery d("mail.home.example", PublicSuffixList::builtin(), 1);
  CHECK(run(d, z).size() == 2);
  CHECK(d.status() == DiscoveryStatus::None);
  CHECK(d.notes().back() == "_dmarc.home.example: no DMARC record");
  PolicyDiscovery org("home.example", PublicSuffixList::builtin(), 1);
  CHECK(run(org, z).size() == 1);  // already the organizational domain: nothing more to ask
  CHECK(org.status() == DiscoveryStatus::None);
}

TEST_CASE("two DMARC records, or an unusable one, end discovery without DMARC") {
  dns::ZoneSet two;
  two.add(txt("_dmarc.x.example", "v=DMARC1; p=reject"));
  two.add(txt("_dmarc.x.example", "v=DMARC1; p=none"));
  PolicyDiscovery d("x.example", PublicSuffixList::builtin(), 1);
  run(d, two);
  CHECK(d.status() == DiscoveryStatus::None);
  CHECK(d.notes().back() == "_dmarc.x.example: 2 DMARC records, so none applies");

  dns::ZoneSet bad;
  bad.add(txt("_dmarc.sub.x.example", "v=DMARC1; p=maybe"));
  bad.add(txt("_dmarc.x.example", "v=DMARC1; p=reject"));
  PolicyDiscovery sub("sub.x.example", PublicSuffixList::builtin(), 1);
  CHECK(run(sub, bad).size() == 1);  // a DMARC record was found: no fallback to x.example
  CHECK(sub.status() == DiscoveryStatus::None);
  CHECK(sub.notes().back() == "_dmarc.sub.x.example: p=maybe is not none, quarantine or reject, and no rua=");
}

TEST_CASE("a timeout or SERVFAIL is temperror") {
  PolicyDiscovery d("school.example", PublicSuffixList::builtin(), 1);
  run(d, school(), {"_dmarc.school.example"});
  CHECK(d.status() == DiscoveryStatus::TempError);
  CHECK(d.notes().back() == "_dmarc.school.example: no answer");

  PolicyDiscovery s("school.example", PublicSuffixList::builtin(), 9);
  auto q = s.next_query();
  REQUIRE(q);
  dns::Message servfail;
  servfail.response = true;
  servfail.id = 10;  // not ours
  s.on_response(servfail);
  CHECK(s.status() == DiscoveryStatus::InProgress);
  servfail.id = 9;
  servfail.rcode = dns::Rcode::ServFail;
  s.on_response(servfail);
  CHECK(s.status() == DiscoveryStatus::TempError);
  CHECK_FALSE(s.next_query());
}

TEST_CASE("no From domain: nothing to ask") {
  PolicyDiscovery d("", PublicSuffixList::builtin(), 1);
  CHECK_FALSE(d.next_query());
  CHECK(d.status() == DiscoveryStatus::None);
}
