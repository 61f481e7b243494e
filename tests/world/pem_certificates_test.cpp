// Certificates from PEM files in a world (docs/tls.md, "Certificates"): the lesson's CA read from
// tls_ca_cert_file/tls_ca_key_file issues the servers' certificates and is what the simulated clients
// trust; a host with smtpd_tls_cert_file/smtpd_tls_key_file presents that chain, verified when the
// lesson's CA issued it and "unable to get local issuer certificate" when another did. The files are
// made with the tls library in a temporary folder; the same files and seed give the same trace.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/nodes/tls_hosts.hpp"
#include "sim/proto/tls/authority.hpp"
#include "sim/scenario/load.hpp"
#include "sim/trace/jsonl.hpp"
#include "sim/world/expect.hpp"
#include "sim/world/world.hpp"
#include "dialog.hpp"

using namespace mailsim;

namespace {

constexpr std::int64_t kEpoch = 1762160400;  // the bundled lessons' epoch

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `text` with the first `from` replaced by `to` (which must be there).
std::string edited(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// A temporary folder with the lesson's CA (not the seed's: another name and key), the school's
// submission server's chain issued by it, and partner.example's MX's from a CA nobody trusts.
struct Folder {
  explicit Folder(const char* name) : dir(std::filesystem::temp_directory_path() / name) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    put("ca.pem", ca.pem());
    put("ca.key", ca.key().pem());
    put("mail.pem", mail.leaf().pem() + ca.pem());  // leaf first, then its issuer
    put("mail.key", mail.key.pem());
    put("partner.pem", partner.leaf().pem());
    put("partner.key", partner.key.pem());
  }
  ~Folder() { std::filesystem::remove_all(dir); }
  void put(const char* name, const std::string& text) { std::ofstream(dir / name, std::ios::binary) << text; }

  std::filesystem::path dir;
  tls::Authority ca = tls::Authority::generate("pem world test ca", "Test School CA", kEpoch);
  tls::Credentials mail = tls::LessonPki(ca, 77, kEpoch).server("mail.school.example");
  tls::Authority stranger = tls::Authority::generate("pem world test stranger", "Stranger CA", kEpoch);
  tls::Credentials partner = tls::LessonPki(stranger, 78, kEpoch).server("mx.partner.example");
};

const std::string kSeed = R"("seed": 1,)";
const std::string kCaFiles = kSeed + R"( "tls_ca_cert_file": "ca.pem", "tls_ca_key_file": "ca.key",)";

// certificate-problems with the CA and both certificates from the folder's files instead of the
// seed and the flaws; m1 now reaches Bob, as the school's server presents a certificate that verifies.
scenario::Scenario certificate_problems_from_files(const Folder& f) {
  std::string t = read(MAILSIM_SOURCE_DIR "/scenarios/certificate-problems.json");
  t = edited(t, kSeed, kCaFiles);
  t = edited(t, R"("tls_certificate": "expired")",
             R"("smtpd_tls_cert_file": "mail.pem", "smtpd_tls_key_file": "mail.key")");
  t = edited(t, R"("tls_certificate": "name-mismatch")",
             R"("smtpd_tls_cert_file": "partner.pem", "smtpd_tls_key_file": "partner.key")");
  t = edited(t, R"({"in_outbox": "m1"},
    {"not_delivered": "m1", "mailbox": "bob@school.example"},)",
             R"({"delivered": "m1", "mailbox": "bob@school.example"},)");
  return scenario::load_text(t, (f.dir / "certificate-problems.json").string());
}

}  // namespace

TEST_CASE("pem certificates: a host's own files are what it presents, verified when the lesson's CA issued them") {
  const Folder f("mailsim-pem-world-present");
  world::World w(certificate_problems_from_files(f));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
  // What `mailsim serve --ca-out` writes: the file's CA.
  CHECK(w.tls_ca_pem() == f.ca.pem());

  // Alice's mail program (verify) trusts the file's CA: the school's chain from the file verifies.
  const auto laptop = lesson::connections(w, "laptop.home.example", "mail.school.example");
  REQUIRE(laptop.size() == 1);
  const trace::data::Tls* t = lesson::handshake(w, laptop[0]);
  REQUIRE(t != nullptr);
  CHECK(t->ok);
  CHECK(t->verified);
  CHECK(t->verify_error.empty());
  REQUIRE(t->chain.size() == 2);
  CHECK(t->chain[0].subject == "CN=mail.school.example");
  CHECK(t->chain[0].issuer == "CN=Test School CA,O=mailsim");
  CHECK(t->chain[0].sha256 == f.mail.leaf().info().sha256);
  CHECK(t->chain[1].subject == "CN=Test School CA,O=mailsim");
  CHECK(t->chain[1].sha256 == f.ca.certificate().info().sha256);
  CHECK(lesson::inbox_text(w, "bob@school.example").find("Subject: Homework") != std::string::npos);

  // out-may does not check: partner's certificate from a CA nobody trusts, and the mail delivered.
  const auto may = lesson::connections(w, "out-may.school.example", "mx.partner.example");
  REQUIRE(may.size() == 1);
  const trace::data::Tls* m = lesson::handshake(w, may[0]);
  REQUIRE(m != nullptr);
  CHECK(m->ok);
  CHECK_FALSE(m->verified);
  CHECK(m->verify_error == "unable to get local issuer certificate");
  REQUIRE(m->chain.size() == 1);
  CHECK(m->chain[0].subject == "CN=mx.partner.example");
  CHECK(m->chain[0].issuer == "CN=Stranger CA,O=mailsim");
  CHECK(m->chain[0].sha256 == f.partner.leaf().info().sha256);
  CHECK(lesson::inbox_text(w, "erin@partner.example").find("Subject: Order 1042") != std::string::npos);

  // out-verify checks: the same words, the message deferred (the lesson's expect says so too).
  const auto verify = lesson::connections(w, "out-verify.school.example", "mx.partner.example");
  REQUIRE(verify.size() == 1);
  const trace::data::Tls* v = lesson::handshake(w, verify[0]);
  REQUIRE(v != nullptr);
  CHECK_FALSE(v->verified);
  CHECK(v->verify_error == "unable to get local issuer certificate");
}

