// The engine against itself, in memory: both versions, what each side learns, data both ways,
// close_notify, failures as values, and bytes that repeat for the same seed.
#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "tls/support.hpp"
#include "sim/proto/tls/records.hpp"

using namespace tls_test;

namespace {

struct World {
  std::shared_ptr<const Library> lib;
  LessonPki pki;
  explicit World(std::string seed = "world 1", std::uint64_t scenario_seed = 42)
      : lib(Library::seeded(seed)), pki(scenario_seed, kEpoch) {}
  Pair pair(Flaw flaw = Flaw::None, EngineOptions options = client_options(), Version client_max = Version::Tls13,
            Version server_min = Version::Tls12) {
    return Pair(client_context(lib, {pki.ca().certificate()}, Version::Tls12, client_max),
                server_context(lib, pki.server(kHost, flaw), server_min), std::move(options));
  }
};

}  // namespace

TEST_CASE("TLS 1.3 handshake in memory: version, cipher, group, the server's chain, verified") {
  World w;
  Pair p = w.pair();
  p.handshake();
  REQUIRE(p.client.established());
  REQUIRE(p.server.established());
  const SessionInfo& s = p.client.session();
  CHECK(s.version == Version::Tls13);
  CHECK(to_string(s.version) == "TLSv1.3");
  CHECK(s.cipher == "TLS_AES_256_GCM_SHA384");
  CHECK(s.cipher_iana == "TLS_AES_256_GCM_SHA384");
  CHECK(s.group == "x25519");
  CHECK(s.server_name == kHost);
  REQUIRE(s.peer_chain.size() == 1);
  CHECK(s.peer_chain[0].subject == "CN=mx.school.example");
  CHECK(s.peer_chain[0].issuer == "CN=mailsim Lesson CA,O=mailsim");
  CHECK(s.verify.checked);
  CHECK(s.verify.ok);
  CHECK(s.verify.error == "ok");
  CHECK(p.server.session().server_name == kHost);
  CHECK(p.server.session().cipher == "TLS_AES_256_GCM_SHA384");
  CHECK(p.server.session().peer_chain.empty());

  CHECK(names(p.client, true) == "ClientHello, ChangeCipherSpec, Finished");
  // OpenSSL 3.0 reports a ChangeCipherSpec it sends, not one it receives (TLS 1.3 ignores it).
  CHECK(names(p.client, false) == "ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished");
  CHECK(names(p.server, true) ==
        "ServerHello, ChangeCipherSpec, EncryptedExtensions, Certificate, CertificateVerify, Finished");
  CHECK(names(p.server, false) == "ClientHello, Finished");
}

