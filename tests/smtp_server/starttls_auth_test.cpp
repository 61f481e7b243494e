// STARTTLS and AUTH together, as on a submission port (RFC 3207, RFC 4954, Postfix's
// smtpd_tls_auth_only): the client and server machines talk to each other directly, every byte kept,
// and the TLS layer's end is reported to both by hand (tests/tls runs real TLS). The password goes
// out only inside TLS; whatever a client learnt or proved before STARTTLS is forgotten (RFC 3207 §4.2).
#include <doctest/doctest.h>

#include <string>

#include "sim/proto/smtp/client.hpp"
#include "sim/proto/smtp/server.hpp"

using namespace mailsim::smtp;
namespace sasl = mailsim::sasl;

namespace {

struct Submission {
  ServerConfig config;
  ServerHooks hooks;
  std::string queued_from, queued_by;  // MAIL FROM and the SASL user of the accepted message
  Submission() {
    config.hostname = "smtp.isp.example";
    config.smtpd_sasl_auth_enable = true;
    config.sasl_mechanisms = {sasl::Mechanism::Plain, sasl::Mechanism::Login};
    config.smtpd_tls_security_level = TlsLevel::May;
    config.smtpd_tls_auth_only = true;
    config.tls_ready = true;
    hooks.lookup_credentials = [](const sasl::LookupRequest& r) {
      sasl::Credentials c;
      c.password = "secret";
      return r.user == "alice" ? sasl::Lookup::found(c) : sasl::Lookup::unknown();
    };
    hooks.accept_message = [this](const Envelope& e, const std::string&) {
      queued_from = e.mail_from;
      queued_by = e.sasl_username;
      return make_reply(250, "2.0.0", "Ok: queued as 4F1A2");
    };
  }
};

ClientJob submit(ClientTlsLevel level) {
  ClientJob j;
  j.helo_name = "pc.school.example";
  j.mail_from = "alice@isp.example";
  j.rcpt_to = {"bob@home.example"};
  j.data = "Subject: hi\r\n\r\nhello\r\n";
  j.tls_level = level;
  j.server_name = "smtp.isp.example";
  j.auth = sasl::ClientOptions{sasl::Mechanism::Plain, "alice", "secret", "", "", 100000};
  return j;
}

// Runs the dialog to its end; returns it as "C: " / "S: " chunks, with "-- TLS --" where the
// handshake stands.
std::string talk(Server& server, Client& client) {
  std::string log, to_client = server.start();
  for (int turn = 0; turn < 40 && !client.done(); ++turn) {
    log += "S: " + to_client;
    const std::string to_server = client.feed(to_client);
    if (client.starting_tls()) {
      CHECK(server.starting_tls());
      log += "-- TLS --\n";
      server.tls_established();
      to_client.clear();
      const std::string ehlo = client.tls_established(true);
      log += "C: " + ehlo;
      to_client = server.feed(ehlo);
      continue;
    }
    if (to_server.empty()) break;
    log += "C: " + to_server;
    to_client = server.feed(to_server);
  }
  return log;
}

}  // namespace

TEST_CASE("submission with smtpd_tls_auth_only: STARTTLS first, AUTH offered and sent only inside TLS") {
  Submission sub;
  Server server(sub.config, sub.hooks);
  Client client(submit(ClientTlsLevel::Encrypt));
  CHECK(talk(server, client) ==
        "S: 220 smtp.isp.example ESMTP mailsim\r\n"
        "C: EHLO pc.school.example\r\n"
        "S: 250-smtp.isp.example\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-STARTTLS\r\n"
        "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n"
        "C: STARTTLS\r\n"
        "S: 220 2.0.0 Ready to start TLS\r\n"
        "-- TLS --\n"
        "C: EHLO pc.school.example\r\n"
        "S: 250-smtp.isp.example\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-AUTH PLAIN LOGIN\r\n"
        "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME\r\n"
        "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n"
        "S: 235 2.7.0 Authentication successful\r\n"
        "C: MAIL FROM:<alice@isp.example> SIZE=22\r\nRCPT TO:<bob@home.example>\r\nDATA\r\n"
        "S: 250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
        "C: Subject: hi\r\n\r\nhello\r\n.\r\n"
        "S: 250 2.0.0 Ok: queued as 4F1A2\r\n"
        "C: QUIT\r\n"
        "S: 221 2.0.0 Bye\r\n");
  CHECK(sub.queued_by == "alice");
  REQUIRE(client.recipients().size() == 1);
  CHECK(client.recipients()[0].status == RecipientStatus::Delivered);
}

TEST_CASE("smtpd_tls_auth_only: AUTH in plain text gets 538 5.7.11, and a client at may does not send its password") {
  Submission sub;
  Server server(sub.config, sub.hooks);
  server.start();
  server.feed("EHLO pc.school.example\r\n");
  CHECK(server.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") ==
        "538 5.7.11 Encryption required for requested authentication mechanism\r\n");
  CHECK(server.envelope().sasl_username.empty());

  // STARTTLS refused (here: not offered at all), smtp_tls_security_level = may goes on in plain
  // text, and finds no AUTH there: it gives up rather than send the password unasked.
  sub.config.smtpd_tls_security_level = TlsLevel::None;
  Server plain(sub.config, sub.hooks);
  Client client(submit(ClientTlsLevel::May));
  const std::string log = talk(plain, client);
  CHECK(log.find("AUTH PLAIN") == std::string::npos);
  CHECK(log.ends_with("C: QUIT\r\nS: 221 2.0.0 Bye\r\n"));
  REQUIRE(client.recipients().size() == 1);
  CHECK(client.recipients()[0].status == RecipientStatus::PermFailed);
  CHECK(client.recipients()[0].reply.summary() == "504 5.5.4 AUTH PLAIN is not offered by the server");
}

TEST_CASE("STARTTLS forgets a login made before it (RFC 3207 §4.2): AUTH again inside TLS") {
  Submission sub;
  sub.config.smtpd_tls_auth_only = false;
  Server server(sub.config, sub.hooks);
  server.start();
  server.feed("EHLO pc.school.example\r\n");
  CHECK(server.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "235 2.7.0 Authentication successful\r\n");
  CHECK(server.envelope().sasl_username == "alice");
  CHECK(server.feed("STARTTLS\r\n") == "220 2.0.0 Ready to start TLS\r\n");
  server.tls_established();
  CHECK(server.envelope().sasl_username.empty());
  server.feed("EHLO pc.school.example\r\n");
  CHECK(server.feed("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") == "235 2.7.0 Authentication successful\r\n");
}
