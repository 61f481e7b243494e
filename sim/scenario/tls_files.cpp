// Certificates from PEM files (docs/scenario-format.md, "Certificates from files"): the lesson's CA
// (tls_ca_cert_file, tls_ca_key_file) and a host's own chain and key (smtpd_tls_cert_file,
// smtpd_tls_key_file, as Postfix names them). The files are read here, at load, and checked with
// the tls library (OpenSSL), so that a teacher's mistake is a located error that names the file,
// not a failure when the world is built or a handshake that cannot work.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sim/proto/crypto/library.hpp"
#include "sim/proto/tls/certificate.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

// A PEM certificate chain or key is a few kilobytes; a larger file is not one (and /dev/zero would
// never end).
constexpr std::size_t kMostBytes = 1 << 20;

// The path `value` names: relative to the folder of the scenario file unless it is absolute, so a
// lesson and its certificates can be copied together (and `mailsim run` works from any folder).
std::string resolve(const Node& value) {
  const std::filesystem::path named(value.nonempty_string());
  if (named.is_absolute()) return named.string();
  return (std::filesystem::path(value.file()).parent_path() / named).string();
}

// The text of the file `value` names; fails at `value` with the path and the system's reason.
std::string read_named(const Node& value, const std::string& path) {
  const std::string name = in_quotes(path);
  // Only a regular file: a FIFO or a device would block the loader or never end.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) value.fail("cannot read " + name + ": " + ec.message());
  if (std::filesystem::is_directory(status)) value.fail("cannot read " + name + ": " + std::strerror(EISDIR));
  if (!std::filesystem::is_regular_file(status)) value.fail("cannot read " + name + ": not a regular file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) value.fail("cannot read " + name + ": " + std::strerror(errno));
  std::string text;
  char buf[16384];
  std::size_t n;
  while (text.size() <= kMostBytes && (n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  if (failed) value.fail("cannot read " + name + ": " + std::strerror(err));
  if (text.size() > kMostBytes) value.fail(name + " is larger than 1 MiB: not a PEM certificate or key");
  return text;
}

// Both keys of a pair or neither: one alone is half a configuration.
bool pair_given(const Node& object, std::string_view cert_key, std::string_view key_key) {
  const bool cert = object.has(cert_key), key = object.has(key_key);
  if (cert && !key)
    object.fail_key(cert_key, in_quotes(cert_key) + " needs " + in_quotes(key_key) +
                                  " beside it: the private key of the certificate");
  if (key && !cert)
    object.fail_key(key_key, in_quotes(key_key) + " needs " + in_quotes(cert_key) +
                                 " beside it: the certificate the key belongs to");
  return cert;
}

// The files of a pair, read and checked as far as the CA and a host share: certificates, a private
// key, and the key the first certificate's.
struct Pair {
  PemFiles files;
  tls::Credentials credentials;  // the chain as read, leaf (or CA) first
};
Pair read_pair(const Node& object, std::string_view cert_key, std::string_view key_key) {
  const Node cert_node = object[cert_key], key_node = object[key_key];
  PemFiles f;
  f.cert_file = resolve(cert_node);
  f.key_file = resolve(key_node);
  f.cert_pem = read_named(cert_node, f.cert_file);
  auto chain = tls::Certificate::from_pem(f.cert_pem);
  if (!chain) cert_node.fail(in_quotes(f.cert_file) + " holds no certificate: " + chain.error);
  f.key_pem = read_named(key_node, f.key_file);
  auto key = tls::Key::from_pem(f.key_pem);
  if (!key) key_node.fail(in_quotes(f.key_file) + " holds no private key: " + key.error);
  if (!tls::key_matches(chain->front(), *key))
    key_node.fail("the key in " + in_quotes(f.key_file) + " is not the key of the certificate in " +
                  in_quotes(f.cert_file) + " (its first)");
  return Pair{std::move(f), tls::Credentials{std::move(*chain.value), std::move(*key.value)}};
}

}  // namespace

void parse_ca_files(const Node& root, Scenario& s) {
  if (!pair_given(root, "tls_ca_cert_file", "tls_ca_key_file")) return;
  Pair p = read_pair(root, "tls_ca_cert_file", "tls_ca_key_file");
  // tls::Authority::from_pem would refuse it when the world is built; say so here, where it is read.
  if (!p.credentials.leaf().info().ca)
    root["tls_ca_cert_file"].fail("the certificate in " + in_quotes(p.files.cert_file) +
                                  " is not a CA's (no basicConstraints CA:TRUE), so it cannot issue the "
                                  "servers' certificates: name the CA's certificate");
  if (!p.credentials.key.can_sign())
    root["tls_ca_key_file"].fail("the key in " + in_quotes(p.files.key_file) +
                                 " cannot make signatures, and a CA signs the certificates it issues");
  s.tls_ca = std::move(p.files);
}

void parse_host_cert_files(const Node& host, Host& h) {
  if (!pair_given(host, "smtpd_tls_cert_file", "smtpd_tls_key_file")) return;
  if (h.smtpd_tls_security_level == TlsLevel::None && !h.smtpd_tls_wrappermode && h.ssl == proto::Ssl::No)
    host.fail_key("smtpd_tls_cert_file",
                  "'smtpd_tls_cert_file' is the certificate this server presents in TLS, but it offers no TLS: set "
                  "'smtpd_tls_security_level' to \"may\" or \"encrypt\"");
  if (h.tls_certificate != CertificateFlaw::None)
    host["tls_certificate"].fail(
        in_quotes(to_string(h.tls_certificate)) +
        " makes the certificate mailsim issues this host wrong on purpose, but it presents its own "
        "('smtpd_tls_cert_file'), which is what the file holds: leave out one of the two");
  Pair p = read_pair(host, "smtpd_tls_cert_file", "smtpd_tls_key_file");
  // What the world will do with them: a server context in a library context of its own. OpenSSL
  // refuses a key too weak for its security level ("ee key too small"), for one.
  tls::ContextConfig c;
  c.role = tls::Role::Server;
  c.credentials = std::move(p.credentials);
  if (auto made = tls::Context::make(crypto::Library::seeded("mailsim scenario certificate check"), std::move(c)); !made)
    host["smtpd_tls_key_file"].fail("OpenSSL will not present this certificate and key: " + made.error);
  h.smtpd_tls_cert = std::move(p.files);
}

}  // namespace mailsim::scenario::detail
