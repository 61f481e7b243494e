// Received-SPF (RFC 7208 §9.1) and the spf result of Authentication-Results (RFC 8601 §2.7.2).
#include <doctest/doctest.h>

#include "sim/proto/spf/headers.hpp"
#include "spf/fixture.hpp"

using namespace spftest;

namespace {

Dns zone() {
  Dns d;
  d.txt("school.example", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~ip4:198.51.100.0/24 ?ip4:203.0.113.0/24 -all");
  d.txt("mail.school.example", "v=spf1 a -all").a("mail.school.example", "192.0.2.25");
  d.txt("broken.example", "v=spf1 ip4:192.0.2.300 -all");
  return d;
}

}  // namespace

TEST_CASE("Received-SPF: result, comment, and the key-value pairs of §9.1") {
  Dns d = zone();
  CHECK(spf::received_spf(d.check("192.0.2.25", "alice@school.example", "mail.school.example"), "mx.home.example") ==
        "pass (mx.home.example: domain of alice@school.example designates 192.0.2.25 as permitted sender) "
        "receiver=mx.home.example; client-ip=192.0.2.25; envelope-from=\"alice@school.example\"; "
        "helo=mail.school.example; identity=mailfrom; mechanism=\"ip4:192.0.2.0/24\";");
  CHECK(spf::received_spf(d.check("10.9.9.9", "alice@school.example", "evil.example"), "mx.home.example") ==
        "fail (mx.home.example: domain of alice@school.example does not designate 10.9.9.9 as permitted sender) "
        "receiver=mx.home.example; client-ip=10.9.9.9; envelope-from=\"alice@school.example\"; helo=evil.example; "
        "identity=mailfrom; mechanism=-all;");
  CHECK(spf::received_spf(d.check("198.51.100.1", "alice@school.example", "x.example"), "mx") ==
        "softfail (mx: domain of transitioning alice@school.example does not designate 198.51.100.1 as permitted sender) "
        "receiver=mx; client-ip=198.51.100.1; envelope-from=\"alice@school.example\"; helo=x.example; "
        "identity=mailfrom; mechanism=\"~ip4:198.51.100.0/24\";");
  CHECK(spf::received_spf(d.check("203.0.113.1", "alice@school.example", "x.example"), "mx") ==
        "neutral (mx: 203.0.113.1 is neither permitted nor denied by domain of alice@school.example) "
        "receiver=mx; client-ip=203.0.113.1; envelope-from=\"alice@school.example\"; helo=x.example; "
        "identity=mailfrom; mechanism=\"?ip4:203.0.113.0/24\";");
  // IPv6 addresses and the null reverse-path are no dot-atoms: quoted.
  CHECK(spf::received_spf(d.check("2001:db8::1", "", "mail.school.example"), "mx") ==
        "fail (mx: domain of postmaster@mail.school.example does not designate 2001:db8::1 as permitted sender) "
        "receiver=mx; client-ip=\"2001:db8::1\"; envelope-from=\"<>\"; helo=mail.school.example; "
        "identity=mailfrom; mechanism=-all;");
  CHECK(spf::received_spf(d.check("192.0.2.1", "bob@nowhere.example", "x.example"), "mx") ==
        "none (mx: domain of bob@nowhere.example does not designate permitted sender hosts) "
        "receiver=mx; client-ip=192.0.2.1; envelope-from=\"bob@nowhere.example\"; helo=x.example; identity=mailfrom;");
  CHECK(spf::received_spf(d.check("192.0.2.1", "bob@broken.example", "x.example"), "mx") ==
        "permerror (mx: permanent error in processing domain of bob@broken.example) "
        "receiver=mx; client-ip=192.0.2.1; envelope-from=\"bob@broken.example\"; helo=x.example; identity=mailfrom; "
        "problem=\"'ip4:192.0.2.300': '192.0.2.300' is not an IPv4 network\";");
}

TEST_CASE("Received-SPF: the HELO identity, and text that needs quoting") {
  Dns d = zone();
  spf::Evaluator helo(spf::Request::helo_check(ip("192.0.2.25"), "mail.school.example"), {}, 1);
  d.serve(helo);
  CHECK(spf::received_spf(helo, "mx") ==
        "pass (mx: domain of mail.school.example designates 192.0.2.25 as permitted sender) "
        "receiver=mx; client-ip=192.0.2.25; helo=mail.school.example; identity=helo; mechanism=a;");
  CHECK(spf::received_spf(d.check("192.0.2.1", "\"a(b)\\\"c\"@nowhere.example", "JUMPIN' JUPITER"), "mx") ==
        "none (mx: domain of \"a\\(b\\)\\\\\"c\"@nowhere.example does not designate permitted sender hosts) "
        "receiver=mx; client-ip=192.0.2.1; envelope-from=\"\\\"a(b)\\\\\\\"c\\\"@nowhere.example\"; "
        "helo=\"JUMPIN' JUPITER\"; identity=mailfrom;");
}

TEST_CASE("Authentication-Results: spf=result, a comment, smtp.mailfrom or smtp.helo") {
  Dns d = zone();
  CHECK(spf::authentication_results_spf(d.check("192.0.2.25", "alice@school.example", "mail.school.example")) ==
        "spf=pass (domain of alice@school.example designates 192.0.2.25 as permitted sender) "
        "smtp.mailfrom=alice@school.example");
  CHECK(spf::authentication_results_spf(d.check("10.9.9.9", "", "mail.school.example")) ==
        "spf=fail (domain of postmaster@mail.school.example does not designate 10.9.9.9 as permitted sender) "
        "smtp.mailfrom=postmaster@mail.school.example");
  CHECK(spf::authentication_results_spf(d.check("192.0.2.1", "bob@broken.example", "x.example")) ==
        "spf=permerror reason=\"'ip4:192.0.2.300': '192.0.2.300' is not an IPv4 network\" "
        "(permanent error in processing domain of bob@broken.example) smtp.mailfrom=bob@broken.example");
  spf::Evaluator helo(spf::Request::helo_check(ip("192.0.2.99"), "mail.school.example"), {}, 1);
  d.serve(helo);
  CHECK(spf::authentication_results_spf(helo) ==
        "spf=fail (domain of mail.school.example does not designate 192.0.2.99 as permitted sender) "
        "smtp.helo=mail.school.example");
}
