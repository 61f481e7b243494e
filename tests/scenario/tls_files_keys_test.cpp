// The loader on certificates from PEM files: the lesson's CA (tls_ca_cert_file, tls_ca_key_file) and
// a host's own chain and key (smtpd_tls_cert_file, smtpd_tls_key_file). The files are made here with
// the tls library, in a temporary folder, beside the scenario the starttls lesson becomes; each
// mistake is a located error that names the file.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "scenario/error_of.hpp"
#include "scenario/scratch.hpp"
#include "sim/proto/tls/authority.hpp"
#include "sim/scenario/load.hpp"
#include "support/generated_key.hpp"

using namespace mailsim;
using test::generated_key_pem;

namespace {

constexpr std::int64_t kEpoch = 1762160400;  // the starttls lesson's epoch
const std::string kServerTls = R"("smtpd_tls_security_level": "may")";
const std::string kTopLevel = R"("seed": 1,)";

// The PEM files of one test case, and a lesson beside them, in a folder of its own (ctest runs test
// cases side by side).
struct Files {
  explicit Files(const char* name) : dir(scratch(name)), lesson((dir / "lesson.json").string()) {
    write(dir / "ca.pem", ca.pem());
    write(dir / "ca.key", ca.key().pem());
    write(dir / "mail.pem", mail.leaf().pem() + ca.pem());  // the chain, leaf first
    write(dir / "mail.key", mail.key.pem());
    write(dir / "stranger.key", stranger.key.pem());
    write(dir / "notes.txt", "not a certificate\n");
    std::filesystem::create_directories(dir / "certs");
  }
  std::filesystem::path dir;
  std::string lesson;
  tls::Authority ca = tls::Authority::generate("pem keys test ca", "Test School CA", kEpoch);
  tls::Credentials mail = tls::LessonPki(ca, 77, kEpoch).server("mail.school.example");
  tls::Credentials stranger = tls::LessonPki(78, kEpoch).server("mail.school.example");

  ~Files() { std::filesystem::remove_all(dir); }
  std::string path(const char* name) const { return (dir / name).string(); }

  // The starttls lesson with `top` among the top-level keys and `host` among mail.school.example's.
  std::string text(const std::string& top, const std::string& host = "") const {
    std::string t = lesson_text("starttls.json");
    if (!top.empty()) t = edited(t, kTopLevel, kTopLevel + " " + top + ",");
    if (!host.empty()) t = edited(t, kServerTls, kServerTls + ", " + host);
    return t;
  }
  // The loader's message (after "file:line:col: ") for that lesson, loaded from the temporary folder.
  std::string message(const std::string& top, const std::string& host = "") const {
    try {
      scenario::load_text(text(top, host), lesson);
    } catch (const scenario::ScenarioError& e) {
      return e.json_path() + ": " + e.message();
    }
    return "(no error)";
  }
};

const std::string kCa = R"("tls_ca_cert_file": "ca.pem", "tls_ca_key_file": "ca.key")";
const std::string kMail = R"("smtpd_tls_cert_file": "mail.pem", "smtpd_tls_key_file": "mail.key")";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST_CASE("pem keys: the CA's and a host's files load, read relative to the scenario's folder") {
  const Files f("mailsim-pem-keys-load");
  const scenario::Scenario s = scenario::load_text(f.text(kCa, kMail), f.lesson);
  REQUIRE(s.tls_ca.has_value());
  CHECK(s.tls_ca->cert_file == f.path("ca.pem"));
  CHECK(s.tls_ca->key_file == f.path("ca.key"));
  CHECK(s.tls_ca->cert_pem == f.ca.pem());
  CHECK(s.tls_ca->key_pem == f.ca.key().pem());
  const scenario::Host* mail = s.find_host("mail.school.example");
  REQUIRE(mail);
  REQUIRE(mail->smtpd_tls_cert.has_value());
  CHECK(mail->smtpd_tls_cert->cert_file == f.path("mail.pem"));
  CHECK(mail->smtpd_tls_cert->cert_pem == f.mail.leaf().pem() + f.ca.pem());
  CHECK(mail->smtpd_tls_cert->key_pem == f.mail.key.pem());
  CHECK(mail->tls_certificate == scenario::CertificateFlaw::None);
  CHECK_FALSE(s.find_host("mx.school.example")->smtpd_tls_cert.has_value());

  // Absolute paths are taken as they are; "ok" is no flaw, so it goes with a host's files.
  const std::string absolute = R"("tls_ca_cert_file": ")" + f.path("ca.pem") + R"(", "tls_ca_key_file": ")" +
                               f.path("ca.key") + R"(")";
  CHECK(f.message(absolute, kMail + R"(, "tls_certificate": "ok")") == "(no error)");
  // Without the keys: nothing read, the CA from the seed.
  const scenario::Scenario plain = scenario::load_text(lesson_text("starttls.json"), "starttls.json");
  CHECK_FALSE(plain.tls_ca.has_value());
  CHECK_FALSE(plain.find_host("mail.school.example")->smtpd_tls_cert.has_value());
}

