// STARTTLS end to end: the SMTP server and client machines, each with a real TLS engine slid under
// it by the STARTTLS layer, talking over an in-memory wire. The transcript is what the server read
// and answered (decrypted inside TLS); the wire is what an eavesdropper on the link sees.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "tls/support.hpp"
#include "sim/proto/smtp/client.hpp"
#include "sim/proto/smtp/server.hpp"
#include "sim/proto/tls/records.hpp"
#include "sim/proto/tls/starttls.hpp"

using namespace tls_test;
namespace smtp = mailsim::smtp;

namespace {

const std::string kMx = "mx.home.example";

std::string lines(const std::string& prefix, std::string_view bytes) {
  std::string out;
  while (!bytes.empty()) {
    const std::size_t nl = bytes.find("\r\n");
    out += prefix + std::string(bytes.substr(0, nl)) + "\n";
    if (nl == std::string_view::npos) break;
    bytes.remove_prefix(nl + 2);
  }
  return out;
}

struct Lesson {
  std::shared_ptr<const Library> lib;
  LessonPki pki{42, kEpoch};
  smtp::ServerConfig server_config;
  smtp::ClientJob job;
  Flaw flaw = Flaw::None;
  Version server_min = Version::Tls12;
  Version client_max = Version::Tls13;
  // A man in the middle: may change what the client sends before the server reads it.
  std::function<std::string(std::string)> middle = [](std::string bytes) { return bytes; };

  explicit Lesson(std::string seed = "starttls lesson") : lib(Library::seeded(seed)) {
    server_config.hostname = kMx;
    server_config.smtpd_tls_security_level = smtp::TlsLevel::May;
    job.helo_name = "relay.isp.example";
    job.mail_from = "alice@school.example";
    job.rcpt_to = {"bob@home.example"};
    job.data = "Subject: hi\r\n\r\nhello\r\n";
    job.tls_level = smtp::ClientTlsLevel::May;
    job.server_name = kMx;
  }
};

struct Run {
  std::string transcript;
  std::string wire;
  std::vector<std::string> senders_asked;
  std::vector<std::string> delivered;
  std::vector<smtp::RecipientResult> results;
  smtp::Reply session_error;
  bool server_closed = false;
  std::string server_tls;  // "TLSv1.3 TLS_AES_256_GCM_SHA384" when the handshake completed
  std::string client_verify;
  std::string client_failure;
  bool server_implicit = false;
  bool client_implicit = false;
};

Run run(Lesson& l) {
  Run out;
  smtp::ServerHooks hooks;
  hooks.check_mail_from = [&](const smtp::Envelope&, const std::string& from) {
    out.senders_asked.push_back(from);
    return smtp::Reply{250, "2.1.0", {"Ok"}};
  };
  hooks.accept_message = [&](const smtp::Envelope&, const std::string& data) {
    out.delivered.push_back(data);
    return smtp::Reply{250, "2.0.0", {"Ok: queued as 4F1A2"}};
  };
  auto server_ctx = server_context(l.lib, l.pki.server(kMx, l.flaw), l.server_min);
  auto client_ctx = client_context(l.lib, {l.pki.ca().certificate()}, Version::Tls12, l.client_max);
  ServerLayer<smtp::Server> server(std::make_shared<smtp::Server>(l.server_config, hooks),
                                   [server_ctx] { return std::make_unique<Engine>(server_ctx, EngineOptions{}); });
  // The engine only reports the certificate check; the machine's policy decides (Postfix's way).
  ClientLayer<smtp::Client> client(std::make_shared<smtp::Client>(l.job), [client_ctx] {
    return std::make_unique<Engine>(client_ctx, client_options(kMx, kNow, false));
  });

  std::string to_client = server.start();
  out.transcript += lines("S: ", to_client);
  // Implicit TLS: the client's ClientHello goes out as the connection opens (nothing otherwise).
  std::string to_server = client.start().to_peer;
  out.server_implicit = server.implicit();
  out.client_implicit = client.implicit();
  for (int rounds = 0; (!to_client.empty() || !to_server.empty()) && rounds < 100; ++rounds) {
    if (!to_client.empty()) {
      out.wire += to_client;
      to_server += client.step(to_client).to_peer;
      to_client.clear();
    }
    if (!to_server.empty() && !server.closed()) {
      const std::string bytes = l.middle(std::move(to_server));
      to_server.clear();
      out.wire += bytes;
      const Step s = server.step(bytes);
      // The handshake's end comes first: the client's Finished and its EHLO share a packet.
      if (s.handshake_done) {
        const SessionInfo& i = server.engine()->session();
        out.server_tls = std::string(to_string(i.version)) + " " + i.cipher;
        out.transcript += "-- TLS established: " + out.server_tls + "\n";
      }
      if (!s.plaintext_in.empty()) out.transcript += lines("C: ", s.plaintext_in);
      if (s.handshake_failed) out.transcript += "-- TLS failed: " + server.engine()->failure().text() + "\n";
      if (!s.plaintext_out.empty()) out.transcript += lines("S: ", s.plaintext_out);
      to_client = s.to_peer;
    }
    to_server.clear();
  }
  out.results = client.machine().recipients();
  out.session_error = client.machine().session_error();
  out.server_closed = server.closed();
  if (client.engine()) {
    out.client_verify = client.engine()->session().verify.error;
    out.client_failure = client.engine()->failure().text();
  }
  CHECK_FALSE(server.machine().table_miss());
  CHECK_FALSE(client.machine().table_miss());
  return out;
}

const char* kEhloWithStarttls =
    "S: 250-mx.home.example\n"
    "S: 250-PIPELINING\n"
    "S: 250-SIZE 10485760\n"
    "S: 250-STARTTLS\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250 8BITMIME\n";

const char* kEhloInsideTls =
    "S: 250-mx.home.example\n"
    "S: 250-PIPELINING\n"
    "S: 250-SIZE 10485760\n"
    "S: 250-ENHANCEDSTATUSCODES\n"
    "S: 250 8BITMIME\n";

const char* kTransaction =
    "C: MAIL FROM:<alice@school.example> SIZE=22\n"
    "C: RCPT TO:<bob@home.example>\n"
    "C: DATA\n"
    "S: 250 2.1.0 Ok\n"
    "S: 250 2.1.5 Ok\n"
    "S: 354 End data with <CR><LF>.<CR><LF>\n"
    "C: Subject: hi\n"
    "C: \n"
    "C: hello\n"
    "C: .\n"
    "S: 250 2.0.0 Ok: queued as 4F1A2\n"
    "C: QUIT\n"
    "S: 221 2.0.0 Bye\n";

}  // namespace

