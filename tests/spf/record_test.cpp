// Reading SPF records (RFC 7208 §4.5, §4.6, §5, §6, §12): every term, every way a term can be wrong.
#include <doctest/doctest.h>

#include "sim/proto/spf/record.hpp"

using namespace mailsim;
using namespace mailsim::spf;
using namespace std::string_literals;

namespace {

Record parsed(std::string_view text) {
  std::string error;
  auto r = parse_record(text, error);
  INFO(error);
  REQUIRE(r);
  return *r;
}

std::string error_of(std::string_view text) {
  std::string error;
  return parse_record(text, error) ? "(no error)" : error;
}

}  // namespace

TEST_CASE("record: which TXT records are SPF records (§4.5)") {
  CHECK(is_spf_record("v=spf1"));
  CHECK(is_spf_record("v=spf1 -all"));
  CHECK(is_spf_record("V=SpF1 ~all"));
  CHECK_FALSE(is_spf_record("v=spf10"));
  CHECK_FALSE(is_spf_record("v=spf1mx"));
  CHECK_FALSE(is_spf_record(" v=spf1 -all"));
  CHECK_FALSE(is_spf_record("v=spf3 -all"));
  CHECK_FALSE(is_spf_record("spf2.0/pra -all"));
}

TEST_CASE("record: every mechanism with its qualifier, target and CIDR lengths") {
  const Record r = parsed(
      "v=spf1 +all -include:_spf.example.com ~a ?a:mail.example.com/24 a/28//64 A:x.example//48 mx mx:mx.example.com "
      "mx//0 ptr ptr:example.com ip4:192.0.2.0/24 IP4:192.0.2.1 ip6:2001:db8::/32 ip6:::ffff:1.2.3.4 "
      "exists:%{i}.bl.example.org");
  REQUIRE(r.directives.size() == 16);
  const auto& d = r.directives;
  CHECK(d[0].qualifier == Qualifier::Pass);
  CHECK(d[0].mechanism == Mechanism::All);
  CHECK(d[1].qualifier == Qualifier::Fail);
  CHECK(d[1].mechanism == Mechanism::Include);
  CHECK(d[1].domain->text == "_spf.example.com");
  CHECK(d[1].text == "-include:_spf.example.com");
  CHECK(d[2].qualifier == Qualifier::SoftFail);
  CHECK_FALSE(d[2].domain.has_value());
  CHECK(d[3].qualifier == Qualifier::Neutral);
  CHECK(d[3].domain->text == "mail.example.com");
  CHECK(d[3].cidr4 == 24);
  CHECK(d[3].cidr6 == 128);
  CHECK(d[4].cidr4 == 28);
  CHECK(d[4].cidr6 == 64);
  CHECK(d[5].mechanism == Mechanism::A);
  CHECK(d[5].cidr4 == 32);
  CHECK(d[5].cidr6 == 48);
  CHECK(d[6].mechanism == Mechanism::Mx);
  CHECK(d[7].domain->text == "mx.example.com");
  CHECK(d[8].cidr6 == 0);
  CHECK(d[9].mechanism == Mechanism::Ptr);
  CHECK(d[10].domain->text == "example.com");
  CHECK(d[11].mechanism == Mechanism::Ip4);
  CHECK(dns::to_string(d[11].network) == "192.0.2.0");
  CHECK(d[11].cidr4 == 24);
  CHECK(d[12].cidr4 == 32);
  CHECK(d[13].mechanism == Mechanism::Ip6);
  CHECK(dns::to_string(d[13].network) == "2001:db8::");
  CHECK(d[13].cidr6 == 32);
  CHECK(dns::to_string(d[14].network) == "::ffff:1.2.3.4");
  CHECK(d[15].mechanism == Mechanism::Exists);
  CHECK(d[15].domain->uses('i'));
  CHECK(d[1].queries_dns());
  CHECK_FALSE(d[11].queries_dns());
}

TEST_CASE("record: a domain-spec may hold ':' and '/', CIDR lengths come off the end") {
  const Record r = parsed("v=spf1 a:foo:bar/baz.example.com mx:foo.example.com/24 a:example.com/0");
  CHECK(r.directives[0].domain->text == "foo:bar/baz.example.com");
  CHECK(r.directives[0].cidr4 == 32);
  CHECK(r.directives[1].domain->text == "foo.example.com");
  CHECK(r.directives[1].cidr4 == 24);
  CHECK(r.directives[2].cidr4 == 0);
}

TEST_CASE("record: modifiers, known and unknown, and spaces between and after terms") {
  const Record r = parsed("v=spf1  a   -all exp=explain._spf.%{d} moo.cow-far_out=man:dog/cat default=+ redirect=_spf.example.com ");
  CHECK(r.directives.size() == 2);
  CHECK(r.exp->text == "explain._spf.%{d}");
  CHECK(r.redirect->text == "_spf.example.com");
  CHECK(r.unknown_modifiers == std::vector<std::string>{"moo.cow-far_out=man:dog/cat", "default=+"});
  CHECK(parsed("v=spf1").directives.empty());
  CHECK(parsed("v=spf1 REDIRECT=x.example Exp=y.example").redirect->text == "x.example");
}

