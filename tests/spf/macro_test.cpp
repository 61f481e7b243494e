// Macros (RFC 7208 §7): the RFC's own examples of §7.4, then the grammar's corners.
#include <doctest/doctest.h>

#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/spf/macro.hpp"

using namespace mailsim;
using namespace mailsim::spf;

namespace {

// §7.4: "The <sender> is strong-bad@email.example.com. The IPv4 SMTP client IP is 192.0.2.3. The
// IPv6 SMTP client IP is 2001:db8::cb01. The PTR domain name of the client IP is mx.example.org."
MacroValues rfc_values(std::string_view client = "192.0.2.3") {
  MacroValues v;
  v.sender = "strong-bad@email.example.com";
  v.local_part = "strong-bad";
  v.sender_domain = "email.example.com";
  v.domain = "email.example.com";
  v.ip = *dns::parse_address(client);
  v.validated = "mx.example.org";
  v.helo = "mx.example.org";
  v.receiver = "mx.receiver.example";
  v.timestamp = 1700000000;
  return v;
}

std::string ex(std::string_view text, MacroSyntax syntax = MacroSyntax::DomainSpec,
               const MacroValues& v = rfc_values()) {
  std::string error;
  const auto m = parse_macro_string(text, syntax, error);
  if (!m) return "error: " + error;
  return expand(*m, v);
}

std::string error_of(std::string_view text, MacroSyntax syntax = MacroSyntax::DomainSpec) {
  std::string error;
  return parse_macro_string(text, syntax, error) ? "(no error)" : error;
}

}  // namespace

TEST_CASE("macros: the single-letter examples of RFC 7208 §7.4") {
  CHECK(ex("%{s}") == "strong-bad@email.example.com");
  CHECK(ex("%{o}") == "email.example.com");
  CHECK(ex("%{d}") == "email.example.com");
  CHECK(ex("%{d4}") == "email.example.com");
  CHECK(ex("%{d3}") == "email.example.com");
  CHECK(ex("%{d2}") == "example.com");
  CHECK(ex("%{d1}") == "com");
  CHECK(ex("%{dr}") == "com.example.email");
  CHECK(ex("%{d2r}") == "example.email");
  CHECK(ex("%{l}") == "strong-bad");
  CHECK(ex("%{l-}") == "strong.bad");
  CHECK(ex("%{lr}") == "strong-bad");
  CHECK(ex("%{lr-}") == "bad.strong");
  CHECK(ex("%{l1r-}") == "strong");
}

TEST_CASE("macros: the macro-string examples of RFC 7208 §7.4") {
  CHECK(ex("%{ir}.%{v}._spf.%{d2}") == "3.2.0.192.in-addr._spf.example.com");
  CHECK(ex("%{lr-}.lp._spf.%{d2}") == "bad.strong.lp._spf.example.com");
  CHECK(ex("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}") == "bad.strong.lp.3.2.0.192.in-addr._spf.example.com");
  CHECK(ex("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}") == "3.2.0.192.in-addr.strong.lp._spf.example.com");
  CHECK(ex("%{d2}.trusted-domains.example.net") == "example.com.trusted-domains.example.net");
  // The IPv6 example. The RFC prints the nibbles in lower case, the RFC 7208 test suite expects
  // them in upper case (its v-macro-ip6 explanation); a DNS name is the same either way.
  const std::string rfc6 =
      "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com";
  const std::string ours = ex("%{ir}.%{v}._spf.%{d2}", MacroSyntax::DomainSpec, rfc_values("2001:db8::cb01"));
  CHECK(ours == "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com");
  CHECK(proto::iequals(ours, rfc6));
}

TEST_CASE("macros: the other letters, the escapes and URL-escaping of upper-case macros") {
  CHECK(ex("%{p}.%{h}") == "mx.example.org.mx.example.org");
  CHECK(ex("%{v}") == "in-addr");
  CHECK(ex("%{c} %{r} %{t}", MacroSyntax::Explanation) == "192.0.2.3 mx.receiver.example 1700000000");
  CHECK(ex("%{c}", MacroSyntax::Explanation, rfc_values("2001:DB8::CB01")) == "2001:db8::cb01");
  CHECK(ex("%{v}", MacroSyntax::DomainSpec, rfc_values("2001:db8::cb01")) == "ip6");
  CHECK(ex("a%%b%_c%-d.example") == "a%b c%20d.example");
  // §7.3: the value of an upper-case macro is URL-escaped, everything but ALPHA DIGIT - . _ ~.
  MacroValues v = rfc_values();
  v.local_part = "~jack&jill=up-a_b3.c";
  CHECK(ex("http://example.com/why.html?l=%{L}", MacroSyntax::Explanation, v) ==
        "http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c");
  CHECK(ex("%{S}", MacroSyntax::Explanation) == "strong-bad%40email.example.com");
  // Several delimiters at once, rejoined with '.'; more parts kept than there are is all of them.
  v.local_part = "foo-bar+zip+quux";
  CHECK(ex("%{l2r+-}.user.%{d2}", MacroSyntax::DomainSpec, v) == "bar.foo.user.example.com");
  CHECK(ex("%{d99}") == "email.example.com");
  CHECK(ex("%{d123456789012}") == "email.example.com");
  CHECK(ex("%{l=}", MacroSyntax::DomainSpec, v) == "foo-bar+zip+quux");
}

