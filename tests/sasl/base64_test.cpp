// Base64 as SASL carries it (RFC 4648 §4, strict), the framing of wire.hpp, and the primitives.
#include <doctest/doctest.h>

#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/crypto.hpp"
#include "sim/proto/sasl/wire.hpp"

using namespace mailsim::sasl;

TEST_CASE("base64: RFC 4648 §10's test vectors both ways") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, coded] : vectors) {
    CHECK(base64_encode(plain) == coded);
    CHECK(base64_decode(coded) == std::optional<std::string>(plain));
  }
  CHECK(base64_decode("AHRpbQB0YW5zdGFhZnRhbnN0YWFm") == std::string("\0tim\0tanstaaftanstaaf", 21));
}

TEST_CASE("base64: anything but the alphabet, padded to four, is refused") {
  for (const char* bad : {"Zg", "Zg=", "Zg===", "Z===", "====", "Zm9v\r\n", "Zm 9v", "Zm9v=Zm9", "Zm=v", "Zm9-", "*", "="}) {
    CHECK_MESSAGE(!base64_decode(bad).has_value(), bad);
  }
  CHECK_FALSE(base64_decode(std::string_view("Zm\0v", 4)).has_value());
}

TEST_CASE("wire: * cancels, = is an empty initial response, a bad line is undecodable") {
  CHECK(read_client_line("*").kind == ClientLine::Kind::Cancel);
  CHECK(read_client_line("").kind == ClientLine::Kind::Response);
  CHECK(read_client_line("").response.empty());
  CHECK(read_client_line("dGVzdA==").response == "test");
  CHECK(read_client_line("dGVzdA=").kind == ClientLine::Kind::Undecodable);
  CHECK(read_client_line("**").kind == ClientLine::Kind::Undecodable);
  CHECK(read_initial_response("=") == std::optional<std::string>(""));
  CHECK(read_initial_response("dGVzdA==") == std::optional<std::string>("test"));
  CHECK_FALSE(read_initial_response("dGVzdA=").has_value());
  CHECK_FALSE(read_initial_response("").has_value());
  CHECK(write_initial_response("") == "=");
  CHECK(write_initial_response("test") == "dGVzdA==");
  CHECK(write_message("") == "");
}

TEST_CASE("crypto: MD5 (RFC 1321 A.5), HMAC-MD5 (RFC 2104), SHA-256 and HMAC-SHA-256 (RFC 4231 case 2)") {
  CHECK(to_hex(md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(to_hex(md5("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0");
  CHECK(to_hex(hmac_md5("Jefe", "what do ya want for nothing?")) == "750c783e6ab0b503eaa86e310a5db738");
  CHECK(to_hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(equal_secret("abc", "abc"));
  CHECK_FALSE(equal_secret("abc", "abd"));
  CHECK_FALSE(equal_secret("abc", "abcd"));
}
