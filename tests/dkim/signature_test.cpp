// DKIM-Signature tags (RFC 6376 §3.5): every refusal has its reason.
#include <doctest/doctest.h>

#include "sim/proto/dkim/signature.hpp"

using namespace mailsim::dkim;

namespace {

const std::string kBh = "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";

std::string with(std::string tags) {
  return "v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to; " + kBh + "; b=AAAA; " + tags;
}

std::string error_of(const std::string& value) {
  return parse_signature(value).error;
}

}  // namespace

TEST_CASE("a minimal signature: defaults for c=, i=, and names lower-cased") {
  auto s = parse_signature("v=1; a=rsa-sha256; d=Example.COM; s=Sel; h=From : TO; " + kBh + "; b=AA AA");
  REQUIRE(s);
  CHECK(s->canon == Canonicalization{Canon::Simple, Canon::Simple});
  CHECK(s->identity == "@example.com");
  CHECK(s->headers == std::vector<std::string>{"from", "to"});
  CHECK(s->key_name() == "sel._domainkey.example.com");
  CHECK(s->b64 == "AAAA");
  CHECK(s->signature == std::string(3, '\0'));
  CHECK_FALSE(s->length);
}

TEST_CASE("optional tags are read: c, i, l, q, t, x") {
  auto s = parse_signature(with("c=relaxed; i=joe@news.example.com; l=100; q=dns/txt; t=1000; x=2000; z=From:x"));
  REQUIRE(s);
  CHECK(s->canon == Canonicalization{Canon::Relaxed, Canon::Simple});
  CHECK(s->identity == "joe@news.example.com");
  CHECK(s->length == 100u);
  CHECK(s->timestamp == 1000);
  CHECK(s->expiration == 2000);
  CHECK(s->tags.find("z")->value == "From:x");
}

TEST_CASE("every malformed signature is refused with its reason") {
  CHECK(error_of("a=rsa-sha256") == "missing required tag v=");
  CHECK(error_of("v=2; a=rsa-sha256; d=example.com; s=sel; h=from; " + kBh + "; b=AAAA") == "v=2 is not version 1");
  CHECK(error_of("v=1; a=rsa-sha1; d=example.com; s=sel; h=from; " + kBh + "; b=AAAA") ==
        "a=rsa-sha1 is no longer accepted (RFC 8301)");
  CHECK(error_of("v=1; a=dsa-sha256; d=example.com; s=sel; h=from; " + kBh + "; b=AAAA") == "unknown algorithm a=dsa-sha256");
  CHECK(error_of("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + kBh + "; b=A*AA") == "b= is not base64");
  CHECK(error_of("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; " + kBh + "; b=") == "b= is empty");
  CHECK(error_of("v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=AAAA; b=AAAA") == "bh= is not a SHA-256 hash (3 octets)");
  CHECK(error_of(with("c=fancy")) == "unknown canonicalization c=fancy");
  CHECK(error_of("v=1; a=rsa-sha256; d=exa mple.com; s=sel; h=from; " + kBh + "; b=AAAA") == "d=exa mple.com is not a domain name");
  CHECK(error_of("v=1; a=rsa-sha256; d=example.com; s=-sel; h=from; " + kBh + "; b=AAAA") == "s=-sel is not a selector");
  CHECK(error_of("v=1; a=rsa-sha256; d=example.com; s=sel; h=to:subject; " + kBh + "; b=AAAA") ==
        "From is not signed (h= lacks from)");
  CHECK(error_of("v=1; a=rsa-sha256; d=example.com; s=sel; h=from::to; " + kBh + "; b=AAAA") ==
        "h= holds an empty or malformed field name");
  CHECK(error_of(with("i=joe@example.org")) == "i=joe@example.org is not in d=example.com");
  CHECK(error_of(with("i=joe@badexample.com")) == "i=joe@badexample.com is not in d=example.com");
  CHECK(error_of(with("i=joe")) == "i=joe has no @");
  CHECK(error_of(with("l=-1")) == "l=-1 is not a length");
  CHECK(error_of(with("l=99999999999999999999999")) == "l=99999999999999999999999 is not a length");
  CHECK(error_of(with("q=http")) == "q=http offers no dns/txt");
  CHECK(error_of(with("t=soon")) == "t=soon is not a time");
  CHECK(error_of(with("t=2000; x=2000")) == "x= is not after t=");
  CHECK(error_of(with("v=1")) == "duplicate tag v=");
}

TEST_CASE("key records: defaults, flags, and refusals") {
  auto k = parse_key_record("p=AAAA");
  REQUIRE(k);
  CHECK(k->type == KeyType::Rsa);
  CHECK(k->services == std::vector<std::string>{"*"});
  CHECK_FALSE(k->revoked());
  auto flags = parse_key_record("v=DKIM1; h=sha1:sha256; k=ed25519; s=email; t=y:s:q; n=note; p=");
  REQUIRE(flags);
  CHECK(flags->type == KeyType::Ed25519);
  CHECK(flags->testing);
  CHECK(flags->strict);
  CHECK(flags->revoked());
  CHECK(flags->notes == "note");
  CHECK(parse_key_record("k=rsa; v=DKIM1; p=AAAA").error == "key record: v= is not the first tag");
  CHECK(parse_key_record("v=DKIM1; k=dsa; p=AAAA").error == "key record: unknown key type k=dsa");
  CHECK(parse_key_record("v=DKIM1; h=sha1; p=AAAA").error == "key record: h=sha1 does not allow sha256");
  CHECK(parse_key_record("v=DKIM1; k=rsa").error == "key record: missing required tag p=");
  CHECK(parse_key_record("v=DKIM1; p=!!").error == "key record: p= is not base64");
  CHECK(parse_key_record("v=DKIM1; p=AAAA; p=BBBB").error == "key record: duplicate tag p=");
}
