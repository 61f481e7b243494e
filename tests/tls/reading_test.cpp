// POP3's STLS and IMAP's STARTTLS end to end: the server and client machines, each with a real TLS
// engine slid under it by the STARTTLS layer, over an in-memory wire. The transcript is what the
// server read and answered (decrypted inside TLS); the wire is what an eavesdropper on the link sees.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "tls/support.hpp"
#include "sim/mailstore/mailstore.hpp"
#include "sim/proto/imap/client.hpp"
#include "sim/proto/imap/server.hpp"
#include "sim/proto/pop3/client.hpp"
#include "sim/proto/pop3/server.hpp"
#include "sim/proto/tls/records.hpp"
#include "sim/proto/tls/starttls.hpp"

using namespace tls_test;
namespace pop3 = mailsim::pop3;
namespace imap = mailsim::imap;
namespace mailstore = mailsim::mailstore;
namespace proto = mailsim::proto;

namespace {

const std::string kPop = "pop.home.example";
const std::string kMessage = "From: alice@school.example\r\nSubject: marks\r\n\r\nYour password is tulip\r\n";

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

// The IMAP server wants the time with its bytes; the layer feeds bytes alone.
struct ImapMachine {
  imap::Server server;
  std::string start() { return server.start(); }
  std::string feed(std::string_view bytes) { return server.feed(bytes, 0); }
  bool closed() const { return server.closed(); }
  bool starting_tls() const { return server.starting_tls(); }
  std::string tls_established() { return server.tls_established(); }
  std::string tls_failed() { return server.tls_failed(); }
  void connection_lost() { server.connection_lost(); }
};

struct Run {
  std::string transcript;
  std::string wire;
};

// Plays a server layer against a client layer until both are quiet. `middle` may change what the
// client sends before the server reads it (a man in the middle).
template <class S, class C>
Run play(ServerLayer<S>& server, ClientLayer<C>& client,
         const std::function<std::string(std::string)>& middle = [](std::string b) { return b; }) {
  Run out;
  std::string to_client = server.start();
  out.transcript += lines("S: ", to_client);
  std::string to_server;
  for (int rounds = 0; (!to_client.empty() || !to_server.empty()) && rounds < 200; ++rounds) {
    if (!to_client.empty()) {
      out.wire += to_client;
      to_server += client.step(to_client).to_peer;
      to_client.clear();
    }
    if (!to_server.empty() && !server.closed()) {
      const std::string bytes = middle(std::move(to_server));
      out.wire += bytes;
      const Step s = server.step(bytes);
      if (s.handshake_done) out.transcript += "-- TLS established\n";
      if (!s.plaintext_in.empty()) out.transcript += lines("C: ", s.plaintext_in);
      if (!s.plaintext_out.empty()) out.transcript += lines("S: ", s.plaintext_out);
      to_client = s.to_peer;
    }
    to_server.clear();
  }
  return out;
}

struct Pki {
  std::shared_ptr<const Library> lib = Library::seeded("reading lesson");
  LessonPki pki{42, kEpoch};
  EngineFactory server(const std::string& host) {
    auto ctx = server_context(lib, pki.server(host));
    return [ctx] { return std::make_unique<Engine>(ctx, EngineOptions{}); };
  }
  EngineFactory client(const std::string& host) {
    auto ctx = client_context(lib, {pki.ca().certificate()});
    return [ctx, host] { return std::make_unique<Engine>(ctx, client_options(host, kNow, false)); };
  }
};

mailstore::MailStore store() {
  mailstore::MailStore s;
  s.add_account("bob", "secret", 7);
  s.deliver("bob", kMessage, 10);
  return s;
}

Run pop3_run(mailstore::MailStore& st, std::vector<pop3::Downloaded>& got,
             const std::function<std::string(std::string)>& middle = [](std::string b) { return b; }) {
  Pki p;
  pop3::ServerConfig sc;
  sc.hostname = kPop;
  sc.ssl = proto::Ssl::Yes;
  sc.disable_plaintext_auth = true;
  pop3::ClientJob job;
  job.user = "bob";
  job.password = "secret";
  job.tls = proto::ClientTls::Verify;
  job.server_name = kPop;
  ServerLayer<pop3::Server> server(std::make_shared<pop3::Server>(sc, st), p.server(kPop));
  ClientLayer<pop3::Client> client(std::make_shared<pop3::Client>(job), p.client(kPop));
  Run r = play(server, client, middle);
  got = client.machine().downloaded();
  CHECK(client.machine().error() == "");
  CHECK(client.done());
  CHECK(server.closed());
  CHECK_FALSE(server.machine().table_miss());
  CHECK_FALSE(client.machine().table_miss());
  return r;
}

}  // namespace

