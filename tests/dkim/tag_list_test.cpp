// Tag lists (RFC 6376 §3.2): what is accepted, and the reason for what is not.
#include <doctest/doctest.h>

#include "sim/proto/dkim/tag_list.hpp"

using namespace mailsim::dkim;

TEST_CASE("tags keep their order, values lose the white space around them, and a last separator is allowed") {
  auto l = parse_tag_list(" v=1;  a = rsa-sha256 ;\r\n\th=from : to;");
  REQUIRE(l);
  REQUIRE(l->tags.size() == 3);
  CHECK(l->tags[1] == Tag{"a", "rsa-sha256"});
  CHECK(l->find("h")->value == "from : to");
  CHECK(l->find("x") == nullptr);
  CHECK(split_list(l->find("h")->value, ':') == std::vector<std::string>{"from", "to"});
}

TEST_CASE("names are case-sensitive and an empty value is a value") {
  auto l = parse_tag_list("p=; P=x");
  REQUIRE(l);
  CHECK(l->find("p")->value.empty());
  CHECK(l->find("P")->value == "x");
}

TEST_CASE("malformed tag lists are refused with the reason") {
  CHECK(parse_tag_list("a=1; a=2").error == "duplicate tag a=");
  CHECK(parse_tag_list("a=1;;b=2").error == "empty tag 2");
  CHECK(parse_tag_list("").error == "empty tag list");
  CHECK(parse_tag_list("a=1; b").error == "tag \"b\" has no \"=\"");
  CHECK(parse_tag_list("1a=x").error == "bad tag name \"1a\"");
  CHECK(parse_tag_list("a-b=x").error == "bad tag name \"a-b\"");
  CHECK(parse_tag_list("n=caf\xc3\xa9").error == "tag n= holds an octet outside VALCHAR");
  CHECK(parse_tag_list("a=1\r\nb=2").error == "tag 1: a line break that is not folding white space");
  CHECK(parse_tag_list("a=1\nb=2").error == "tag 1: a line break that is not folding white space");
}

TEST_CASE("FWS is removed from base64 values") {
  CHECK(strip_fws("ab c\r\n\td=") == "abcd=");
}