TEST_CASE("STARTTLS delivery: the same dialog inside TLS, ciphertext on the wire after the 220") {
  Lesson l;
  const Run r = run(l);
  CHECK(r.transcript == std::string("S: 220 mx.home.example ESMTP mailsim\n"
                                    "C: EHLO relay.isp.example\n") +
                            kEhloWithStarttls +
                            "C: STARTTLS\n"
                            "S: 220 2.0.0 Ready to start TLS\n"
                            "-- TLS established: TLSv1.3 TLS_AES_256_GCM_SHA384\n"
                            "C: EHLO relay.isp.example\n" +
                            kEhloInsideTls + kTransaction);
  REQUIRE(r.results.size() == 1);
  CHECK(r.results[0].status == smtp::RecipientStatus::Delivered);
  CHECK(r.delivered == std::vector<std::string>{"Subject: hi\r\n\r\nhello\r\n"});
  CHECK(r.client_verify == "ok");
  CHECK(r.server_closed);
  // The eavesdropper reads everything up to the 220, and nothing after it.
  const std::size_t go = r.wire.find("220 2.0.0 Ready to start TLS\r\n");
  REQUIRE(go != std::string::npos);
  CHECK(r.wire.substr(0, go).find("EHLO relay.isp.example") != std::string::npos);
  const std::string after = r.wire.substr(go + 30);
  for (const char* secret : {"MAIL FROM", "alice@school.example", "hello", "QUIT", "221"})
    CHECK_MESSAGE(after.find(secret) == std::string::npos, secret);
  CHECK(split_records(after).malformed == false);
  CHECK(split_records(after).rest == 0);
}

