// Organizational domains (RFC 7489 §3.2) from the built-in list and from a lesson's own rules.
#include <doctest/doctest.h>

#include "sim/proto/dmarc/org_domain.hpp"

using namespace mailsim::dmarc;

TEST_CASE("the lesson domains and a few real suffixes") {
  const PublicSuffixList psl = PublicSuffixList::builtin();
  CHECK(psl.organizational_domain("mail.school.example") == "school.example");
  CHECK(psl.organizational_domain("School.Example.") == "school.example");
  CHECK(psl.organizational_domain("a.b.c.home.test") == "home.test");
  CHECK(psl.organizational_domain("news.example.com") == "example.com");  // §3.1.1's example
  CHECK(psl.organizational_domain("www.u-tokyo.ac.jp") == "u-tokyo.ac.jp");
  CHECK(psl.organizational_domain("mail.example.co.jp") == "example.co.jp");
  CHECK(psl.organizational_domain("example.jp") == "example.jp");
  CHECK(psl.public_suffix("mail.example.co.uk") == "co.uk");
}

TEST_CASE("a name that is itself a suffix is its own, an unlisted top-level label is a suffix") {
  const PublicSuffixList psl = PublicSuffixList::builtin();
  CHECK(psl.organizational_domain("co.jp") == "co.jp");
  CHECK(psl.organizational_domain("example") == "example");
  CHECK(psl.organizational_domain("mail.school.lan") == "school.lan");
  CHECK(psl.organizational_domain("") == "");
}

TEST_CASE("a lesson's rules: exact, wildcard and exception, as the Public Suffix List writes them") {
  PublicSuffixList psl;
  psl.add("jp");
  psl.add("*.kawasaki.jp");
  psl.add("!city.kawasaki.jp");
  psl.add(" Lesson.Example ");
  CHECK(psl.organizational_domain("www.shop.nakahara.kawasaki.jp") == "shop.nakahara.kawasaki.jp");
  CHECK(psl.organizational_domain("www.city.kawasaki.jp") == "city.kawasaki.jp");
  CHECK(psl.organizational_domain("a.b.lesson.example") == "b.lesson.example");
  CHECK(psl.rules().back() == "lesson.example");
}
