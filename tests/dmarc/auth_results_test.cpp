// Authentication-Results (RFC 8601) for dkim= and dmarc=, byte for byte.
#include <doctest/doctest.h>

#include "sim/proto/dmarc/auth_results.hpp"

using namespace mailsim;
using namespace mailsim::dmarc;

namespace {

dkim::SignatureCheck check(dkim::Result r, std::string detail, std::string b64) {
  dkim::SignatureCheck c;
  c.result = r;
  c.detail = std::move(detail);
  c.signature = dkim::Signature{};
  c.signature->domain = "school.example";
  c.signature->selector = "mail";
  c.signature->identity = "@school.example";
  c.signature->b64 = std::move(b64);
  return c;
}

}  // namespace

TEST_CASE("a passing signature and a passing DMARC check, one resinfo per line") {
  Evaluation e;
  e.result = Result::Pass;
  e.from_domain = "school.example";
  e.record = Record{};
  e.record->policy = Policy::Reject;
  e.disposition = Policy::None;
  std::vector<ResInfo> r = dkim_resinfo({check(dkim::Result::Pass, "signature verified", "kJ3aQ9QxZZZZ")});
  r.push_back(dmarc_resinfo(e));
  CHECK(authentication_results("mx.home.example", r) ==
        "mx.home.example;\r\n"
        "\tdkim=pass header.d=school.example header.i=@school.example header.s=mail\r\n"
        "\theader.b=kJ3aQ9Qx;\r\n"
        "\tdmarc=pass (p=reject dis=none) header.from=school.example");
}

TEST_CASE("a failed signature says why, header.b is quoted when it is no token, dmarc shows sp= and dis=") {
  Evaluation e;
  e.result = Result::Fail;
  e.from_domain = "news.school.example";
  e.record = Record{};
  e.record->policy = Policy::Reject;
  e.record->subdomain_policy = Policy::Quarantine;
  e.disposition = Policy::Quarantine;
  std::vector<ResInfo> r = dkim_resinfo({check(dkim::Result::Fail, "body hash mismatch", "a/b+c=d=efgh")});
  r.push_back(dmarc_resinfo(e));
  CHECK(authentication_results("mx.home.example", r) ==
        "mx.home.example;\r\n"
        "\tdkim=fail reason=\"body hash mismatch\" header.d=school.example\r\n"
        "\theader.i=@school.example header.s=mail header.b=\"a/b+c=d=\";\r\n"
        "\tdmarc=fail (p=reject sp=quarantine dis=quarantine)\r\n"
        "\theader.from=news.school.example");
}

TEST_CASE("no signature is dkim=none, no DMARC record dmarc=none without a policy comment, no results at all 'none'") {
  Evaluation e;
  e.result = Result::None;
  e.from_domain = "home.example";
  std::vector<ResInfo> r = dkim_resinfo({});
  r.push_back(dmarc_resinfo(e));
  CHECK(authentication_results("mx.home.example", r) ==
        "mx.home.example;\r\n\tdkim=none;\r\n\tdmarc=none header.from=home.example");
  CHECK(authentication_results("mx.home.example", {}) == "mx.home.example; none");
}

TEST_CASE("a signature that did not parse has no properties, a testing key gets a comment") {
  dkim::SignatureCheck bad;
  bad.result = dkim::Result::PermError;
  bad.detail = "missing required tag d=";
  dkim::SignatureCheck testing = check(dkim::Result::Pass, "signature verified", "AAAAAAAA");
  testing.testing = true;
  CHECK(authentication_results("mx", dkim_resinfo({bad, testing})) ==
        "mx;\r\n"
        "\tdkim=permerror reason=\"missing required tag d=\";\r\n"
        "\tdkim=pass (key in testing mode) header.d=school.example\r\n"
        "\theader.i=@school.example header.s=mail header.b=AAAAAAAA");
}

TEST_CASE("an SPF resinfo from another module fits in, smtp.mailfrom as an address") {
  ResInfo spf{"spf", "pass", "", "", {{"smtp.mailfrom", "alice@school.example"}}};
  CHECK(authentication_results("mx", {spf}) == "mx;\r\n\tspf=pass smtp.mailfrom=alice@school.example");
}