TEST_CASE("pem keys: each mistake with the CA's files is a located error naming the file") {
  const Files f("mailsim-pem-keys-ca");
  CHECK(f.message(R"("tls_ca_cert_file": "ca.pem")") ==
        "/tls_ca_cert_file: 'tls_ca_cert_file' needs 'tls_ca_key_file' beside it: the private key of the certificate");
  CHECK(f.message(R"("tls_ca_key_file": "ca.key")") ==
        "/tls_ca_key_file: 'tls_ca_key_file' needs 'tls_ca_cert_file' beside it: the certificate the key belongs to");
  CHECK(f.message(R"("tls_ca_cert_file": "nope.pem", "tls_ca_key_file": "ca.key")") ==
        "/tls_ca_cert_file: cannot read " + quoted(f.path("nope.pem")) + ": No such file or directory");
  CHECK(f.message(R"("tls_ca_cert_file": "certs", "tls_ca_key_file": "ca.key")") ==
        "/tls_ca_cert_file: cannot read " + quoted(f.path("certs")) + ": Is a directory");
  CHECK(f.message(R"("tls_ca_cert_file": "ca.pem", "tls_ca_key_file": "missing/ca.key")") ==
        "/tls_ca_key_file: cannot read " + quoted(f.path("missing/ca.key")) + ": No such file or directory");
  CHECK(f.message(R"("tls_ca_cert_file": "notes.txt", "tls_ca_key_file": "ca.key")") ==
        "/tls_ca_cert_file: " + quoted(f.path("notes.txt")) +
            " holds no certificate: no BEGIN CERTIFICATE block in the PEM text");
  CHECK(f.message(R"("tls_ca_cert_file": "ca.pem", "tls_ca_key_file": "ca.pem")") ==
        "/tls_ca_key_file: " + quoted(f.path("ca.pem")) +
            " holds no private key: no readable private key in the PEM text (encrypted keys are not read)");
  CHECK(f.message(R"("tls_ca_cert_file": "ca.pem", "tls_ca_key_file": "stranger.key")") ==
        "/tls_ca_key_file: the key in " + quoted(f.path("stranger.key")) + " is not the key of the certificate in " +
            quoted(f.path("ca.pem")) + " (its first)");
  CHECK(f.message(R"("tls_ca_cert_file": "mail.pem", "tls_ca_key_file": "mail.key")") ==
        "/tls_ca_cert_file: the certificate in " + quoted(f.path("mail.pem")) +
            " is not a CA's (no basicConstraints CA:TRUE), so it cannot issue the servers' certificates: name the "
            "CA's certificate");
  CHECK(f.message(R"("tls_ca_cert_file": "", "tls_ca_key_file": "ca.key")") == "/tls_ca_cert_file: must not be empty");
  CHECK(f.message(R"("tls_ca_cert_file": ["ca.pem"], "tls_ca_key_file": "ca.key")") ==
        "/tls_ca_cert_file: expected a string, got an array");
}

TEST_CASE("pem keys: a CA whose key cannot sign is refused") {
  // An X25519 key in a CA certificate (issued by another CA): key agreement only, no signatures.
  const Files f("mailsim-pem-keys-x25519");
  const std::string pem = generated_key_pem("X25519");
  const auto key = tls::Key::from_pem(pem);
  REQUIRE(key);
  tls::CertificateSpec spec{"X25519 CA", "", {}, kEpoch - tls::kDay, kEpoch + 100 * tls::kDay, true, {}};
  write(f.dir / "x25519-ca.pem", f.ca.issue(spec, *key, "x25519 ca").pem());
  write(f.dir / "x25519-ca.key", pem);
  CHECK(f.message(R"("tls_ca_cert_file": "x25519-ca.pem", "tls_ca_key_file": "x25519-ca.key")") ==
        "/tls_ca_key_file: the key in " + quoted(f.path("x25519-ca.key")) +
            " cannot make signatures, and a CA signs the certificates it issues");
}