TEST_CASE("POP3 STLS: the mail is read inside TLS, the wire after the +OK is ciphertext") {
  mailstore::MailStore st = store();
  std::vector<pop3::Downloaded> got;
  const Run r = pop3_run(st, got);
  CHECK(r.transcript == "S: +OK pop.home.example POP3 server ready\n"
                        "C: CAPA\n"
                        "S: +OK Capability list follows\nS: TOP\nS: UIDL\nS: STLS\nS: RESP-CODES\nS: PIPELINING\nS: .\n"
                        "C: STLS\n"
                        "S: +OK Begin TLS negotiation now.\n"
                        "-- TLS established\n"
                        "C: CAPA\n"
                        "S: +OK Capability list follows\nS: USER\nS: TOP\nS: UIDL\nS: RESP-CODES\nS: PIPELINING\nS: .\n"
                        "C: USER bob\nS: +OK send PASS\n"
                        "C: PASS secret\nS: +OK maildrop has 1 message (70 octets)\n"
                        "C: UIDL\nS: +OK unique-id listing follows\nS: 1 7.1\nS: .\n"
                        "C: RETR 1\nS: +OK 70 octets\n"
                        "S: From: alice@school.example\nS: Subject: marks\nS: \nS: Your password is tulip\nS: .\n"
                        "C: DELE 1\nS: +OK message 1 deleted\n"
                        "C: QUIT\nS: +OK pop.home.example POP3 server signing off (maildrop empty)\n");
  REQUIRE(got.size() == 1);
  CHECK(got[0].raw == kMessage);
  const std::string go = "+OK Begin TLS negotiation now.\r\n";
  const std::size_t at = r.wire.find(go);
  REQUIRE(at != std::string::npos);
  const std::string after = r.wire.substr(at + go.size());
  for (const char* secret : {"USER", "PASS", "secret", "tulip", "Subject", "QUIT"})
    CHECK_MESSAGE(after.find(secret) == std::string::npos, secret);
  CHECK(split_records(after).rest == 0);
  CHECK_FALSE(split_records(after).malformed);
}

TEST_CASE("POP3 STLS: a USER injected after STLS in clear is never read inside TLS") {
  mailstore::MailStore st = store();
  std::vector<pop3::Downloaded> got;
  const Run r = pop3_run(st, got, [](std::string bytes) {
    if (std::string_view(bytes) == std::string_view("STLS\r\n")) bytes += "USER mallory\r\n";
    return bytes;
  });
  // The server saw the line (it came with STLS) but dropped it: inside TLS the USER is bob's.
  CHECK(r.transcript.find("C: STLS\nC: USER mallory\nS: +OK Begin TLS negotiation now.\n-- TLS established\nC: CAPA\n") !=
        std::string::npos);
  CHECK(r.transcript.find("S: +OK send PASS\nC: PASS secret\nS: +OK maildrop has 1 message") != std::string::npos);
  CHECK(got.size() == 1);
}

