// CRAM-MD5 (RFC 2195): the server sends a fresh msg-id, the client answers with its user name and
// the HMAC-MD5 of that challenge keyed with the password, in lower-case hex. The password never
// crosses the wire, but the server must keep it in plaintext, and an eavesdropper who captures a
// challenge and its response can try passwords offline.
#include "sim/proto/sasl/crypto.hpp"
#include "sim/proto/sasl/mechanisms.hpp"

namespace mailsim::sasl {

namespace {

bool is_hex_digest(std::string_view s) {
  if (s.size() != 32) return false;
  for (const char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

class CramMd5Server final : public ServerMechanism {
 public:
  explicit CramMd5Server(const ServerOptions& o) : challenge_("<" + o.nonce + "@" + o.hostname + ">") {}

  Step start(std::optional<std::string_view> ir) override {
    if (ir && !ir->empty()) return malformed("CRAM-MD5 is server-first: no initial response");
    return challenge_step(challenge_);
  }

  Step respond(std::string_view response) override {
    // "user SP digest": the user name may hold spaces, the digest never does.
    const std::size_t space = response.rfind(' ');
    if (space == std::string_view::npos || space == 0) return malformed("CRAM-MD5 response is not user SP digest");
    const std::string_view digest = response.substr(space + 1);
    if (!is_hex_digest(digest)) return malformed("CRAM-MD5 digest is not 32 lower-case hex digits");
    authcid = std::string(response.substr(0, space));
    digest_ = std::string(digest);
    return need_credentials();
  }

  Step credentials(const Lookup& answer) override {
    if (answer.status() != Lookup::Status::Found) return failed("CRAM-MD5: unknown user");
    const std::optional<std::string>& password = answer.credentials().password;
    if (!password) return failed("CRAM-MD5 needs the plaintext password; the store keeps only a verifier");
    if (!equal_secret(to_hex(hmac_md5(*password, challenge_)), digest_)) return failed("CRAM-MD5: wrong digest");
    return success_step();
  }

 private:
  std::string challenge_;
  std::string digest_;
};

class CramMd5Client final : public ClientMechanism {
 public:
  explicit CramMd5Client(const ClientOptions& o) : o_(o) {}
  std::optional<std::string> first() override { return std::nullopt; }
  ClientStep challenge(std::string_view c) override {
    if (sent_) return ClientStep{false, {}, "CRAM-MD5 has one challenge; the server sent another"};
    if (c.empty()) return ClientStep{false, {}, "CRAM-MD5 challenge is empty"};
    sent_ = true;
    return ClientStep{true, o_.user + " " + to_hex(hmac_md5(o_.password, c)), {}};
  }
  bool complete() const override { return sent_; }

 private:
  ClientOptions o_;
  bool sent_ = false;
};

}  // namespace

std::unique_ptr<ServerMechanism> cram_md5_server(const ServerOptions& o) { return std::make_unique<CramMd5Server>(o); }
std::unique_ptr<ClientMechanism> cram_md5_client(const ClientOptions& o) { return std::make_unique<CramMd5Client>(o); }

}  // namespace mailsim::sasl