TEST_CASE("STARTTLS over TLS 1.2 when the client goes no higher") {
  Lesson l;
  l.client_max = Version::Tls12;
  const Run r = run(l);
  CHECK(r.server_tls == "TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384");
  CHECK(r.results[0].status == smtp::RecipientStatus::Delivered);
}

TEST_CASE("the same lesson and seed give the same wire, byte for byte, ciphertext included") {
  Lesson a("seed 1");
  Lesson b("seed 1");
  Lesson c("seed 2");
  const Run ra = run(a);
  const Run rb = run(b);
  const Run rc = run(c);
  CHECK(ra.wire.size() > 1500);
  CHECK(ra.wire == rb.wire);
  CHECK(ra.transcript == rc.transcript);
  CHECK(ra.wire != rc.wire);
}

TEST_CASE("plaintext injected after STARTTLS by a man in the middle is discarded, never read inside TLS") {
  Lesson l;
  l.middle = [](std::string bytes) {
    // CVE-2011-0411: the attacker appends his own commands to the client's STARTTLS packet.
    if (std::string_view(bytes) == std::string_view("STARTTLS\r\n"))
      bytes += "MAIL FROM:<injected@attacker.example>\r\nRCPT TO:<victim@home.example>\r\n";
    return bytes;
  };
  const Run r = run(l);
  // The server read the injected lines as part of the STARTTLS write, answered only STARTTLS, and
  // inside TLS nothing of them is left: the transaction is the client's alone.
  CHECK(r.transcript == std::string("S: 220 mx.home.example ESMTP mailsim\n"
                                    "C: EHLO relay.isp.example\n") +
                            kEhloWithStarttls +
                            "C: STARTTLS\n"
                            "C: MAIL FROM:<injected@attacker.example>\n"
                            "C: RCPT TO:<victim@home.example>\n"
                            "S: 220 2.0.0 Ready to start TLS\n"
                            "-- TLS established: TLSv1.3 TLS_AES_256_GCM_SHA384\n"
                            "C: EHLO relay.isp.example\n" +
                            kEhloInsideTls + kTransaction);
  CHECK(r.senders_asked == std::vector<std::string>{"alice@school.example"});
  CHECK(r.results[0].status == smtp::RecipientStatus::Delivered);
}

TEST_CASE("verify: each flawed certificate defers the mail, Server certificate not verified, nothing sent inside") {
  for (const Flaw flaw : {Flaw::NameMismatch, Flaw::Expired, Flaw::SelfSigned, Flaw::UnknownCa}) {
    CAPTURE(to_string(flaw));
    Lesson l;
    l.flaw = flaw;
    l.job.tls_level = smtp::ClientTlsLevel::Verify;
    const Run r = run(l);
    CHECK(r.results[0].status == smtp::RecipientStatus::TempFailed);
    CHECK(r.session_error == smtp::Reply{454, "4.7.5", {"Server certificate not verified"}, /*local=*/true});
    CHECK(r.transcript.ends_with("-- TLS established: TLSv1.3 TLS_AES_256_GCM_SHA384\n"));
    CHECK(r.delivered.empty());
    CHECK(r.server_closed);  // our close_notify, then the TCP close
  }
  Lesson good;
  good.job.tls_level = smtp::ClientTlsLevel::Verify;
  CHECK(run(good).results[0].status == smtp::RecipientStatus::Delivered);
  // At may and encrypt the certificate is not checked, as Postfix does: the mail goes.
  Lesson may;
  may.flaw = Flaw::Expired;
  const Run rm = run(may);
  CHECK(rm.results[0].status == smtp::RecipientStatus::Delivered);
  CHECK(rm.client_verify == "certificate has expired");
}

TEST_CASE("a handshake that fails: the client defers, Cannot start TLS, the server closes") {
  Lesson l;
  l.server_min = Version::Tls13;
  l.client_max = Version::Tls12;
  l.job.tls_level = smtp::ClientTlsLevel::Encrypt;
  const Run r = run(l);
  CHECK(r.results[0].status == smtp::RecipientStatus::TempFailed);
  CHECK(r.session_error == smtp::Reply{454, "4.7.5", {"Cannot start TLS: handshake failure"}, /*local=*/true});
  CHECK(r.transcript.ends_with("S: 220 2.0.0 Ready to start TLS\n-- TLS failed: unsupported protocol\n"));
  CHECK(r.client_failure == "tlsv1 alert protocol version");
  CHECK(r.server_closed);
}

