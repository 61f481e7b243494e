#pragma once
// Certificate authorities and a lesson's certificates (issue 12): each scenario gets a CA and a
// certificate for every TLS server, made from the scenario's seed when it loads, so a lesson has the
// same certificates (same keys, serials, signatures, DER) on every run; or a CA read from PEM files.
// A lesson may make a server's certificate wrong on purpose (Flaw), and the client then refuses it
// with the error a real client prints.
//
// Times are the lesson's virtual time in Unix seconds: validity starts a day before the scenario's
// epoch, so a certificate is valid from the first event on, whatever the time zone of the reader.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/tls/certificate.hpp"

namespace mailsim::tls {

// What a certificate says about its subject when we make it.
struct CertificateSpec {
  std::string common_name;
  std::string organization;            // O=, left out when empty
  std::vector<std::string> dns_names;  // subjectAltName; what a client matches the host name with
  std::int64_t not_before = 0;         // Unix seconds
  std::int64_t not_after = 0;
  bool ca = false;                     // basicConstraints cA, keyUsage keyCertSign
  // subjectAltName iPAddress entries (RFC 5280 §4.2.1.6), IPv4 or IPv6 text: what a client that
  // dials an address (curl smtp://127.0.0.1:2587) matches it with.
  std::vector<std::string> ip_addresses;
};

inline constexpr std::int64_t kDay = 86400;

// Made on purpose for a lesson (scenario key tls_certificate: "ok", "name-mismatch", "expired",
// "self-signed", "unknown-ca"), with the error OpenSSL's verifier gives a client that checks:
enum class Flaw {
  None,          // valid for the host, signed by the lesson's CA
  NameMismatch,  // valid, but for www.<the host's domain>: "hostname mismatch"
  Expired,       // ran out the day before the epoch: "certificate has expired"
  SelfSigned,    // signed by its own key: "self-signed certificate"
  UnknownCa,     // signed by a CA no client trusts: "unable to get local issuer certificate"
};
std::string_view to_string(Flaw flaw);
std::optional<Flaw> flaw_from_string(std::string_view name);
std::vector<Flaw> all_flaws();

class Authority {
 public:
  // A CA from `seed`: P-256 key, self-signed, O=mailsim, CN=`name`, valid from a day before
  // `epoch` for ten years.
  static Authority generate(std::string_view seed, std::string_view name, std::int64_t epoch);
  // A CA from PEM: its certificate (must be a CA) and its key.
  static Parsed<Authority> from_pem(std::string_view certificate_pem, std::string_view key_pem);

  const Certificate& certificate() const { return certificate_; }
  const Key& key() const { return key_; }
  std::string pem() const { return certificate_.pem(); }  // what `mailsim serve --ca-out` writes

  // A certificate for `subject_key` as `spec` says, issued by this CA. `seed` chooses the serial
  // number and the ECDSA signature's random nonce, so the same inputs give the same DER.
  Certificate issue(const CertificateSpec& spec, const Key& subject_key, std::string_view seed) const;

 private:
  Authority(Certificate certificate, Key key) : certificate_(std::move(certificate)), key_(std::move(key)) {}
  Certificate certificate_;
  Key key_;
};

// A certificate signed by its own key (a CA's root, or a lesson's self-signed server).
Certificate self_signed(const CertificateSpec& spec, const Key& key, std::string_view seed);

// One lesson's certificates: its CA, and each server's certificate and key, from the scenario seed.
class LessonPki {
 public:
  static constexpr std::string_view kCaName = "mailsim Lesson CA";

  LessonPki(std::uint64_t scenario_seed, std::int64_t epoch);
  LessonPki(Authority ca, std::uint64_t scenario_seed, std::int64_t epoch);  // a CA from PEM files

  const Authority& ca() const { return ca_; }
  std::string ca_pem() const { return ca_.pem(); }
  // The certificate `host` presents (its key from the seed and the host name), right or wrong.
  Credentials server(std::string_view host, Flaw flaw = Flaw::None) const;
  // What `host` presents to real clients (`mailsim serve`): signed by the same CA, for the host's
  // name and also DNS:localhost and IP:`listen_address` (the names a real client dials), valid from a
  // day before `now` (real Unix seconds: a real client checks against its own clock) for 397 days
  // but not past the CA, with a key and serial from real entropy, not from the seed.
  Credentials served(std::string_view host, std::string_view listen_address, std::int64_t now) const;
  // The seed strings, for tests and for keys made elsewhere: "mailsim-tls seed=42 <what>".
  std::string seed_for(std::string_view what) const;

 private:
  std::uint64_t seed_;
  std::int64_t epoch_;
  Authority ca_;
};

}  // namespace mailsim::tls