TEST_CASE("pem certificates: a CA from files issues the other servers' certificates, which the clients verify") {
  const Folder f("mailsim-pem-world-ca");
  std::string t = read(MAILSIM_SOURCE_DIR "/scenarios/starttls.json");
  world::World w(scenario::load_text(edited(t, kSeed, kCaFiles), (f.dir / "starttls.json").string()));
  w.run();
  for (const auto& r : world::check_expectations(w)) CHECK_MESSAGE(r.ok, r.description.en);
  CHECK(w.tls_ca_pem() == f.ca.pem());
  const auto phone = lesson::connections(w, "phone.cafe.example", "mail.school.example");
  REQUIRE(phone.size() == 1);
  const trace::data::Tls* h = lesson::handshake(w, phone[0]);
  REQUIRE(h != nullptr);
  CHECK(h->ok);
  CHECK(h->verified);
  REQUIRE(h->chain.size() == 1);
  CHECK(h->chain[0].subject == "CN=mail.school.example");
  CHECK(h->chain[0].issuer == "CN=Test School CA,O=mailsim");
  // The server's key is still the seed's (the lesson seed 1 and its name), only the issuer differs.
  const tls::Credentials seeded = tls::LessonPki(1, kEpoch).server("mail.school.example");
  const tls::Credentials issued = tls::LessonPki(f.ca, 1, kEpoch).server("mail.school.example");
  CHECK(h->chain[0].sha256 == issued.leaf().info().sha256);
  CHECK(issued.key.der() == seeded.key.der());
}

TEST_CASE("pem certificates: the same scenario, files and seed give the same trace byte for byte") {
  const Folder f("mailsim-pem-world-same");
  world::World a(certificate_problems_from_files(f)), b(certificate_problems_from_files(f));
  a.run();
  b.run();
  const std::string ja = lesson::jsonl_of(a);
  CHECK(ja.find("Test School CA") != std::string::npos);
  CHECK(ja == lesson::jsonl_of(b));
  CHECK(a.tls_keylog() == b.tls_keylog());
  CHECK_FALSE(a.tls_keylog().empty());
}

TEST_CASE("pem certificates: mailsim serve presents a host's own files to real clients, and the file CA issues the rest") {
  const Folder f("mailsim-pem-world-serve");
  const scenario::Scenario s = certificate_problems_from_files(f);
  const auto t = nodes::TlsHosts::make(s, s.seed);
  REQUIRE(t);
  t->serve_real_clients("real.clients", "127.0.0.1", kEpoch + 30 * tls::kDay);
  // The school's server: the file's chain and key to the simulated clients and the real ones alike.
  const auto mail = t->server("mail.school.example");
  REQUIRE(mail);
  const auto real_mail = t->for_peer(mail, "real.clients");
  CHECK(real_mail != mail);  // its own context, on real entropy
  CHECK(real_mail->config().credentials->leaf().der() == f.mail.leaf().der());
  CHECK(real_mail->config().credentials->chain.size() == 2);
  CHECK(real_mail->config().credentials->key.der() == f.mail.key.der());
  CHECK(mail->config().credentials->leaf().der() == f.mail.leaf().der());
  // A host without files gets a served certificate from the file's CA (with the names real clients dial).
  scenario::Scenario plain = s;
  for (auto& h : plain.hosts) h.smtpd_tls_cert.reset();
  const auto u = nodes::TlsHosts::make(plain, plain.seed);
  u->serve_real_clients("real.clients", "127.0.0.1", kEpoch + 30 * tls::kDay);
  const auto served = u->for_peer(u->server("mail.school.example"), "real.clients")->config().credentials->leaf().info();
  CHECK(served.issuer == "CN=Test School CA,O=mailsim");
  CHECK(served.dns_names == std::vector<std::string>{"mail.school.example", "localhost"});
  CHECK(served.not_before == kEpoch + 29 * tls::kDay);
}
