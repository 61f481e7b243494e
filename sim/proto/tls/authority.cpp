// Making certificates that repeat byte for byte. Three things in a certificate are random in
// ordinary tools: the key (from Key::from_seed), the serial number (here: SHAKE256 of the seed) and
// the ECDSA signature's nonce. The signature is made in a context seeded for this certificate alone,
// with the issuer's key copied into that context through DER, so the nonce comes from the seed and
// no object of the short-lived context survives it.
#include "sim/proto/tls/authority.hpp"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "sim/proto/crypto/library.hpp"
#include "sim/proto/crypto/shake.hpp"

namespace mailsim::tls {

namespace {

constexpr std::int64_t kValidity = 397 * kDay;    // CA/Browser Forum's most for a server, 398 days
constexpr std::int64_t kCaValidity = 3652 * kDay;  // ten years

void check(bool ok, const char* what) {
  // Only our own specs reach OpenSSL here, and a CA read from PEM was checked by the loader (a key
  // that can sign); a failure is a programmer's error, never an input's.
  if (!ok) {
    ERR_clear_error();
    throw std::logic_error(std::string("tls: making a certificate failed: ") + what);
  }
}

void add_ext(X509* x, X509V3_CTX* v3, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, v3, nid, value.c_str());
  check(ext != nullptr, value.c_str());
  check(X509_add_ext(x, ext, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(ext);
}

void add_name(X509_NAME* name, const char* field, const std::string& value) {
  check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                   -1, -1, 0) == 1,
        field);
}

// `issuer` null: self-signed by `issuer_key` (which is then the subject's key).
Certificate make(const CertificateSpec& spec, const Key& subject_key, const Certificate* issuer, const Key& issuer_key,
                 std::string_view seed) {
  auto lib = crypto::Library::seeded("mailsim tls signature\n" + std::string(seed));
  // The issuer's key, copied into the seeded context: its signature draws the nonce there.
  const std::string key_der = issuer_key.der();
  const auto* kp = reinterpret_cast<const unsigned char*>(key_der.data());
  EVP_PKEY* signer = d2i_AutoPrivateKey_ex(nullptr, &kp, static_cast<long>(key_der.size()), lib->ctx(), nullptr);
  X509* x = X509_new_ex(lib->ctx(), nullptr);
  check(signer && x, "allocation");

  check(X509_set_version(x, X509_VERSION_3) == 1, "version");
  // RFC 5280 §4.1.2.2: positive, at most 20 octets; 16 from the seed, the top bit clear.
  std::string serial = crypto::shake256("mailsim tls serial", seed, 16);
  serial[0] = static_cast<char>((static_cast<unsigned char>(serial[0]) & 0x7f) | 0x40);
  BIGNUM* bn = BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 16, nullptr);
  check(bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)), "serial");
  BN_free(bn);

  X509_NAME* subject = X509_get_subject_name(x);
  if (!spec.organization.empty()) add_name(subject, "O", spec.organization);
  add_name(subject, "CN", spec.common_name);
  check(X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->get()) : subject) == 1, "issuer");
  check(ASN1_TIME_set(X509_getm_notBefore(x), static_cast<time_t>(spec.not_before)) &&
            ASN1_TIME_set(X509_getm_notAfter(x), static_cast<time_t>(spec.not_after)),
        "validity");
  check(X509_set_pubkey(x, subject_key.get()) == 1, "public key");

  // Extensions as strict verifiers want them (OpenSSL's X509_V_FLAG_X509_STRICT, Python 3.13's
  // default context): key identifiers on every certificate, critical constraints on the CA.
  X509V3_CTX v3;
  X509V3_set_ctx(&v3, issuer ? issuer->get() : x, x, nullptr, nullptr, 0);
  add_ext(x, &v3, NID_subject_key_identifier, "hash");
  add_ext(x, &v3, NID_authority_key_identifier, "keyid:always");
  if (spec.ca) {
    add_ext(x, &v3, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, &v3, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(x, &v3, NID_basic_constraints, "CA:FALSE");
    add_ext(x, &v3, NID_key_usage, "critical,digitalSignature");
    add_ext(x, &v3, NID_ext_key_usage, "serverAuth");
  }
  if (!spec.dns_names.empty() || !spec.ip_addresses.empty()) {
    std::string san;
    for (const std::string& n : spec.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + n;
    for (const std::string& a : spec.ip_addresses) san += (san.empty() ? "IP:" : ",IP:") + a;
    add_ext(x, &v3, NID_subject_alt_name, san);
  }
  // EdDSA signs the message itself (RFC 8032), so no digest may be named; a CA read from PEM may
  // have an Ed25519 or Ed448 key.
  const int type = EVP_PKEY_get_base_id(signer);
  const EVP_MD* digest = type == EVP_PKEY_ED25519 || type == EVP_PKEY_ED448 ? nullptr : EVP_sha256();
  check(X509_sign(x, signer, digest) > 0, "signature");

  unsigned char* der = nullptr;
  const int n = i2d_X509(x, &der);
  X509_free(x);
  EVP_PKEY_free(signer);
  check(n > 0, "DER");
  auto out = Certificate::from_der(std::string_view(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n)));
  OPENSSL_free(der);
  check(bool(out), "reading back");
  return *out.value;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string_view to_string(Flaw flaw) {
  switch (flaw) {
    case Flaw::None: return "ok";
    case Flaw::NameMismatch: return "name-mismatch";
    case Flaw::Expired: return "expired";
    case Flaw::SelfSigned: return "self-signed";
    case Flaw::UnknownCa: return "unknown-ca";
  }
  return "?";
}

std::vector<Flaw> all_flaws() {
  return {Flaw::None, Flaw::NameMismatch, Flaw::Expired, Flaw::SelfSigned, Flaw::UnknownCa};
}

std::optional<Flaw> flaw_from_string(std::string_view name) {
  for (const Flaw f : all_flaws())
    if (to_string(f) == name) return f;
  return std::nullopt;
}

Authority Authority::generate(std::string_view seed, std::string_view name, std::int64_t epoch) {
  Key key = Key::from_seed(std::string(seed) + " ca-key");
  CertificateSpec spec{std::string(name), "mailsim", {}, epoch - kDay, epoch - kDay + kCaValidity, true, {}};
  Certificate cert = make(spec, key, nullptr, key, std::string(seed) + " ca-certificate");
  return Authority(std::move(cert), std::move(key));
}

Parsed<Authority> Authority::from_pem(std::string_view certificate_pem, std::string_view key_pem) {
  auto credentials = Credentials::from_pem(certificate_pem, key_pem);
  if (!credentials) return Parsed<Authority>::fail(credentials.error);
  if (!credentials->leaf().info().ca) {
    return Parsed<Authority>::fail("the certificate is not a CA's (no basicConstraints CA:TRUE)");
  }
  return Parsed<Authority>::ok(Authority(credentials->leaf(), credentials->key));
}

Certificate Authority::issue(const CertificateSpec& spec, const Key& subject_key, std::string_view seed) const {
  return make(spec, subject_key, &certificate_, key_, seed);
}

Certificate self_signed(const CertificateSpec& spec, const Key& key, std::string_view seed) {
  return make(spec, key, nullptr, key, seed);
}

LessonPki::LessonPki(std::uint64_t scenario_seed, std::int64_t epoch)
    : LessonPki(Authority::generate("mailsim-tls seed=" + std::to_string(scenario_seed) + " lesson-ca", kCaName, epoch),
                scenario_seed, epoch) {}

LessonPki::LessonPki(Authority ca, std::uint64_t scenario_seed, std::int64_t epoch)
    : seed_(scenario_seed), epoch_(epoch), ca_(std::move(ca)) {}

Credentials LessonPki::served(std::string_view host_name, std::string_view listen_address, std::int64_t now) const {
  const std::string host = lower(host_name);
  const Key key = Key::generate();
  CertificateSpec spec{host, "", {host}, now - kDay, now - kDay + kValidity, false, {}};
  if (host != "localhost") spec.dns_names.push_back("localhost");
  if (!listen_address.empty()) spec.ip_addresses.push_back(std::string(listen_address));
  spec.not_after = std::min(spec.not_after, ca_.certificate().info().not_after);
  // The serial and the signature's nonce come from this seed: real random octets in it keep them
  // from repeating across runs, as a real CA's would not.
  unsigned char r[16];
  if (RAND_bytes(r, sizeof r) != 1) throw std::runtime_error("OpenSSL: no random octets for a served certificate");
  std::string seed = seed_for("served host=" + host + " nonce=");
  static constexpr char kHex[] = "0123456789abcdef";
  for (const unsigned char c : r) {
    seed += kHex[c >> 4];
    seed += kHex[c & 15];
  }
  return Credentials{{ca_.issue(spec, key, seed)}, key};
}

std::string LessonPki::seed_for(std::string_view what) const {
  return "mailsim-tls seed=" + std::to_string(seed_) + " " + std::string(what);
}

Credentials LessonPki::server(std::string_view host_name, Flaw flaw) const {
  const std::string host = lower(host_name);
  const Key key = Key::from_seed(seed_for("host=" + host));
  CertificateSpec spec{host, "", {host}, epoch_ - kDay, epoch_ - kDay + kValidity, false, {}};
  const std::string seed = seed_for("host=" + host + " certificate=" + std::string(to_string(flaw)));
  switch (flaw) {
    case Flaw::None: break;
    case Flaw::NameMismatch: {
      // A certificate for another name of the same domain: the mistake of a server that presents
      // the web server's certificate.
      const std::size_t dot = host.find('.');
      spec.common_name = "www." + (dot == std::string::npos ? host : host.substr(dot + 1));
      spec.dns_names = {spec.common_name};
      break;
    }
    case Flaw::Expired:
      spec.not_before = epoch_ - kDay - kValidity;
      spec.not_after = epoch_ - kDay;
      break;
    case Flaw::SelfSigned: return Credentials{{self_signed(spec, key, seed)}, key};
    case Flaw::UnknownCa: {
      static constexpr std::string_view kUnknown = "Unknown Example CA";
      const Authority stranger = Authority::generate(seed_for("unknown-ca"), kUnknown, epoch_);
      return Credentials{{stranger.issue(spec, key, seed)}, key};
    }
  }
  return Credentials{{ca_.issue(spec, key, seed)}, key};
}

}  // namespace mailsim::tls
