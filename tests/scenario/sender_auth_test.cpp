// The sender authentication keys of a mail server host: spf, dkim, dmarc and dkim_signing, with
// the key the loader makes from the seed and the TXT record it publishes for it.
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/proto/dkim/keys.hpp"
#include "sim/proto/dkim/signature.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

namespace {

// `mx` and `sub` are put into the hosts' objects as they are.
std::string lesson(const std::string& mx, const std::string& sub = "", const std::string& dns = "") {
  return R"json({
  "title": "t",
  "hosts": [
    {"name": "mail.school.example", "address": "10.0.1.25", "role": "submission",
     "domains": ["school.example"])json" + sub + R"json(},
    {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination", "domains": ["school.example"])json" + mx + R"json(},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [
    {"between": ["mail.school.example", "mx.school.example"]},
    {"between": ["ns.example", "mx.school.example"]}
  ],
  "dns": [
    {"name": "mx.school.example", "type": "A", "data": "10.0.1.26"})json" + dns + R"json(
  ]
}
)json";
}

const dns::Record* txt(const scenario::Scenario& s, const std::string& name) {
  for (const auto& r : s.dns_records)
    if (r.name == name && r.type == dns::Type::TXT) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("sender auth keys: the policies are read, off by default") {
  const auto s = scenario::load_text(lesson(R"(, "spf": "reject_fail", "dkim": "verify", "dmarc": "enforce")"), "t.json");
  CHECK(s.hosts[1].sender_auth.spf == scenario::SpfPolicy::RejectFail);
  CHECK(s.hosts[1].sender_auth.dkim_verify);
  CHECK(s.hosts[1].sender_auth.dmarc == scenario::DmarcPolicy::Enforce);
  CHECK(s.hosts[0].sender_auth.spf == scenario::SpfPolicy::Off);
  CHECK_FALSE(s.hosts[0].sender_auth.checks_spf());
  CHECK_FALSE(s.hosts[0].sender_auth.checks_dkim());
  const auto t = scenario::load_text(lesson(R"(, "dmarc": "tag")"), "t.json");
  CHECK(t.hosts[1].sender_auth.checks_spf());  // DMARC needs both results
  CHECK(t.hosts[1].sender_auth.checks_dkim());
}

TEST_CASE("sender auth keys: wrong values and wrong roles are located errors") {
  CHECK(error_of(lesson(R"(, "spf": "reject")")) ==
        "t.json:6:120: /hosts/1/spf: 'reject' is not an SPF policy (off, tag, reject_fail)");
  CHECK(error_of(lesson(R"(, "dkim": "yes")")) ==
        "t.json:6:121: /hosts/1/dkim: 'yes' is not a DKIM policy (off, verify)");
  CHECK(error_of(lesson(R"(, "dmarc": "quarantine")")) ==
        "t.json:6:122: /hosts/1/dmarc: 'quarantine' is not a DMARC policy (off, tag, enforce)");
  CHECK(error_of(lesson("", R"(, "dkim_signing": [{"domain": "school.example", "algorithm": "rsa-sha1"}])")) ==
        "t.json:5:96: /hosts/0/dkim_signing/0/algorithm: 'rsa-sha1' is not a DKIM algorithm (rsa-sha256, ed25519-sha256)");
  CHECK(error_of(lesson("", R"(, "dkim_signing": [{"domain": "school.example", "selector": "a.b"}])")) ==
        "t.json:5:95: /hosts/0/dkim_signing/0/selector: 'a.b' is not a selector: one DNS label (letters, digits, '-')");
  CHECK(error_of(lesson("", R"(, "dkim_signing": [{"domain": "school.example", "canonicalization": "loose"}])")) ==
        R"(t.json:5:103: /hosts/0/dkim_signing/0/canonicalization: 'loose' is not a canonicalization (header/body, each simple or relaxed: "relaxed/simple"))");
  CHECK(error_of(lesson("", R"(, "dkim_signing": [{"domain": "school.example", "headers": ["subject"]}])")) ==
        R"(t.json:5:94: /hosts/0/dkim_signing/0/headers: the signed headers must include "from" (RFC 6376 §5.4))");
  CHECK(error_of(lesson("", R"(, "dkim_signing": [{"domain": "school.example", "private_key": "-----BEGIN PRIVATE KEY-----"}])")) ==
        "t.json:5:98: /hosts/0/dkim_signing/0/private_key: not a usable private key: no PEM private key (PKCS#8 or PKCS#1, unencrypted) found");
  CHECK(error_of(lesson("", R"(, "dkim_signing": [{"domain": "school.example"}, {"domain": "school.example"}])")) ==
        "t.json:5:95: /hosts/0/dkim_signing/1/domain: 'school.example' is already signed by this host");
  CHECK(error_of(R"({"title": "t", "hosts": [{"name": "pc.example", "address": "10.0.0.1", "role": "client", "spf": "tag"}]})") ==
        "t.json:1:90: /hosts/0/spf: 'spf' applies only to submission, relay and destination hosts, not to a client host");
}

TEST_CASE("dkim_signing: a key made from the seed, its TXT record published, the same for the same seed") {
  const std::string text = lesson("", R"(, "dkim_signing": [{"domain": "school.example", "selector": "s1",
      "algorithm": "ed25519-sha256", "canonicalization": "relaxed/simple", "headers": ["From", "Subject"]}])");
  const auto s = scenario::load_text(text, "t.json");
  REQUIRE(s.hosts[0].sender_auth.dkim_signing.size() == 1);
  const auto& d = s.hosts[0].sender_auth.dkim_signing[0];
  CHECK(d.selector == "s1");
  CHECK(d.canonicalization == "relaxed/simple");
  CHECK(d.headers == std::vector<std::string>{"from", "subject"});
  const auto key = dkim::PrivateKey::from_pem(d.private_key);
  REQUIRE(key);
  CHECK(key->type() == dkim::KeyType::Ed25519);
  const dns::Record* r = txt(s, "s1._domainkey.school.example");
  REQUIRE(r != nullptr);
  CHECK(r->data == dkim::key_record_text(*key));
  CHECK(r->data.starts_with("v=DKIM1; k=ed25519; p="));
  CHECK(scenario::load_text(text, "t.json").hosts[0].sender_auth.dkim_signing[0].private_key == d.private_key);
  const auto other = scenario::load_text(R"({"seed": 2,)" + text.substr(1), "t.json");
  CHECK(other.hosts[0].sender_auth.dkim_signing[0].private_key != d.private_key);
}

