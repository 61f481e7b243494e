// Serving from the app (viz::Session::start_serving): for a lesson with TLS the lesson's CA is
// written where the Serve menu says, the same PEM `mailsim serve --ca-out` writes; without TLS none.
// Free loopback ports; nothing connects.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/scenario/load.hpp"
#include "sim/serve/real_client.hpp"
#include "sim/world/world.hpp"
#include "viz/model/session.hpp"

using namespace mailsim;

namespace {

serve::Options free_ports() {
  serve::Options o;
  o.base_port = 0;
  return o;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("serving a TLS lesson from the app writes its CA, the one serve --ca-out writes") {
  const scenario::Scenario s = scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/reading-implicit-tls.json");
  viz::Session session(s);
  const std::string path = (std::filesystem::temp_directory_path() / "mailsim-reading-implicit-tls-ca.pem").string();
  std::filesystem::remove(path);
  REQUIRE(session.start_serving(free_ports(), 0).empty());
  CHECK(session.ca_file() == path);
  const std::string pem = read_all(path);
  CHECK(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
  // What the CLI would write for the same lesson and seed.
  const world::World w(serve::with_real_client(s), s.seed);
  CHECK(pem == w.tls_ca_pem());
  session.stop_serving();
  std::filesystem::remove(path);
}

TEST_CASE("serving a lesson without TLS writes no CA") {
  viz::Session session(scenario::load_file(MAILSIM_SOURCE_DIR "/scenarios/relay-mx.json"));
  REQUIRE(session.start_serving(free_ports(), 0).empty());
  CHECK(session.ca_file().empty());
  session.stop_serving();
}
