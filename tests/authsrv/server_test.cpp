// The authentication server's half of Dovecot's auth protocol: the handshake byte for byte, each
// mechanism's success and failure, the published vectors (RFC 2195 §2, RFC 7677 §3) carried in
// AUTH and CONT lines, and the errors that end a connection.
#include <doctest/doctest.h>

#include "authsrv/support.hpp"
#include "sim/proto/sasl/client.hpp"
#include "sim/proto/sasl/crypto.hpp"

using namespace authsrv_test;

TEST_CASE("auth server: the handshake lists version, mechanisms with their flags, ids, cookie and DONE") {
  authsrv::Server s = server("n1");
  CHECK(s.start() ==
        "VERSION\t1\t2\n"
        "MECH\tPLAIN\tplaintext\n"
        "MECH\tLOGIN\tplaintext\n"
        "MECH\tCRAM-MD5\tdictionary\tactive\n"
        "MECH\tSCRAM-SHA-256\tmutual-auth\n"
        "SPID\t1\n"
        "CUID\t1\n"
        "COOKIE\t" + sasl::to_hex(sasl::md5("n1")) + "\n"
        "DONE\n");
  CHECK(s.feed(kHello).empty());
  CHECK_FALSE(s.closed());
}

TEST_CASE("auth server: AUTH PLAIN with resp= is OK with the user, a wrong password FAIL with the user") {
  authsrv::Server s = server();
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "1", "PLAIN", "service=smtp", "rip=10.0.1.10", "resp=" + b64(std::string("\0alice\0secret", 13))})) ==
        L({"OK", "1", "user=alice"}));
  CHECK(s.feed(L({"AUTH", "2", "PLAIN", "service=smtp", "resp=" + b64(std::string("\0alice\0guess", 12))})) ==
        L({"FAIL", "2", "user=alice"}));
  // An unknown user fails alike: the answer does not tell who exists.
  CHECK(s.feed(L({"AUTH", "3", "PLAIN", "service=pop3", "resp=" + b64(std::string("\0mallory\0secret", 15))})) ==
        L({"FAIL", "3", "user=mallory"}));
  CHECK_FALSE(s.closed());
}

TEST_CASE("auth server: PLAIN without resp= gets an empty CONT, then the CONT with the message") {
  authsrv::Server s = server();
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "7", "PLAIN", "service=smtp"})) == L({"CONT", "7", ""}));
  CHECK(s.feed(L({"CONT", "7", b64(std::string("\0alice\0secret", 13))})) == L({"OK", "7", "user=alice"}));
}

TEST_CASE("auth server: LOGIN asks Username: and Password: in CONT lines") {
  authsrv::Server s = server();
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "1", "LOGIN", "service=smtp"})) == L({"CONT", "1", b64("Username:")}));
  CHECK(s.feed(L({"CONT", "1", b64("alice")})) == L({"CONT", "1", b64("Password:")}));
  CHECK(s.feed(L({"CONT", "1", b64("secret")})) == L({"OK", "1", "user=alice"}));
}

TEST_CASE("auth server: CRAM-MD5 is RFC 2195 §2's challenge and response, the password stays here") {
  authsrv::Server s = server();
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "1", "CRAM-MD5", "service=smtp"})) ==
        "CONT\t1\tPDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n");
  CHECK(s.feed("CONT\t1\tdGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\n") == L({"OK", "1", "user=tim"}));
  CHECK(s.feed(L({"AUTH", "2", "CRAM-MD5", "service=smtp"})) ==
        "CONT\t2\tPDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\n");
  CHECK(s.feed(L({"CONT", "2", b64("tim 00000000000000000000000000000000")})) == L({"FAIL", "2", "user=tim"}));
}

