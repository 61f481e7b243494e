// Canonicalization (RFC 6376 §3.4) with the RFC's own example (§3.4.5) and the empty-body hashes
// it gives (§3.4.3, and §3.4.4 as corrected by erratum 3192).
#include <doctest/doctest.h>

#include "sim/proto/dkim/canon.hpp"
#include "sim/proto/dkim/crypto.hpp"
#include "sim/proto/dkim/fields.hpp"
#include "sim/proto/dkim/hash.hpp"

using namespace mailsim::dkim;

namespace {

// §3.4.5's message: "A: <SP> X <CRLF> B <SP> : <SP> Y <HTAB><CRLF> <HTAB> Z <SP><SP><CRLF> <CRLF>
// <SP> C <SP><CRLF> D <SP><HTAB><SP> E <CRLF> <CRLF> <CRLF>".
const std::string kExample =
    "A: X\r\n"
    "B : Y\t\r\n"
    "\tZ  \r\n"
    "\r\n"
    " C \r\n"
    "D \t E\r\n"
    "\r\n"
    "\r\n";

std::string headers(Canon c, const RawMessage& m) {
  std::string out;
  for (const RawField& f : m.fields) out += canonical_header(c, f.raw);
  return out;
}

}  // namespace

TEST_CASE("RFC 6376 §3.4.5: the example's relaxed header and body") {
  const RawMessage m = split_message(kExample);
  REQUIRE(m.fields.size() == 2);
  CHECK(m.fields[1].name == "B");
  CHECK(headers(Canon::Relaxed, m) == "a:X\r\nb:Y Z\r\n");
  CHECK(canonical_body(Canon::Relaxed, m.body) == " C\r\nD E\r\n");
}

TEST_CASE("RFC 6376 §3.4.5: the example's simple header and body") {
  const RawMessage m = split_message(kExample);
  CHECK(headers(Canon::Simple, m) == "A: X\r\nB : Y\t\r\n\tZ  \r\n");
  CHECK(canonical_body(Canon::Simple, m.body) == " C \r\nD \t E\r\n");
}

TEST_CASE("an empty body: one CRLF for simple, nothing for relaxed, with the RFC's hashes") {
  CHECK(canonical_body(Canon::Simple, "") == "\r\n");
  CHECK(canonical_body(Canon::Simple, "\r\n\r\n") == "\r\n");
  CHECK(canonical_body(Canon::Relaxed, "") == "");
  CHECK(canonical_body(Canon::Relaxed, "\r\n \t\r\n") == "");
  CHECK(base64_encode(body_hash(Canon::Simple, "", std::nullopt).hash) == "frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
  CHECK(base64_encode(body_hash(Canon::Relaxed, "", std::nullopt).hash) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST_CASE("a body without a final CRLF gets one, in both forms") {
  CHECK(canonical_body(Canon::Simple, "Hi.") == "Hi.\r\n");
  CHECK(canonical_body(Canon::Relaxed, "Hi.  ") == "Hi.\r\n");
  CHECK(canonical_body(Canon::Relaxed, "a\r\n\r\nb\r\n\r\n") == "a\r\n\r\nb\r\n");  // inner empty lines stay
}

TEST_CASE("relaxed keeps what is not white space: a bare LF inside a line is data") {
  CHECK(canonical_body(Canon::Relaxed, "a\nb \r\n") == "a\nb\r\n");
  CHECK(canonical_header(Canon::Relaxed, "SUBJECT:\t hello   world \r\n") == "subject:hello world\r\n");
  CHECK(canonical_header(Canon::Relaxed, "X-Empty:\r\n") == "x-empty:\r\n");
}

TEST_CASE("l= hashes only the first octets of the canonical body") {
  const BodyHash all = body_hash(Canon::Simple, "Hello\r\nmore\r\n", std::nullopt);
  const BodyHash part = body_hash(Canon::Simple, "Hello\r\nmore\r\n", 7);
  CHECK(all.canonical == 13);
  CHECK(part.hashed == 7);
  CHECK(part.hash == sha256("Hello\r\n"));
  CHECK(body_hash(Canon::Simple, "Hi\r\n", 100).hashed == 4);  // l= past the end: what there is
}

TEST_CASE("c= values: header/body, a header alone means a simple body") {
  CHECK(parse_canonicalization("relaxed/relaxed") == Canonicalization{Canon::Relaxed, Canon::Relaxed});
  CHECK(parse_canonicalization("relaxed") == Canonicalization{Canon::Relaxed, Canon::Simple});
  CHECK(parse_canonicalization("simple/relaxed") == Canonicalization{Canon::Simple, Canon::Relaxed});
  CHECK_FALSE(parse_canonicalization("Relaxed/simple"));
  CHECK_FALSE(parse_canonicalization("relaxed/"));
  CHECK_FALSE(parse_canonicalization("relaxed/simple/simple"));
}

TEST_CASE("the header ends at the empty line, and a line that is no field starts the body") {
  const RawMessage m = split_message("From: a@x\r\nSubject: one\r\n  two\r\n\r\nbody\r\n");
  REQUIRE(m.fields.size() == 2);
  CHECK(m.fields[1].raw == "Subject: one\r\n  two\r\n");
  CHECK(m.body == "body\r\n");
  const RawMessage odd = split_message("From: a@x\r\nnot a field\r\n");
  REQUIRE(odd.fields.size() == 1);
  CHECK(odd.body == "not a field\r\n");
  const RawMessage none = split_message("From: a@x\r\n");
  CHECK(none.fields.size() == 1);
  CHECK(none.body.empty());
}

TEST_CASE("b= loses its value and the white space around it, bh= keeps its") {
  CHECK(without_b_value("DKIM-Signature: v=1; bh=abc=; b=dGVz\r\n\t dA== \r\n") ==
        "DKIM-Signature: v=1; bh=abc=; b=\r\n");
  CHECK(without_b_value("DKIM-Signature: b = xyz ; d=x.example\r\n") == "DKIM-Signature: b =; d=x.example\r\n");
}