TEST_CASE("no STARTTLS offered (no TLS there, or an attacker stripped it): may goes plain, encrypt defers") {
  Lesson may;
  may.server_config.smtpd_tls_security_level = smtp::TlsLevel::None;
  const Run rm = run(may);
  CHECK(rm.results[0].status == smtp::RecipientStatus::Delivered);
  CHECK(rm.wire.find("MAIL FROM:<alice@school.example>") != std::string::npos);  // the eavesdropper reads it

  Lesson encrypt;
  encrypt.server_config.smtpd_tls_security_level = smtp::TlsLevel::None;
  encrypt.job.tls_level = smtp::ClientTlsLevel::Encrypt;
  const Run re = run(encrypt);
  CHECK(re.results[0].status == smtp::RecipientStatus::TempFailed);
  CHECK(re.session_error ==
        smtp::Reply{454, "4.7.4", {"TLS is required, but was not offered by host mx.home.example"}, /*local=*/true});
  CHECK(re.transcript.ends_with("C: QUIT\nS: 221 2.0.0 Bye\n"));
  CHECK(re.wire.find("MAIL FROM") == std::string::npos);
}

TEST_CASE("smtpd_tls_security_level = encrypt with a client at may: STARTTLS first, then the mail") {
  Lesson l;
  l.server_config.smtpd_tls_security_level = smtp::TlsLevel::Encrypt;
  const Run r = run(l);
  CHECK(r.results[0].status == smtp::RecipientStatus::Delivered);
  Lesson none;
  none.server_config.smtpd_tls_security_level = smtp::TlsLevel::Encrypt;
  none.job.tls_level = smtp::ClientTlsLevel::None;
  const Run rn = run(none);
  CHECK(rn.results[0].status == smtp::RecipientStatus::PermFailed);
  CHECK(rn.session_error == smtp::Reply{530, "5.7.0", {"Must issue a STARTTLS command first"}});
}

TEST_CASE("a policy hook that answers later: its reply goes out through the engine inside TLS") {
  auto lib = Library::seeded("pending");
  const LessonPki pki(42, kEpoch);
  auto server_ctx = server_context(lib, pki.server(kMx));
  auto client_ctx = client_context(lib, {pki.ca().certificate()});
  smtp::ServerConfig config;
  config.hostname = kMx;
  config.smtpd_tls_security_level = smtp::TlsLevel::May;
  smtp::ServerHooks hooks;
  hooks.check_mail_from = [](const smtp::Envelope&, const std::string&) { return smtp::Verdict::pending(); };
  auto machine = std::make_shared<smtp::Server>(config, hooks);
  ServerLayer<smtp::Server> server(machine,
                                   [server_ctx] { return std::make_unique<Engine>(server_ctx, EngineOptions{}); });
  Engine client(client_ctx, client_options(kMx));

  server.start();
  CHECK(server.write("not due").to_peer == "not due");  // before TLS the layer passes plain text
  server.feed("EHLO relay.isp.example\r\n");
  CHECK(server.feed("STARTTLS\r\n") == "220 2.0.0 Ready to start TLS\r\n");
  CHECK(server.write("250 too early\r\n").to_peer.empty());  // nothing of the machine's during the handshake
  Received c = client.feed_ciphertext(server.feed(client.start()));
  server.feed(c.to_peer);
  REQUIRE(client.established());
  client.feed_ciphertext(server.feed(client.write_plaintext("EHLO relay.isp.example\r\n")));
  CHECK(server.feed(client.write_plaintext("MAIL FROM:<alice@school.example>\r\n")).empty());
  REQUIRE(machine->waiting());
  const Step later = server.write(machine->resume(smtp::Reply{250, "2.1.0", {"Ok"}}));
  CHECK(later.encrypted);
  CHECK(later.plaintext_out == "250 2.1.0 Ok\r\n");
  CHECK(later.to_peer.find("250") == std::string::npos);
  CHECK(client.feed_ciphertext(later.to_peer).plaintext == "250 2.1.0 Ok\r\n");
}