TEST_CASE("auth server: SCRAM-SHA-256 is RFC 7677 §3's exchange, the server-final message a last CONT") {
  authsrv::Server s = server("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "1", "SCRAM-SHA-256", "service=imap", "resp=" + b64("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")})) ==
        L({"CONT", "1", b64("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")}));
  CHECK(s.feed(L({"CONT", "1", b64("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                   "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")})) ==
        L({"CONT", "1", b64("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")}));
  CHECK(s.feed(L({"CONT", "1", ""})) == L({"OK", "1", "user=user"}));
}

TEST_CASE("auth server: a mechanism it does not offer, bad base64 and an unknown CONT id are FAIL lines") {
  authsrv::ServerConfig c;
  c.mechanisms = {sasl::Mechanism::Plain};
  authsrv::Server s(c, {});
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "1", "CRAM-MD5", "service=smtp"})) == L({"FAIL", "1", "reason=Unsupported authentication mechanism."}));
  CHECK(s.feed(L({"AUTH", "2", "DIGEST-MD5", "service=smtp"})) == L({"FAIL", "2", "reason=Unsupported authentication mechanism."}));
  CHECK(s.feed(L({"AUTH", "3", "PLAIN", "service=smtp", "resp=!!!"})) == L({"FAIL", "3", "reason=Invalid base64 data in initial response"}));
  CHECK(s.feed(L({"CONT", "9", "AAAA"})) == L({"FAIL", "9", "reason=Authentication request timed out"}));
  CHECK(s.feed(L({"AUTH", "4", "PLAIN", "service=smtp"})) == L({"CONT", "4", ""}));
  CHECK(s.feed(L({"CONT", "4", "not base64"})) == L({"FAIL", "4", "reason=Invalid base64 data in continued response"}));
  CHECK_FALSE(s.closed());
}

TEST_CASE("auth server: protocol errors end the connection without a reply") {
  struct Case {
    std::string input, error;
  };
  const std::vector<Case> cases = {
      {"CPID\t1\n", "the first line is not VERSION"},
      {"VERSION\t2\t0\n", "authentication protocol version 2 is not 1"},
      {"VERSION\t1\t2\nAUTH\t1\tPLAIN\tservice=smtp\n", "AUTH before CPID"},
      {kHello + "AUTH\t1\tPLAIN\n", "AUTH without a service"},
      {kHello + "AUTH\tx\tPLAIN\tservice=smtp\n", "AUTH without an id and a mechanism"},
      {kHello + "AUTH\t1\tLOGIN\tservice=smtp\nAUTH\t1\tLOGIN\tservice=smtp\n", "AUTH with the id of a request under way: 1"},
      {kHello + "HELLO\n", "unknown command HELLO"},
      {kHello + std::string(16390, 'A') + "\n", "line longer than 16384 octets"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.error);
    authsrv::Server s = server();
    s.start();
    const std::string out = s.feed(c.input);
    CHECK(s.closed());
    CHECK(s.error() == c.error);
    CHECK(s.feed(kHello + L({"AUTH", "5", "PLAIN", "service=smtp"})).empty());
    if (c.input.find("LOGIN") != std::string::npos) CHECK(out == L({"CONT", "1", b64("Username:")}));
    else CHECK(out.empty());
  }
}

TEST_CASE("auth server: a FAIL does not echo a user name with control characters") {
  authsrv::Server s = server();
  s.start();
  s.feed(kHello);
  CHECK(s.feed(L({"AUTH", "1", "LOGIN", "service=smtp"})) == L({"CONT", "1", b64("Username:")}));
  CHECK(s.feed(L({"CONT", "1", b64(std::string("al\0ice", 6))})) == L({"CONT", "1", b64("Password:")}));
  CHECK(s.feed(L({"CONT", "1", b64("secret")})) == "FAIL\t1\n");
}

TEST_CASE("auth server: fields are tab-escaped both ways, CRLF endings are taken too") {
  CHECK(authsrv::tab_escape("a\tb\nc\rd\x01") == "a\x01tb\x01nc\x01rd\x01" "1");
  CHECK(authsrv::tab_unescape("a\x01tb\x01nc\x01rd\x01" "1") == "a\tb\nc\rd\x01");
  authsrv::Server s = server();
  s.start();
  CHECK(s.feed("VERSION\t1\t2\r\nCPID\t1\r\nAUTH\t1\tPLAIN\tservice=smtp\tresp=" + b64(std::string("\0alice\0secret", 13)) + "\r\n") ==
        L({"OK", "1", "user=alice"}));
}