TEST_CASE("IMAP STARTTLS: LOGIN inside TLS, the capabilities asked again, ciphertext on the wire") {
  Pki p;
  mailstore::MailStore st = store();
  imap::ServerConfig sc;
  sc.hostname = "imap.home.example";
  sc.ssl = proto::Ssl::Yes;
  sc.disable_plaintext_auth = true;
  imap::ClientJob job;
  job.user = "bob";
  job.password = "secret";
  job.tls = proto::ClientTls::Verify;
  job.server_name = "imap.home.example";
  ServerLayer<ImapMachine> server(std::make_shared<ImapMachine>(ImapMachine{imap::Server(sc, st)}),
                                  p.server("imap.home.example"));
  ClientLayer<imap::Client> client(std::make_shared<imap::Client>(job), p.client("imap.home.example"));
  const Run r = play(server, client);
  CHECK(client.machine().error() == "");
  REQUIRE(client.machine().fetched().size() == 1);
  CHECK(client.machine().fetched()[0].raw == kMessage);
  const std::string before = "IMAP4rev1 ID SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN SPECIAL-USE "
                             "STARTTLS LOGINDISABLED";
  const std::string inside = "IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN "
                             "SPECIAL-USE";
  CHECK(r.transcript.starts_with("S: * OK [CAPABILITY " + before + "] imap.home.example IMAP4rev1 server ready\n"
                                 "C: a1 STARTTLS\n"
                                 "S: a1 OK Begin TLS negotiation now.\n"
                                 "-- TLS established\n"
                                 "C: a2 CAPABILITY\n"
                                 "S: * CAPABILITY " + inside + "\n"
                                 "S: a2 OK CAPABILITY completed\n"
                                 "C: a3 LOGIN bob secret\n"
                                 "S: a3 OK [CAPABILITY " + inside + "] Logged in\n"
                                 "C: a4 SELECT INBOX\n"));
  const std::string go = "a1 OK Begin TLS negotiation now.\r\n";
  const std::size_t at = r.wire.find(go);
  REQUIRE(at != std::string::npos);
  const std::string after = r.wire.substr(at + go.size());
  for (const char* secret : {"LOGIN", "secret", "tulip", "Subject", "LOGOUT"})
    CHECK_MESSAGE(after.find(secret) == std::string::npos, secret);
  CHECK(split_records(after).rest == 0);
  CHECK(server.closed());
  CHECK_FALSE(server.machine().server.table_miss());
  CHECK_FALSE(client.machine().table_miss());
}

TEST_CASE("verify: a reader refuses a flawed certificate and sends no password") {
  for (const Flaw flaw : {Flaw::NameMismatch, Flaw::Expired, Flaw::SelfSigned, Flaw::UnknownCa}) {
    CAPTURE(to_string(flaw));
    Pki p;
    mailstore::MailStore st = store();
    pop3::ServerConfig sc;
    sc.hostname = kPop;
    sc.ssl = proto::Ssl::Yes;
    pop3::ClientJob job;
    job.user = "bob";
    job.password = "secret";
    job.tls = proto::ClientTls::Verify;
    job.server_name = kPop;
    auto ctx = server_context(p.lib, p.pki.server(kPop, flaw));
    ServerLayer<pop3::Server> server(std::make_shared<pop3::Server>(sc, st),
                                     [ctx] { return std::make_unique<Engine>(ctx, EngineOptions{}); });
    ClientLayer<pop3::Client> client(std::make_shared<pop3::Client>(job), p.client(kPop));
    const Run r = play(server, client);
    CHECK(client.machine().error() == "TLS: server certificate not verified for pop.home.example");
    CHECK(r.transcript.ends_with("-- TLS established\n"));
    CHECK(st.folder("bob", "INBOX")->messages.size() == 1);
  }
}

namespace {

// Implicit TLS (993/995): the client's layer starts too, its ClientHello the first bytes on the wire.
template <class S, class C>
Run play_implicit(ServerLayer<S>& server, ClientLayer<C>& client) {
  Run out;
  std::string to_client = server.start();
  CHECK(to_client.empty());  // no greeting in clear
  CHECK(server.implicit());
  std::string to_server = client.start().to_peer;
  CHECK(client.implicit());
  for (int rounds = 0; (!to_client.empty() || !to_server.empty()) && rounds < 200; ++rounds) {
    if (!to_server.empty() && !server.closed()) {
      out.wire += to_server;
      const Step s = server.step(to_server);
      if (s.handshake_done) out.transcript += "-- TLS established\n";
      if (!s.plaintext_in.empty()) out.transcript += lines("C: ", s.plaintext_in);
      if (!s.plaintext_out.empty()) out.transcript += lines("S: ", s.plaintext_out);
      to_client += s.to_peer;
    }
    to_server.clear();
    if (!to_client.empty()) {
      out.wire += to_client;
      to_server += client.step(to_client).to_peer;
      to_client.clear();
    }
  }
  return out;
}

void check_all_ciphertext(const std::string& wire) {
  REQUIRE_FALSE(wire.empty());
  CHECK(wire[0] == '\x16');  // the ClientHello's handshake record
  CHECK(split_records(wire).rest == 0);
  CHECK_FALSE(split_records(wire).malformed);
  for (const char* secret : {"+OK", "* OK", "USER", "LOGIN", "secret", "tulip", "Subject", "QUIT", "LOGOUT"})
    CHECK_MESSAGE(wire.find(secret) == std::string::npos, secret);
}

}  // namespace