TEST_CASE("implicit TLS (RFC 8314, port 465): the handshake first, then the greeting and the whole dialog inside TLS") {
  for (const Version max : {Version::Tls13, Version::Tls12}) {
    Lesson l;
    l.client_max = max;
    l.server_config.smtpd_tls_wrappermode = true;
    l.job.tls_wrappermode = true;
    l.job.tls_level = smtp::ClientTlsLevel::Verify;
    const Run r = run(l);
    CHECK(r.server_implicit);
    CHECK(r.client_implicit);
    CHECK(r.transcript == std::string("-- TLS established: ") + r.server_tls + "\n" +
                              "S: 220 mx.home.example ESMTP mailsim\n"
                              "C: EHLO relay.isp.example\n" +
                              kEhloInsideTls + kTransaction);
    CHECK(r.server_tls == (max == Version::Tls13 ? "TLSv1.3 TLS_AES_256_GCM_SHA384"
                                                 : "TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384"));
    CHECK(r.results[0].status == smtp::RecipientStatus::Delivered);
    CHECK(r.client_verify == "ok");
    CHECK(r.server_closed);
    // Not one byte in clear: the wire is TLS records from the ClientHello to the close_notify.
    REQUIRE_FALSE(r.wire.empty());
    CHECK(r.wire[0] == '\x16');  // a handshake record
    CHECK_FALSE(split_records(r.wire).malformed);
    CHECK(split_records(r.wire).rest == 0);
    for (const char* secret : {"220", "EHLO", "MAIL FROM", "alice@school.example", "hello", "QUIT"})
      CHECK_MESSAGE(r.wire.find(secret) == std::string::npos, secret);
  }
}

TEST_CASE("implicit TLS: plain text sent to the port goes to the engine, which fails as OpenSSL does") {
  Lesson l;
  l.server_config.smtpd_tls_wrappermode = true;
  auto server_ctx = server_context(l.lib, l.pki.server(kMx, Flaw::None), Version::Tls12);
  ServerLayer<smtp::Server> server(std::make_shared<smtp::Server>(l.server_config, smtp::ServerHooks{}),
                                   [server_ctx] { return std::make_unique<Engine>(server_ctx, EngineOptions{}); });
  CHECK(server.start() == "");  // no greeting in plain text
  CHECK(server.implicit());
  const Step s = server.step("EHLO relay.isp.example\r\n");
  CHECK(s.handshake_failed);
  CHECK(s.encrypted);
  CHECK(s.plaintext_in.empty());  // the machine read nothing
  CHECK(s.plaintext_out.empty());
  CHECK(server.engine()->failure().text() == "wrong version number");
  CHECK(server.closed());
  CHECK(server.machine().state() == smtp::ServerState::Closed);
  CHECK_FALSE(server.machine().table_miss());
}

TEST_CASE("implicit TLS on one side only: each waits for the other, or the client's engine meets a plain greeting") {
  // A plain client (STARTTLS set) on the implicit port: the server waits for a ClientHello, the
  // client for a greeting; nothing crosses until the client's timeout (the glue's) ends it.
  Lesson plain;
  plain.server_config.smtpd_tls_wrappermode = true;
  const Run waiting = run(plain);
  CHECK(waiting.wire.empty());
  CHECK(waiting.transcript.empty());
  CHECK(waiting.server_implicit);
  CHECK_FALSE(waiting.client_implicit);
  CHECK(waiting.results[0].status == smtp::RecipientStatus::Pending);
  // A client set to SSL/TLS on a plain port: its engine reads the 220 as a record and fails.
  Lesson wrapped;
  wrapped.job.tls_wrappermode = true;
  const Run r = run(wrapped);
  CHECK(r.client_failure == "wrong version number");
  CHECK(r.session_error == smtp::Reply{454, "4.7.5", {"Cannot start TLS: handshake failure"}, /*local=*/true});
  CHECK(r.results[0].status == smtp::RecipientStatus::TempFailed);
  CHECK(r.delivered.empty());
}