TEST_CASE("dkim_signing: a record the lesson publishes itself at the selector's name is kept") {
  const auto s = scenario::load_text(
      lesson("", R"(, "dkim_signing": [{"domain": "school.example"}])",
             R"(, {"name": "mail._domainkey.school.example", "type": "TXT", "data": "v=DKIM1; p="})"),
      "t.json");
  int n = 0;
  for (const auto& r : s.dns_records) n += r.name == "mail._domainkey.school.example";
  CHECK(n == 1);
  CHECK(txt(s, "mail._domainkey.school.example")->data == "v=DKIM1; p=");
  CHECK(s.hosts[0].sender_auth.dkim_signing[0].key_record.starts_with("v=DKIM1; k=rsa; p="));
}

TEST_CASE("auth_result expectations: read, and located errors") {
  const std::string base = R"json({
  "title": "t",
  "hosts": [
    {"name": "pc.example", "address": "10.0.0.10", "role": "client"},
    {"name": "mail.example", "address": "10.0.1.25", "role": "submission", "domains": ["school.example"], "relay_from": ["10.0.0.0/24"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [{"between": ["pc.example", "mail.example"]}, {"between": ["ns.example", "mail.example"]}],
  "clients": [{"host": "pc.example", "account": "a@school.example", "submission": "mail.example"}],
  "messages": [{"id": "m1", "at": "1s", "client": "pc.example", "to": "a@school.example"}],
  "expect": [EXPECT]
}
)json";
  auto with = [&](const std::string& expect) {
    std::string t = base;
    t.replace(t.find("EXPECT"), 6, expect);
    return t;
  };
  const auto s = scenario::load_text(with(R"({"auth_result": "m1", "host": "mail.example", "dmarc": "fail", "spf": "pass"})"), "t.json");
  REQUIRE(s.expect.size() == 1);
  CHECK(s.expect[0].kind == scenario::ExpectKind::AuthResult);
  CHECK(s.expect[0].auth == std::vector<std::pair<std::string, std::string>>{{"spf", "pass"}, {"dmarc", "fail"}});
  CHECK(error_of(with(R"({"auth_result": "m1", "host": "mail.example"})")) ==
        "t.json:11:14: /expect/0: an auth_result expectation names at least one of spf, dkim, dmarc with the result expected");
  CHECK(error_of(with(R"({"auth_result": "m1", "host": "mail.example", "dmarc": "softfail"})")) ==
        "t.json:11:69: /expect/0/dmarc: 'softfail' is not a result of dmarc (none, pass, fail, temperror, permerror)");
  CHECK(error_of(with(R"({"auth_result": "m1", "host": "pc.example", "spf": "pass"})")) ==
        "t.json:11:44: /expect/0/host: 'pc.example' is a client host; only mail servers check senders");
  CHECK(error_of(with(R"({"auth_result": "m9", "host": "mail.example", "spf": "pass"})")) ==
        "t.json:11:30: /expect/0/auth_result: no message with id 'm9'");
}
