// The mail servers with smtpd_sasl_path: SMTP AUTH and POP3's logins run at the authentication
// server, the mail server passing the user's messages on (sasl::ServerOptions::delegated). The
// answers here come at once from an in-process auth client and server; the world tests send them
// over the network.
#include <doctest/doctest.h>

#include "authsrv/support.hpp"
#include "sim/proto/authsrv/client.hpp"
#include "sim/proto/smtp/server.hpp"

using namespace authsrv_test;

namespace {

// The mail server's end of the auth protocol with the server on a wire of no length. `wire` keeps
// what crossed it, as the map would show it.
struct Relay {
  authsrv::Server server = authsrv_test::server();
  authsrv::Client client{authsrv::ClientConfig{1, "smtp", "10.0.1.10", "10.0.0.25"}};
  bool under_way = false;
  bool down = false;
  std::string wire;

  sasl::Lookup ask(const sasl::LookupRequest& r) {
    if (down) return sasl::Lookup::unavailable();
    std::string out;
    if (wire.empty()) out = client.start();
    out += under_way ? client.respond(r.response.value_or("")) : client.authenticate(r.method, r.response);
    under_way = true;
    if (wire.empty()) {
      wire += out;
      const std::string hello = server.start();
      wire += hello;
      out = client.feed(hello);
      wire += out;
      const std::string back = server.feed(wire.substr(0, wire.find("VERSION", 1)) + out);
      wire += back;
      client.feed(back);
    } else {
      wire += out;
      const std::string back = server.feed(out);
      wire += back;
      client.feed(back);
    }
    const std::optional<authsrv::Answer> a = client.take_answer();
    REQUIRE(a.has_value());
    if (a->kind != authsrv::Answer::Kind::Cont) under_way = false;
    return authsrv::to_lookup(*a);
  }
};

smtp::Server submission(Relay& relay) {
  smtp::ServerConfig c;
  c.hostname = "postoffice.reston.mci.net";
  c.smtpd_sasl_auth_enable = true;
  c.sasl_delegated = true;
  smtp::ServerHooks h;
  h.lookup_credentials = [&relay](const sasl::LookupRequest& r) { return relay.ask(r); };
  h.sasl_nonce = [] { return "unused here"; };
  smtp::Server s(c, h);
  s.start();
  s.feed("EHLO client.example\r\n");
  return s;
}

}  // namespace

TEST_CASE("smtpd_sasl_path: AUTH PLAIN is checked by the auth server, 235 and the identity it named") {
  Relay relay;
  smtp::Server s = submission(relay);
  CHECK(s.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "235 2.7.0 Authentication successful\r\n");
  CHECK(s.envelope().sasl_username == "alice");
  CHECK(s.envelope().sasl_method == "PLAIN");
  CHECK(relay.wire ==
        "VERSION\t1\t2\nCPID\t1\n" + server().start() +
        "AUTH\t1\tPLAIN\tservice=smtp\tlip=10.0.0.25\trip=10.0.1.10\tresp=AGFsaWNlAHNlY3JldA==\n"
        "OK\t1\tuser=alice\n");
}

TEST_CASE("smtpd_sasl_path: CRAM-MD5's challenge comes from the auth server, the mail server never sees the password") {
  Relay relay;
  smtp::Server s = submission(relay);
  // RFC 2195 §2's msg-id names the auth server's host: it made the challenge.
  CHECK(s.feed("AUTH CRAM-MD5\r\n") == "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n");
  CHECK(s.feed("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n") == "235 2.7.0 Authentication successful\r\n");
  CHECK(s.envelope().sasl_username == "tim");
  CHECK(relay.wire.find("tanstaaf") == std::string::npos);
}

TEST_CASE("smtpd_sasl_path: a FAIL is 535 and the user may try again, the auth server down is 454") {
  Relay relay;
  smtp::Server s = submission(relay);
  CHECK(s.feed("AUTH PLAIN AGFsaWNlAGd1ZXNz\r\n") == "535 5.7.8 Error: authentication failed\r\n");
  CHECK(s.envelope().sasl_username.empty());
  relay.down = true;
  CHECK(s.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "454 4.7.0 Temporary authentication failure\r\n");
  relay.down = false;
  CHECK(s.feed("AUTH LOGIN\r\n") == "334 VXNlcm5hbWU6\r\n");
  CHECK(s.feed("YWxpY2U=\r\n") == "334 UGFzc3dvcmQ6\r\n");
  CHECK(s.feed("c2VjcmV0\r\n") == "235 2.7.0 Authentication successful\r\n");
}

TEST_CASE("smtpd_sasl_path: SCRAM-SHA-256 through the auth server, RFC 7677 §3's messages end to end") {
  Relay relay;
  relay.server = authsrv_test::server("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  smtp::Server s = submission(relay);
  CHECK(s.feed("AUTH SCRAM-SHA-256 " + b64("n,,n=user,r=rOprNGfwEbeRWgbNEkqO") + "\r\n") ==
        "334 " + b64("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096") + "\r\n");
  CHECK(s.feed(b64("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=") + "\r\n") ==
        "334 " + b64("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=") + "\r\n");
  CHECK(s.feed("\r\n") == "235 2.7.0 Authentication successful\r\n");
  CHECK(s.envelope().sasl_username == "user");
}