TEST_CASE("macros: syntax errors say what is wrong") {
  CHECK(error_of("%{a}.example.com") == "'%{a}': 'a' is not a macro letter (s l o d i p h c r t v)");
  CHECK(error_of("%{d0}.example.com") == "'%{d0}': the number of parts to keep must not be zero");
  CHECK(error_of("%{d2x}.example.com") == "'%{d2x}': 'x' is not a delimiter (. - + , / _ =)");
  CHECK(error_of("%{r}.example.com") == "'%{r}': the 'r' macro is allowed only in explanation text");
  CHECK(error_of("%{c} %{r} %{t}", MacroSyntax::Explanation) == "(no error)");
  CHECK(error_of("foo%.example.com") == "'foo%.example.com': '%.' is not a macro (after '%' comes '{', '%', '_' or '-')");
  CHECK(error_of("foo.example.com%") == "'foo.example.com%': a '%' at the end (write %% for a percent sign)");
  CHECK(error_of("%{d.example.com") == "'%{d.example.com': a macro opened with '%{' is not closed with '}'");
  CHECK(error_of("%{}.example.com") == "'%{}': a macro needs a letter");
  CHECK(error_of("a b.example.com") == "'a b.example.com': the octet 0x20 at offset 1 is not allowed (only visible ASCII characters)");
  CHECK(error_of("The %{x}-files.", MacroSyntax::Explanation) == "'%{x}': 'x' is not a macro letter (s l o d i p h c r t v)");
  CHECK(error_of("\xEF\xBB\xBF" "Explanation", MacroSyntax::Explanation) ==
        "'\xEF\xBB\xBF" "Explanation': the octet 0xEF at offset 0 is not allowed (only visible ASCII characters and spaces)");
}

TEST_CASE("macros: a domain-spec ends in a top-level label or a macro (RFC 7208 §7.1)") {
  for (const char* good : {"example.com", "mail.example.com.", "%{d}", "%{ir}.%{v}._spf.%{d2}", "foo:bar/baz.example.com",
                           "foo.example.xn--zckzah", "x.123-4", "a%%", "x.com%-", "mail.example...com"}) {
    CAPTURE(good);
    CHECK(error_of(good) == "(no error)");
  }
  CHECK(error_of("") == "a domain-spec cannot be empty");
  for (const char* bad : {"museum", "museum.", ".", "foo-bar", "111.222.33.44", "abc.123", "example.-com", "example.com-",
                          "example.com:8080", "%{d}.", "%{d}com"}) {
    CAPTURE(bad);
    CHECK(error_of(bad) == "'" + std::string(bad) + "': a domain-spec must end in a top-level label (like '.example') or a macro");
  }
  CHECK(error_of("anything goes, even spaces", MacroSyntax::Explanation) == "(no error)");
  CHECK(error_of("", MacroSyntax::ModifierValue) == "(no error)");
}

TEST_CASE("macros: names to query lose a trailing dot and their left labels past 253 characters") {
  std::string error;
  const auto m = parse_macro_string("%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.%{d}.example.",
                                    MacroSyntax::DomainSpec, error);
  REQUIRE(m);
  // 14 x "email.example.com." (18) + "example" = 259: the first "email." goes.
  const std::string name = expand_domain(*m, rfc_values());
  CHECK(name.size() == 253);
  CHECK(name.substr(0, 13) == "example.com.e");
  CHECK(name.substr(name.size() - 19) == "example.com.example");
  CHECK(m->uses('d'));
  CHECK_FALSE(m->uses('p'));
}

TEST_CASE("macros: a huge expansion stays bounded, and a long name keeps the same tail") {
  std::string text;
  for (int i = 0; i < 16000; ++i) text += "%{s}.";  // 80 KB of record, 16000 x 29 characters expanded
  text += "example";
  std::string error;
  const auto m = parse_macro_string(text, MacroSyntax::DomainSpec, error);
  REQUIRE(m);
  const MacroValues v = rfc_values();
  CHECK(expand(*m, v).size() == kMaxExplanation);
  CHECK(expand(*m, v, 40) == "strong-bad@email.example.com.strong-bad@");
  // The name a query asks for: labels dropped from the left of the whole expansion until 253 remain.
  std::string whole;
  for (int i = 0; i < 16000; ++i) whole += v.sender + ".";
  whole += "example";
  while (whole.size() > 253) whole.erase(0, whole.find('.') + 1);
  CHECK(expand_domain(*m, v) == whole);
}
