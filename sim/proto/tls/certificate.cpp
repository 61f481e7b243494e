#include "sim/proto/tls/certificate.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

#include "sim/proto/crypto/library.hpp"

namespace mailsim::tls {

namespace {

struct Bio {
  BIO* bio;
  explicit Bio(std::string_view data) : bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size()))) {}
  Bio() : bio(BIO_new(BIO_s_mem())) {}
  ~Bio() { BIO_free(bio); }
  std::string text() const {
    char* p = nullptr;
    const long n = BIO_get_mem_data(bio, &p);
    return n > 0 ? std::string(p, static_cast<std::size_t>(n)) : std::string();
  }
};

std::string name_text(const X509_NAME* name) {
  Bio out;
  // RFC 2253 order and escaping, but UTF-8 kept as it is (a Japanese O= stays readable).
  X509_NAME_print_ex(out.bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return out.text();
}

std::int64_t unix_seconds(const ASN1_TIME* t) {
  ASN1_TIME* epoch = ASN1_TIME_set(nullptr, 0);
  int days = 0;
  int secs = 0;
  const bool ok = epoch && ASN1_TIME_diff(&days, &secs, epoch, t) == 1;
  ASN1_TIME_free(epoch);
  return ok ? std::int64_t{days} * 86400 + secs : 0;
}

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

std::shared_ptr<X509> own(X509* x) { return std::shared_ptr<X509>(x, X509_free); }
std::shared_ptr<EVP_PKEY> own(EVP_PKEY* k) { return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free); }

}  // namespace

Parsed<std::vector<Certificate>> Certificate::from_pem(std::string_view pem) {
  Bio in(pem);
  std::vector<Certificate> out;
  while (X509* x = PEM_read_bio_X509(in.bio, nullptr, nullptr, nullptr)) out.push_back(adopt(x));
  // The loop ends at the end of the text or at a block it cannot read; only the first is fine.
  const unsigned long err = ERR_peek_last_error();
  const bool at_end = ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
  ERR_clear_error();
  if (!at_end && err != 0) {
    return Parsed<std::vector<Certificate>>::fail("certificate " + std::to_string(out.size() + 1) +
                                                  " in the PEM text is not readable");
  }
  if (out.empty()) return Parsed<std::vector<Certificate>>::fail("no BEGIN CERTIFICATE block in the PEM text");
  return Parsed<std::vector<Certificate>>::ok(std::move(out));
}

Parsed<Certificate> Certificate::from_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (!x || p != reinterpret_cast<const unsigned char*>(der.data() + der.size())) {
    X509_free(x);
    ERR_clear_error();
    return Parsed<Certificate>::fail("not a DER certificate");
  }
  return Parsed<Certificate>::ok(adopt(x));
}

Certificate Certificate::adopt(X509* x509) { return Certificate(own(x509)); }

std::string Certificate::pem() const {
  Bio out;
  PEM_write_bio_X509(out.bio, x509_.get());
  return out.text();
}

std::string Certificate::der() const {
  unsigned char* p = nullptr;
  const int n = i2d_X509(x509_.get(), &p);
  std::string out(reinterpret_cast<const char*>(p), n > 0 ? static_cast<std::size_t>(n) : 0);
  OPENSSL_free(p);
  return out;
}

CertificateInfo Certificate::info() const {
  X509* x = x509_.get();
  CertificateInfo info;
  info.subject = name_text(X509_get_subject_name(x));
  info.issuer = name_text(X509_get_issuer_name(x));
  info.not_before = unix_seconds(X509_get0_notBefore(x));
  info.not_after = unix_seconds(X509_get0_notAfter(x));
  if (auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr))) {
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
      const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
      if (n->type != GEN_DNS) continue;
      const ASN1_IA5STRING* s = n->d.dNSName;
      info.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                  static_cast<std::size_t>(ASN1_STRING_length(s)));
    }
    GENERAL_NAMES_free(names);
  }
  if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr)) {
    if (char* h = BN_bn2hex(bn)) {
      info.serial = h;
      OPENSSL_free(h);
    }
    BN_free(bn);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(x, EVP_sha256(), md, &len) == 1) info.sha256 = hex(md, len);
  info.self_issued = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
  info.ca = (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
  ERR_clear_error();
  return info;
}

Parsed<Key> Key::from_pem(std::string_view pem) {
  Bio in(pem);
  EVP_PKEY* k = PEM_read_bio_PrivateKey(in.bio, nullptr, nullptr, nullptr);
  ERR_clear_error();
  if (!k) return Parsed<Key>::fail("no readable private key in the PEM text (encrypted keys are not read)");
  return Parsed<Key>::ok(Key(own(k)));
}

Parsed<Key> Key::from_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  EVP_PKEY* k = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size()));
  ERR_clear_error();
  if (!k) return Parsed<Key>::fail("not a DER private key");
  return Parsed<Key>::ok(Key(own(k)));
}

Key Key::from_seed(std::string_view seed) {
  // Its own context, so a key depends on its seed alone, not on what was made before it.
  auto lib = crypto::Library::seeded("mailsim tls key\n" + std::string(seed));
  EVP_PKEY* made = EVP_PKEY_Q_keygen(lib->ctx(), nullptr, "EC", "P-256");
  // Out of the seeded context as DER, which is then freed (see certificate.hpp).
  unsigned char* der = nullptr;
  const int n = made ? i2d_PrivateKey(made, &der) : 0;
  EVP_PKEY_free(made);
  const unsigned char* p = der;
  EVP_PKEY* key = n > 0 ? d2i_AutoPrivateKey(nullptr, &p, n) : nullptr;
  OPENSSL_free(der);
  // OpenSSL cannot fail here short of running out of memory: a programmer's (or machine's) error.
  if (!key) throw std::runtime_error("OpenSSL: P-256 key generation failed");
  return Key(own(key));
}

Key Key::generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (!key) throw std::runtime_error("OpenSSL: P-256 key generation failed");
  return Key(own(key));
}

std::string Key::pem() const {
  Bio out;
  PEM_write_bio_PrivateKey(out.bio, key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return out.text();
}

std::string Key::der() const {
  Bio out;
  i2d_PKCS8PrivateKey_bio(out.bio, key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  return out.text();
}

std::string Key::public_der() const {
  unsigned char* p = nullptr;
  const int n = i2d_PUBKEY(key_.get(), &p);
  std::string out(reinterpret_cast<const char*>(p), n > 0 ? static_cast<std::size_t>(n) : 0);
  OPENSSL_free(p);
  return out;
}

bool Key::can_sign() const {
  const bool can = EVP_PKEY_can_sign(key_.get()) == 1;
  ERR_clear_error();
  return can;
}

bool key_matches(const Certificate& certificate, const Key& key) {
  const bool match = X509_check_private_key(certificate.get(), key.get()) == 1;
  ERR_clear_error();  // a mismatch leaves "key values mismatch" on the thread's error queue
  return match;
}

Parsed<Credentials> Credentials::from_pem(std::string_view chain_pem, std::string_view key_pem) {
  auto chain = Certificate::from_pem(chain_pem);
  if (!chain) return Parsed<Credentials>::fail(chain.error);
  auto key = Key::from_pem(key_pem);
  if (!key) return Parsed<Credentials>::fail(key.error);
  if (!key_matches(chain->front(), *key)) return Parsed<Credentials>::fail("the private key is not the key of the first certificate");
  return Parsed<Credentials>::ok(Credentials{*chain.value, *key.value});
}

}  // namespace mailsim::tls