TEST_CASE("record: syntax errors anywhere, each with its reason") {
  CHECK(error_of("v=spf1 ip4:1.2.3.4 -all moo") ==
        "'moo' is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)");
  CHECK(error_of("v=spf1 -all.") == "'-all.': 'all' takes no argument");
  CHECK(error_of("v=spf1 -all:foobar") == "'-all:foobar': 'all' takes no argument");
  CHECK(error_of("v=spf1 -all/8") == "'-all/8': 'all' takes no argument");
  CHECK(error_of("v=spf1 include") == "'include': 'include' needs ':' and a domain");
  CHECK(error_of("v=spf1 include:") == "'include:': a domain-spec cannot be empty");
  CHECK(error_of("v=spf1 exists:mail.example.com/24") ==
        "'exists:mail.example.com/24': 'mail.example.com/24': a domain-spec must end in a top-level label (like '.example') or a macro");
  CHECK(error_of("v=spf1 ptr/0") == "'ptr/0': 'ptr' takes only ':' and a domain");
  CHECK(error_of("v=spf1 a/33") == "'a/33': the CIDR length /33 is longer than 32");
  CHECK(error_of("v=spf1 a//129") == "'a//129': the CIDR length /129 is longer than 128");
  CHECK(error_of("v=spf1 a/24/64") == "'a/24/64': the CIDR length /64 is longer than 32");
  CHECK(error_of("v=spf1 ip4:1.2.3.4/032") == "'ip4:1.2.3.4/032': a CIDR length is written without leading zeros");
  CHECK(error_of("v=spf1 a:museum") ==
        "'a:museum': 'museum': a domain-spec must end in a top-level label (like '.example') or a macro");
  CHECK(error_of("v=spf1 ax") ==
        "'ax' is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)");
  CHECK(error_of("v=spf1 ip4") == "'ip4': ip4 needs ':' and a network, like ip4:192.0.2.0/24");
  CHECK(error_of("v=spf1 ip4:1.2.3") == "'ip4:1.2.3': '1.2.3' is not an IPv4 network");
  CHECK(error_of("v=spf1 ip4:192.0.2.01") == "'ip4:192.0.2.01': '192.0.2.01' is not an IPv4 network");
  CHECK(error_of("v=spf1 ip4:1.2.3.4:8080") == "'ip4:1.2.3.4:8080': '1.2.3.4:8080' is not an IPv4 network");
  CHECK(error_of("v=spf1 ip4:1.2.3.4//32") == "'ip4:1.2.3.4//32': '1.2.3.4/' is not an IPv4 network");
  CHECK(error_of("v=spf1 ip6::CAFE::BABE") == "'ip6::CAFE::BABE': ':CAFE::BABE' is not an IPv6 network");
  CHECK(error_of("v=spf1 ip6:::1.1.1.1//33") == "'ip6:::1.1.1.1//33': '::1.1.1.1/' is not an IPv6 network");
  CHECK(error_of("v=spf1 redirect:t2.example.com") ==
        "'redirect:t2.example.com' is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)");
  CHECK(error_of("v=spf1 redirect=a.example redirect=b.example") == "'redirect=b.example': 'redirect' may appear only once");
  CHECK(error_of("v=spf1 exp=a.example -all exp=b.example") == "'exp=b.example': 'exp' may appear only once");
  CHECK(error_of("v=spf1 exp= -all") == "'exp=': a domain-spec cannot be empty");
  CHECK(error_of("v=spf1 redirect=-all") ==
        "'redirect=-all': '-all': a domain-spec must end in a top-level label (like '.example') or a macro");
  CHECK(error_of("v=spf1 exp=%{r}.example.com") == "'exp=%{r}.example.com': '%{r}': the 'r' macro is allowed only in explanation text");
  CHECK(error_of("v=spf1 -all foo=%abc") == "'foo=%abc': '%abc': '%a' is not a macro (after '%' comes '{', '%', '_' or '-')");
  CHECK(error_of("v=spf1 1up=foo") ==
        "'1up=foo' is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)");
  CHECK(error_of("v=spf1 =all") ==
        "'=all' is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)");
  // Only spaces separate terms: a line break or NUL stays inside its term and spoils it.
  CHECK(error_of("v=spf1 ip4:192.0.2.5\n include:x.example ~all") == "'ip4:192.0.2.5\n': '192.0.2.5\n' is not an IPv4 network");
  CHECK(error_of("v=spf1 a:foo.example.com\0"s) ==
        "'a:foo.example.com\0': 'foo.example.com\0': the octet 0x00 at offset 15 is not allowed (only visible ASCII characters)"s);
  CHECK(error_of("v=spf1\t-all") == "'v=spf1\t-all' does not start with 'v=spf1'");
}