TEST_CASE("pem keys: each mistake with a host's files is a located error") {
  const Files f("mailsim-pem-keys-host");
  CHECK(f.message("", R"("smtpd_tls_cert_file": "mail.pem")") ==
        "/hosts/7/smtpd_tls_cert_file: 'smtpd_tls_cert_file' needs 'smtpd_tls_key_file' beside it: the private key "
        "of the certificate");
  CHECK(f.message("", R"("smtpd_tls_key_file": "mail.key")") ==
        "/hosts/7/smtpd_tls_key_file: 'smtpd_tls_key_file' needs 'smtpd_tls_cert_file' beside it: the certificate "
        "the key belongs to");
  CHECK(f.message("", R"("smtpd_tls_cert_file": "mail.pem", "smtpd_tls_key_file": "stranger.key")") ==
        "/hosts/7/smtpd_tls_key_file: the key in " + quoted(f.path("stranger.key")) +
            " is not the key of the certificate in " + quoted(f.path("mail.pem")) + " (its first)");
  CHECK(f.message("", R"("smtpd_tls_cert_file": "gone.pem", "smtpd_tls_key_file": "mail.key")") ==
        "/hosts/7/smtpd_tls_cert_file: cannot read " + quoted(f.path("gone.pem")) + ": No such file or directory");
  CHECK(f.message("", R"("smtpd_tls_cert_file": "mail.key", "smtpd_tls_key_file": "mail.key")") ==
        "/hosts/7/smtpd_tls_cert_file: " + quoted(f.path("mail.key")) +
            " holds no certificate: no BEGIN CERTIFICATE block in the PEM text");
  CHECK(f.message("", R"("smtpd_tls_cert_file": "mail.pem", "smtpd_tls_key_file": "notes.txt")") ==
        "/hosts/7/smtpd_tls_key_file: " + quoted(f.path("notes.txt")) +
            " holds no private key: no readable private key in the PEM text (encrypted keys are not read)");
  // A flaw is made in the certificate mailsim issues; a file's certificate is what it is.
  CHECK(f.message("", kMail + R"(, "tls_certificate": "expired")") ==
        "/hosts/7/tls_certificate: 'expired' makes the certificate mailsim issues this host wrong on purpose, but it "
        "presents its own ('smtpd_tls_cert_file'), which is what the file holds: leave out one of the two");

  // Only on a host that offers TLS, of a role that can.
  const std::string a = lesson_text("starttls.json");
  const auto at = [&](const std::string& from, const std::string& to) {
    try {
      scenario::load_text(edited(a, from, to), f.lesson);
    } catch (const scenario::ScenarioError& e) {
      return e.json_path() + ": " + e.message();
    }
    return std::string("(no error)");
  };
  CHECK(at(R"("domains": ["school.example"]}
  ],)", R"("domains": ["school.example"], )" + kMail + R"(}
  ],)") ==
        "/hosts/8/smtpd_tls_cert_file: 'smtpd_tls_cert_file' is the certificate this server presents in TLS, but it "
        "offers no TLS: set 'smtpd_tls_security_level' to \"may\" or \"encrypt\"");
  CHECK(at(R"("role": "router", "position": [0.22, 0.5]})", R"("role": "router", "position": [0.22, 0.5], )" + kMail + "}") ==
        "/hosts/2/smtpd_tls_cert_file: 'smtpd_tls_cert_file' applies only to submission, relay and destination hosts, "
        "not to a router host");
  // A destination that offers TLS only to readers (ssl) may present its own certificate too.
  CHECK(at(R"("domains": ["school.example"]}
  ],)", R"("domains": ["school.example"], "ssl": "yes", )" + kMail + R"(}
  ],)") == "(no error)");
}

TEST_CASE("pem keys: a key OpenSSL will not serve is refused at load") {
  // RSA-512: below OpenSSL's security level 1 (80 bits), SSL_CTX_use_certificate says "ee key too small".
  const Files f("mailsim-pem-keys-weak");
  const std::string pem = generated_key_pem("RSA", static_cast<size_t>(512));
  const auto key = tls::Key::from_pem(pem);
  REQUIRE(key);
  tls::CertificateSpec spec{"mail.school.example", "", {"mail.school.example"}, kEpoch - tls::kDay,
                            kEpoch + 100 * tls::kDay, false, {}};
  write(f.dir / "weak.pem", f.ca.issue(spec, *key, "weak").pem());
  write(f.dir / "weak.key", pem);
  CHECK(f.message("", R"("smtpd_tls_cert_file": "weak.pem", "smtpd_tls_key_file": "weak.key")") ==
        "/hosts/7/smtpd_tls_key_file: OpenSSL will not present this certificate and key: OpenSSL refused the "
        "server's certificate or key");
}
