#include "sim/nodes/tls_hosts.hpp"

#include <stdexcept>

namespace mailsim::nodes {

namespace {
std::shared_ptr<const tls::Context> make_context(const std::shared_ptr<const crypto::Library>& library,
                                                 tls::ContextConfig config) {
  auto made = tls::Context::make(library, std::move(config));
  if (!made) throw std::runtime_error("TLS context refused: " + made.error);
  return *made;
}

// The lesson's flaw as the certificate library names it.
tls::Flaw flaw_of(scenario::CertificateFlaw f) {
  switch (f) {
    case scenario::CertificateFlaw::None: return tls::Flaw::None;
    case scenario::CertificateFlaw::NameMismatch: return tls::Flaw::NameMismatch;
    case scenario::CertificateFlaw::Expired: return tls::Flaw::Expired;
    case scenario::CertificateFlaw::SelfSigned: return tls::Flaw::SelfSigned;
    case scenario::CertificateFlaw::UnknownCa: return tls::Flaw::UnknownCa;
  }
  return tls::Flaw::None;
}

// The lesson's CA: from the scenario's PEM files (tls_ca_cert_file), or made from the seed.
std::unique_ptr<tls::LessonPki> lesson_pki(const scenario::Scenario& s, std::uint64_t seed) {
  if (!s.tls_ca) return std::make_unique<tls::LessonPki>(seed, s.epoch);
  auto ca = tls::Authority::from_pem(s.tls_ca->cert_pem, s.tls_ca->key_pem);
  // The loader checked the files; a scenario built in code may hold anything.
  if (!ca) throw std::runtime_error("the lesson's CA (" + s.tls_ca->cert_file + "): " + ca.error);
  return std::make_unique<tls::LessonPki>(std::move(*ca.value), seed, s.epoch);
}

// A host's own chain and key (smtpd_tls_cert_file), as it presents them.
tls::Credentials own_credentials(const scenario::Host& h) {
  auto c = tls::Credentials::from_pem(h.smtpd_tls_cert->cert_pem, h.smtpd_tls_cert->key_pem);
  if (!c) throw std::runtime_error(h.name + "'s certificate (" + h.smtpd_tls_cert->cert_file + "): " + c.error);
  return std::move(*c.value);
}
}  // namespace

std::unique_ptr<TlsHosts> TlsHosts::make(const scenario::Scenario& s, std::uint64_t seed) {
  bool any = false;
  const auto offers = [](const scenario::Host& h) {
    return h.smtpd_tls_security_level != scenario::TlsLevel::None || h.smtpd_tls_wrappermode || h.ssl != proto::Ssl::No;
  };
  for (const auto& h : s.hosts) any = any || offers(h);
  if (!any) return nullptr;
  std::unique_ptr<TlsHosts> t(new TlsHosts);
  t->library_ = crypto::Library::seeded("mailsim-tls world seed=" + std::to_string(seed));
  t->pki_ = lesson_pki(s, seed);
  for (const auto& h : s.hosts) {
    if (!offers(h)) continue;
    tls::ContextConfig c;
    c.role = tls::Role::Server;
    // The host's own files (smtpd_tls_cert_file), or one the lesson's CA issues it: right, or wrong
    // on purpose (tls_certificate). Each is made from its own seed string, so a flawed or a file's
    // certificate leaves the other hosts' certificates what they were.
    const bool own = h.smtpd_tls_cert.has_value();
    c.credentials = own ? own_credentials(h) : t->pki_->server(h.name, flaw_of(h.tls_certificate));
    // One context (one certificate) per host, whichever of its servers offer TLS.
    std::shared_ptr<const tls::Context> context = make_context(t->library_, std::move(c));
    t->offered_.push_back({h.name, flaw_of(h.tls_certificate), own, context});
    if (h.smtpd_tls_security_level != scenario::TlsLevel::None || h.smtpd_tls_wrappermode) t->servers_[h.name] = context;
    if (h.ssl != proto::Ssl::No) t->reader_servers_[h.name] = context;
  }
  tls::ContextConfig c;
  c.role = tls::Role::Client;
  c.trusted.push_back(t->pki_->ca().certificate());
  t->client_ = make_context(t->library_, std::move(c));
  return t;
}

void TlsHosts::serve_real_clients(const std::string& peer_host, const std::string& listen_address,
                                  std::int64_t now) {
  real_peer_ = peer_host;
  real_twins_.clear();
  const std::shared_ptr<const crypto::Library> system = crypto::Library::system();
  for (const Offered& o : offered_) {
    tls::ContextConfig c;
    c.role = tls::Role::Server;
    // A flawed certificate stays flawed; a host's own files are what it presents to anyone (their
    // key is the teacher's, not one from the seed that the seed would give away).
    c.credentials = o.flaw == tls::Flaw::None && !o.own_files ? pki_->served(o.host, listen_address, now)
                                                              : o.context->config().credentials;
    real_twins_[o.context.get()] = make_context(system, std::move(c));
  }
}

std::shared_ptr<const tls::Context> TlsHosts::for_peer(const std::shared_ptr<const tls::Context>& simulated,
                                                       const std::string& peer_host) const {
  if (!simulated || real_peer_.empty() || peer_host != real_peer_) return simulated;
  const auto it = real_twins_.find(simulated.get());
  return it == real_twins_.end() ? simulated : it->second;
}

std::shared_ptr<const tls::Context> TlsHosts::server(const std::string& host) const {
  const auto it = servers_.find(host);
  return it == servers_.end() ? nullptr : it->second;
}

std::shared_ptr<const tls::Context> TlsHosts::reader_server(const std::string& host) const {
  const auto it = reader_servers_.find(host);
  return it == reader_servers_.end() ? nullptr : it->second;
}

void TlsHosts::add_session(std::uint64_t conn, const std::shared_ptr<SmtpLayer>& layer,
                           const std::shared_ptr<TlsWire>& wire, const std::shared_ptr<smtp::ClientContent>& content) {
  // Sessions that ended leave expired entries; drop them as new ones come, so the map stays small.
  std::erase_if(sessions_, [](const auto& kv) { return kv.second.layer.expired(); });
  sessions_[conn] = {layer, wire, content};
}

TlsHosts::Session TlsHosts::session(std::uint64_t conn) const {
  const auto it = sessions_.find(conn);
  if (it == sessions_.end()) return {};
  Session s{it->second.layer.lock(), it->second.wire.lock(), it->second.content.lock()};
  if (!s.wire) s.layer.reset();
  return s;
}

}  // namespace mailsim::nodes