TEST_CASE("POP3S (port 995, RFC 8314): the handshake first, the greeting and the whole dialog inside TLS") {
  Pki p;
  mailstore::MailStore st = store();
  pop3::ServerConfig sc;
  sc.hostname = kPop;
  sc.ssl = proto::Ssl::Yes;
  sc.disable_plaintext_auth = true;
  sc.wrappermode = true;
  pop3::ClientJob job;
  job.user = "bob";
  job.password = "secret";
  job.tls = proto::ClientTls::Verify;
  job.server_name = kPop;
  job.wrappermode = true;
  ServerLayer<pop3::Server> server(std::make_shared<pop3::Server>(sc, st), p.server(kPop));
  ClientLayer<pop3::Client> client(std::make_shared<pop3::Client>(job), p.client(kPop));
  const Run r = play_implicit(server, client);
  CHECK(r.transcript == "-- TLS established\n"
                        "S: +OK pop.home.example POP3 server ready\n"
                        "C: CAPA\n"
                        "S: +OK Capability list follows\nS: USER\nS: TOP\nS: UIDL\nS: RESP-CODES\nS: PIPELINING\nS: .\n"
                        "C: USER bob\nS: +OK send PASS\n"
                        "C: PASS secret\nS: +OK maildrop has 1 message (70 octets)\n"
                        "C: UIDL\nS: +OK unique-id listing follows\nS: 1 7.1\nS: .\n"
                        "C: RETR 1\nS: +OK 70 octets\n"
                        "S: From: alice@school.example\nS: Subject: marks\nS: \nS: Your password is tulip\nS: .\n"
                        "C: DELE 1\nS: +OK message 1 deleted\n"
                        "C: QUIT\nS: +OK pop.home.example POP3 server signing off (maildrop empty)\n");
  CHECK(client.machine().error() == "");
  CHECK(client.done());
  REQUIRE(client.machine().downloaded().size() == 1);
  CHECK(client.machine().downloaded()[0].raw == kMessage);
  CHECK(server.closed());
  CHECK_FALSE(server.machine().table_miss());
  CHECK_FALSE(client.machine().table_miss());
  check_all_ciphertext(r.wire);
}

TEST_CASE("IMAPS (port 993, RFC 8314): the greeting inside TLS has no STARTTLS, LOGIN at once") {
  Pki p;
  mailstore::MailStore st = store();
  imap::ServerConfig sc;
  sc.hostname = "imap.home.example";
  sc.ssl = proto::Ssl::Yes;
  sc.disable_plaintext_auth = true;
  sc.wrappermode = true;
  imap::ClientJob job;
  job.user = "bob";
  job.password = "secret";
  job.tls = proto::ClientTls::Verify;
  job.server_name = "imap.home.example";
  job.wrappermode = true;
  ServerLayer<ImapMachine> server(std::make_shared<ImapMachine>(ImapMachine{imap::Server(sc, st)}),
                                  p.server("imap.home.example"));
  ClientLayer<imap::Client> client(std::make_shared<imap::Client>(job), p.client("imap.home.example"));
  const Run r = play_implicit(server, client);
  CHECK(client.machine().error() == "");
  REQUIRE(client.machine().fetched().size() == 1);
  CHECK(client.machine().fetched()[0].raw == kMessage);
  const std::string inside = "IMAP4rev1 ID AUTH=PLAIN SASL-IR ENABLE NAMESPACE IDLE UNSELECT MOVE UIDPLUS LITERAL+ CHILDREN "
                             "SPECIAL-USE";
  CHECK(r.transcript.starts_with("-- TLS established\n"
                                 "S: * OK [CAPABILITY " + inside + "] imap.home.example IMAP4rev1 server ready\n"
                                 "C: a1 LOGIN bob secret\n"
                                 "S: a1 OK [CAPABILITY " + inside + "] Logged in\n"
                                 "C: a2 SELECT INBOX\n"));
  CHECK(server.closed());
  CHECK_FALSE(server.machine().server.table_miss());
  CHECK_FALSE(client.machine().table_miss());
  check_all_ciphertext(r.wire);
}
