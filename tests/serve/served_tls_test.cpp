// A real client's TLS in `mailsim serve` (docs/tls.md): its connections get server contexts on the
// system library, never the world's seeded one, with a certificate from the lesson CA for the names
// a real client dials; simulated peers keep the seeded contexts. No sockets: engines back to back.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>

#include <openssl/x509v3.h>

#include "sim/nodes/tls_hosts.hpp"
#include "sim/proto/crypto/library.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/scenario/load.hpp"
#include "sim/serve/real_client.hpp"

using namespace mailsim;

namespace {

constexpr std::int64_t kNow = 1800000000;  // a "real" time after the lesson's epoch
const std::string kReal(serve::kRealClientHost);

// Runs a handshake between two engines, bytes back and forth, until neither has more to say.
bool handshake(tls::Engine& client, tls::Engine& server) {
  std::string to_server = client.start();
  for (int round = 0; round < 10 && !to_server.empty(); ++round) {
    const tls::Received s = server.feed_ciphertext(to_server);
    const tls::Received c = client.feed_ciphertext(s.to_peer);
    to_server = c.to_peer;
  }
  return client.handshake_done() && server.handshake_done();
}

std::shared_ptr<const tls::Context> client_context(const nodes::TlsHosts& hosts) {
  tls::ContextConfig c;
  c.role = tls::Role::Client;
  c.trusted = {hosts.pki().ca().certificate()};
  // A library of its own, standing for the real client's OpenSSL.
  return *tls::Context::make(crypto::Library::seeded("a real client"), std::move(c));
}

bool has_ip_san(const tls::Certificate& cert, const unsigned char (&ip)[4]) {
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
  bool found = false;
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_IPADD && n->d.ip->length == 4 && std::equal(ip, ip + 4, n->d.ip->data)) found = true;
  }
  GENERAL_NAMES_free(names);
  return found;
}

}  // namespace

TEST_CASE("a real client's connection gets a server engine on the system library, a simulated one the seeded") {
  const scenario::Scenario s =
      serve::with_real_client(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/smtps-465.json"));
  const auto hosts = nodes::TlsHosts::make(s, 7);
  REQUIRE(hosts);
  const std::shared_ptr<const tls::Context> simulated = hosts->server("mail.school.example");
  REQUIRE(simulated);
  const crypto::Library& seeded = simulated->library();
  REQUIRE(seeded.is_seeded());
  // Before serve says who the real clients are, nobody is one.
  CHECK(hosts->for_peer(simulated, kReal) == simulated);
  CHECK_FALSE(hosts->real_peer(kReal));

  const std::uint64_t before = seeded.drawn();
  hosts->serve_real_clients(kReal, "127.0.0.1", kNow);
  CHECK(hosts->real_peer(kReal));
  CHECK_FALSE(hosts->real_peer("phone.cafe.example"));
  CHECK(hosts->for_peer(simulated, "phone.cafe.example") == simulated);
  const std::shared_ptr<const tls::Context> real = hosts->for_peer(simulated, kReal);
  REQUIRE(real);
  CHECK(real != simulated);
  CHECK_FALSE(real->library().is_seeded());

  // The served certificate: the lesson CA's, for the host, localhost and the listen address.
  const tls::Certificate& leaf = real->config().credentials->chain.front();
  const tls::CertificateInfo info = leaf.info();
  CHECK(info.issuer == "CN=mailsim Lesson CA,O=mailsim");
  CHECK(std::count(info.dns_names.begin(), info.dns_names.end(), "mail.school.example") == 1);
  CHECK(std::count(info.dns_names.begin(), info.dns_names.end(), "localhost") == 1);
  CHECK(has_ip_san(leaf, {127, 0, 0, 1}));
  CHECK(info.not_before <= kNow);
  CHECK(info.not_after > kNow);
  // Its key is not the simulated one's (that one anybody with the seed can recompute).
  CHECK(leaf.der() != simulated->config().credentials->chain.front().der());

  // A real client's handshake, checking the name it dials at the real time, draws nothing seeded.
  tls::Engine server(real, {});
  tls::Engine client(client_context(*hosts), {"localhost", kNow, true, {}});
  REQUIRE(handshake(client, server));
  CHECK(client.session().verify.ok);
  CHECK(seeded.drawn() == before);

  // ...while a simulated peer's does: the check above could fail.
  tls::Engine sim_server(simulated, {});
  tls::Engine sim_client(client_context(*hosts), {"mail.school.example", s.epoch, true, {}});
  REQUIRE(handshake(sim_client, sim_server));
  CHECK(seeded.drawn() > before);
}