TEST_CASE("TLS 1.2 when one side goes no higher: ECDHE-ECDSA and the 1.2 messages") {
  World w;
  Pair p = w.pair(Flaw::None, client_options(), Version::Tls12);
  p.handshake();
  REQUIRE(p.client.established());
  const SessionInfo& s = p.client.session();
  CHECK(s.version == Version::Tls12);
  CHECK(to_string(s.version) == "TLSv1.2");
  CHECK(s.cipher == "ECDHE-ECDSA-AES256-GCM-SHA384");
  CHECK(s.cipher_iana == "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  CHECK(s.verify.ok);
  CHECK(names(p.client, true) ==
        "ClientHello, ClientKeyExchange, ChangeCipherSpec, Finished");
  CHECK(names(p.client, false) == "ServerHello, Certificate, ServerKeyExchange, ServerHelloDone, Finished");
}

TEST_CASE("plaintext both ways, cut anywhere, never visible on the wire") {
  World w;
  Pair p = w.pair();
  p.handshake(7);  // seven octets at a time
  REQUIRE(p.client.established());
  p.client_says("EHLO client.school.example\r\n");
  CHECK(p.server_received == "EHLO client.school.example\r\n");
  p.server_says("250-mx.school.example\r\n250 8BITMIME\r\n");
  CHECK(p.client_received == "250-mx.school.example\r\n250 8BITMIME\r\n");
  CHECK(p.wire.find("EHLO") == std::string::npos);
  CHECK(p.wire.find("8BITMIME") == std::string::npos);

  // 300 KB in one write: many records, fed back one octet short of a record at a time.
  std::string big;
  for (int i = 0; big.size() < 300000; ++i) big += "line " + std::to_string(i) + "\r\n";
  const std::string records = p.client.write_plaintext(big);
  const Split split = split_records(records);
  CHECK(split.records.size() >= 19);
  CHECK(split.rest == 0);
  std::string got;
  std::size_t most_buffered = 0;
  for (std::size_t i = 0; i < records.size(); i += 16000) {
    got += p.server.feed_ciphertext(std::string_view(records).substr(i, 16000)).plaintext;
    most_buffered = std::max(most_buffered, p.server.buffered());
  }
  CHECK(got == big);
  CHECK(most_buffered < 16 * 1024 + kRecordHeader);
}

TEST_CASE("plaintext written before the handshake is done goes out with the flight that completes it") {
  World w;
  Pair p = w.pair();
  CHECK(p.client.write_plaintext("EHLO early\r\n").empty());
  p.handshake();
  CHECK(p.server_received == "EHLO early\r\n");
}

TEST_CASE("close_notify: the peer sees it, nothing more is read or written") {
  World w;
  Pair p = w.pair();
  p.handshake();
  p.run(p.client.close());
  CHECK(p.client.state() == Engine::State::Closed);
  CHECK(p.server.peer_closed());
  CHECK(p.server.state() == Engine::State::Closed);
  CHECK(p.server.failure().kind == Failure::Kind::None);
  CHECK(names(p.server, false).ends_with(", Alert close_notify"));
  CHECK(p.server.write_plaintext("more\r\n").empty());
  CHECK(p.client.close().empty());
  CHECK(p.client.handshake_done());
}

TEST_CASE("the same seed gives the same ciphertext byte for byte, and the same key log") {
  auto run = [](const std::string& seed, Version max = Version::Tls13) {
    World w(seed);
    Pair p = w.pair(Flaw::None, client_options(), max);
    p.handshake();
    p.client_says("EHLO client.school.example\r\n");
    p.server_says("250 mx.school.example\r\n");
    p.run(p.client.close());
    return std::make_tuple(p.wire, p.keylog, names(p.client, true) + " / " + names(p.client, false));
  };
  const auto first = run("lesson 7");
  const auto second = run("lesson 7");
  CHECK(std::get<0>(first).size() > 1000);
  CHECK(std::get<0>(first) == std::get<0>(second));  // every octet of the handshake, the data and the close
  CHECK(std::get<1>(first) == std::get<1>(second));
  const auto other = run("lesson 8");
  CHECK(std::get<0>(other) != std::get<0>(first));
  CHECK(std::get<2>(other) == std::get<2>(first));  // the same messages, other random numbers
  // Pinned, so that a time of day leaking into the bytes (which two runs in the same second would
  // not show) or anything else outside the seed fails here on a later run. Made by OpenSSL 3.0: a
  // later OpenSSL that draws its random numbers in another order changes them, and the pins say so.
  CHECK(sha256_hex(std::get<0>(first)) == "cede1584d7ce147398f7bfa3712d3b7b49e3e267eb13f54d9d1e9b92e8e1b22c");
  CHECK(sha256_hex(std::get<0>(run("lesson 7", Version::Tls12))) == "bc4d65d7db36c0a38698448b351bc97034c0960432e0579216e23ff9b207efca");
}

TEST_CASE("the key log: NSS lines for the client random of this connection, both versions") {
  World w;
  Pair p = w.pair();
  const std::string hello = p.client.start();
  // ClientHello's random: after the record header (5), the handshake header (4) and the version (2).
  const std::string random = hex(hello.substr(11, 32));
  p.run(hello);
  REQUIRE(p.client.established());
  std::string labels;
  for (const std::string& line : p.keylog) {
    if (!line.starts_with("client ")) continue;
    const std::size_t sp = line.find(' ', 7);
    labels += (labels.empty() ? "" : ", ") + line.substr(7, sp - 7);
    CHECK(line.substr(sp + 1, 64) == random);
    CHECK(line.size() == sp + 1 + 64 + 1 + 96);  // SHA-384 secrets: 48 octets
  }
  CHECK(labels == "SERVER_HANDSHAKE_TRAFFIC_SECRET, EXPORTER_SECRET, SERVER_TRAFFIC_SECRET_0, "
                  "CLIENT_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0");
  // The server logs the same secrets.
  std::vector<std::string> client_lines, server_lines;
  for (const std::string& line : p.keylog)
    (line.starts_with("client ") ? client_lines : server_lines).push_back(line.substr(7));
  std::sort(client_lines.begin(), client_lines.end());
  std::sort(server_lines.begin(), server_lines.end());
  CHECK(client_lines == server_lines);

  Pair old = w.pair(Flaw::None, client_options(), Version::Tls12);
  const std::string hello12 = old.client.start();
  old.run(hello12);
  REQUIRE(old.client.established());
  REQUIRE(!old.keylog.empty());
  CHECK(old.keylog[0].starts_with("client CLIENT_RANDOM " + hex(hello12.substr(11, 32)) + " "));
  CHECK(old.keylog[0].size() == std::string("client CLIENT_RANDOM ").size() + 64 + 1 + 96);
}

TEST_CASE("versions that do not meet: protocol_version both ways, as values") {
  World w;
  Pair p = w.pair(Flaw::None, client_options(), Version::Tls12, Version::Tls13);
  p.handshake();
  CHECK(p.server.state() == Engine::State::Failed);
  CHECK(p.server.failure().kind == Failure::Kind::AlertSent);
  CHECK(p.server.failure().alert == "protocol_version");
  CHECK(p.server.failure().reason == "unsupported protocol");
  CHECK(p.client.state() == Engine::State::Failed);
  CHECK(p.client.failure().kind == Failure::Kind::AlertReceived);
  CHECK(p.client.failure().alert == "protocol_version");
  CHECK(p.client.failure().reason == "tlsv1 alert protocol version");
  CHECK(p.client.failure().text() == "tlsv1 alert protocol version");
  // Nothing more is read after a failure.
  CHECK(p.server.feed_ciphertext(p.client.start()).to_peer.empty());
}

TEST_CASE("bytes that are not TLS: the server fails with OpenSSL's reason and sends nothing") {
  // A client that speaks plain text where TLS is expected: OpenSSL cannot tell which record version
  // to answer in, so it sends no alert at all.
  World w;
  Pair p = w.pair();
  Received r = p.server.feed_ciphertext("EHLO plain.example\r\n");
  CHECK(r.plaintext.empty());
  CHECK(r.to_peer.empty());
  CHECK(p.server.state() == Engine::State::Failed);
  CHECK(p.server.failure().kind == Failure::Kind::AlertSent);
  CHECK(p.server.failure().alert.empty());
  CHECK(p.server.failure().text() == "wrong version number");
}
