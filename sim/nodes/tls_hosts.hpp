#pragma once
// The TLS side of a world (docs/tls.md, "Wiring"): one seeded OpenSSL library context, the lesson's
// CA and certificates, a server Context for each host that offers STARTTLS (SMTP, or POP3's STLS and
// IMAP's STARTTLS) and one client Context
// that trusts the lesson's CA; the clients' key log for Wireshark; and the SMTP sessions inside
// TLS, so that a policy answer that comes later (resume_smtp) is encrypted too.
//
// Everything is made from the world's seed when the world is built, before any event, so the
// certificates and every handshake's random numbers are the same on every run; a CA or a host's
// certificate from the scenario's PEM files (tls_ca_cert_file, smtpd_tls_cert_file) is the same on
// every run too. A world in which no
// host offers TLS makes nothing: its runs stay exactly what they were before TLS existed.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/proto/smtp/client_content.hpp"
#include "sim/proto/smtp/server.hpp"
#include "sim/proto/tls/authority.hpp"
#include "sim/proto/tls/engine.hpp"
#include "sim/proto/tls/starttls.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

using SmtpLayer = tls::ServerLayer<smtp::Server>;
struct TlsWire;  // tls_wire.hpp

class TlsHosts {
 public:
  // Null when no host of `s` offers TLS. Throws std::runtime_error if OpenSSL refuses a context
  // (an installation problem: the certificates are ours).
  static std::unique_ptr<TlsHosts> make(const scenario::Scenario& s, std::uint64_t seed);

  // `host`'s server context for SMTP; null when its SMTP server offers no STARTTLS.
  std::shared_ptr<const tls::Context> server(const std::string& host) const;
  // `host`'s server context for POP3's STLS and IMAP's STARTTLS (Dovecot's ssl yes or required);
  // the same certificate as its SMTP server's. Null when it offers none.
  std::shared_ptr<const tls::Context> reader_server(const std::string& host) const;
  // The context every simulated client uses: it trusts the lesson's CA only.
  const std::shared_ptr<const tls::Context>& client() const { return client_; }
  const tls::LessonPki& pki() const { return *pki_; }

  // `mailsim serve`, before serving: connections from `peer_host` (the host that stands for real
  // clients) get server contexts of their own on crypto::Library::system(), so their handshakes
  // draw real entropy and not the lesson's seed (anyone who knows the seed could decrypt them), and
  // the seeded library is not drawn from, so the simulated runs stay as they were. Their
  // certificates come from the same lesson CA with the extra names a real client dials
  // (DNS:localhost, IP:`listen_address`), valid at the real time `now` (Unix seconds) and a key from
  // real entropy; a certificate that is wrong
  // on purpose (tls_certificate) stays wrong, so real clients refuse it as the lesson says, and a
  // host with its own files (smtpd_tls_cert_file) presents them. A CA from PEM files issues these
  // as the generated one does.
  void serve_real_clients(const std::string& peer_host, const std::string& listen_address, std::int64_t now);
  // The server context for one connection: `simulated` (a context of server() or reader_server()),
  // or its real-entropy twin when the connection comes from the real clients' host.
  std::shared_ptr<const tls::Context> for_peer(const std::shared_ptr<const tls::Context>& simulated,
                                               const std::string& peer_host) const;
  // The host is the real clients' one: nobody traces its side of TLS but the server (the bridge
  // only sees records), so the server traces the lines it decrypts from it.
  bool real_peer(const std::string& peer_host) const { return !real_peer_.empty() && peer_host == real_peer_; }

  // The NSS key log lines of the simulated clients' sessions, in the order they came (`--keylog`).
  void add_keylog(std::string_view line) { keylog_.emplace_back(line); }
  const std::vector<std::string>& keylog() const { return keylog_; }

  // The SMTP server sessions under a TLS layer, by connection id (kept while the session lives).
  // `wire` is what the connection's records have told so far (shared with the session's handler).
  // `content` follows a real client's dialog inside TLS, which only the server can read: which of
  // its lines are a message's content (null for a simulated client, which marks its own).
  struct Session {
    std::shared_ptr<SmtpLayer> layer;
    std::shared_ptr<TlsWire> wire;
    std::shared_ptr<smtp::ClientContent> content;
  };
  void add_session(std::uint64_t conn, const std::shared_ptr<SmtpLayer>& layer, const std::shared_ptr<TlsWire>& wire,
                   const std::shared_ptr<smtp::ClientContent>& content);
  Session session(std::uint64_t conn) const;  // a null layer when the connection has none (now)

 private:
  TlsHosts() = default;
  std::shared_ptr<const crypto::Library> library_;
  std::unique_ptr<tls::LessonPki> pki_;
  std::map<std::string, std::shared_ptr<const tls::Context>> servers_;         // SMTP
  std::map<std::string, std::shared_ptr<const tls::Context>> reader_servers_;  // POP3, IMAP
  std::shared_ptr<const tls::Context> client_;
  struct Offered {  // what serve_real_clients needs to make each host's twin
    std::string host;
    tls::Flaw flaw;
    bool own_files;  // smtpd_tls_cert_file: the host presents its own chain and key
    std::shared_ptr<const tls::Context> context;
  };
  std::vector<Offered> offered_;
  std::string real_peer_;  // empty: no real clients
  std::map<const tls::Context*, std::shared_ptr<const tls::Context>> real_twins_;
  std::vector<std::string> keylog_;
  struct Held {
    std::weak_ptr<SmtpLayer> layer;
    std::weak_ptr<TlsWire> wire;
    std::weak_ptr<smtp::ClientContent> content;
  };
  std::map<std::uint64_t, Held> sessions_;
};

}  // namespace mailsim::nodes
