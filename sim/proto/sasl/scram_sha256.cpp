// SCRAM-SHA-256 (RFC 7677, RFC 5802), both sides. The client proves it knows the password without
// sending it or anything a listener could replay; the server proves it knows the verifier; the
// server stores only the verifier. Message syntax and key derivation are in scram.hpp.
#include <charconv>
#include <stdexcept>

#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/crypto.hpp"
#include "sim/proto/sasl/mechanisms.hpp"
#include "sim/proto/sasl/scram.hpp"

namespace mailsim::sasl {

namespace {

// The salt for a user whose store keeps only a password, or who does not exist: the same name gives
// the same salt, so a second attempt cannot tell the two apart.
std::string derived_salt(std::string_view user) { return sha256("mailsim SCRAM salt\n" + std::string(user)).substr(0, 16); }

std::optional<unsigned> parse_count(std::string_view s, unsigned max) {
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size() || n == 0 || n > max || s.front() == '0') return std::nullopt;
  return n;
}

class ScramServer final : public ServerMechanism {
 public:
  explicit ScramServer(const ServerOptions& o) : options_(o) {
    if (!scram::valid_nonce(o.nonce)) throw std::invalid_argument("sasl: SCRAM server nonce must be printable ASCII without ','");
  }

  Step start(std::optional<std::string_view> ir) override {
    if (!ir) return challenge_step("");  // client-first: an empty challenge asks for the message
    return respond(*ir);
  }

  Step respond(std::string_view message) override {
    if (!first_) return client_first(message);
    return client_final(message);
  }

  Step credentials(const Lookup& answer) override {
    const Credentials& c = answer.credentials();
    if (answer.status() == Lookup::Status::Found && c.scram_sha256 && c.scram_sha256->iterations > 0) {
      verifier_ = *c.scram_sha256;
    } else if (answer.status() == Lookup::Status::Found && c.password) {
      verifier_ = scram_sha256_verifier(*c.password, derived_salt(authcid), options_.scram_iterations);
    } else {
      // Unknown (or nothing stored): go on as if, and fail at the proof (server.hpp).
      no_user_ = true;
      verifier_ = ScramVerifier{derived_salt(authcid), options_.scram_iterations, std::string(32, '\0'), {}};
    }
    server_first_ = "r=" + first_->nonce + options_.nonce + ",s=" + base64_encode(verifier_.salt) +
                    ",i=" + std::to_string(verifier_.iterations);
    return challenge_step(server_first_);
  }

 private:
  Step client_first(std::string_view message) {
    std::string reason;
    first_ = scram::parse_client_first(message, reason);
    if (!first_) return malformed(reason);
    authcid = first_->user;
    authzid = first_->authzid;
    return need_credentials();
  }

  Step client_final(std::string_view message) {
    // The proof is the last attribute; everything before ",p=" is signed.
    const std::size_t at = message.rfind(",p=");
    const std::optional<scram::Attributes> attrs = scram::parse_attributes(message);
    if (at == std::string_view::npos || !attrs || attrs->size() < 3 || (*attrs)[0].first != 'c' ||
        (*attrs)[1].first != 'r' || attrs->back().first != 'p')
      return malformed("SCRAM client-final-message is not c=...,r=...,p=...");
    if ((*attrs)[0].second != base64_encode(first_->gs2_header))
      return malformed("SCRAM channel binding c= does not repeat the gs2 header");
    if ((*attrs)[1].second != first_->nonce + options_.nonce) return malformed("SCRAM nonce r= is not the one agreed");
    const std::optional<std::string> proof = base64_decode(attrs->back().second);
    if (!proof || proof->size() != 32) return malformed("SCRAM proof p= is not 32 octets of base64");
    const std::string auth_message = first_->bare + "," + server_first_ + "," + std::string(message.substr(0, at));
    if (no_user_ || !scram::proof_matches(verifier_.stored_key, auth_message, *proof))
      return failed("SCRAM-SHA-256: unknown user or wrong proof");
    return success_step("v=" + base64_encode(scram::server_signature(verifier_.server_key, auth_message)));
  }

  ServerOptions options_;
  std::optional<scram::ClientFirst> first_;
  std::string server_first_;
  ScramVerifier verifier_;
  bool no_user_ = false;
};

class ScramClient final : public ClientMechanism {
 public:
  explicit ScramClient(const ClientOptions& o) : o_(o) {
    if (!scram::valid_nonce(o.nonce)) throw std::invalid_argument("sasl: SCRAM client nonce must be printable ASCII without ','");
  }

  std::optional<std::string> first() override {
    gs2_ = "n," + (o_.authzid.empty() ? std::string() : "a=" + scram::encode_saslname(o_.authzid)) + ",";
    bare_ = "n=" + scram::encode_saslname(o_.user) + ",r=" + o_.nonce;
    return gs2_ + bare_;
  }

  ClientStep challenge(std::string_view c) override {
    if (bare_.empty()) return abort("SCRAM: a challenge before the client-first-message");
    if (expected_signature_.empty()) return server_first(c);
    if (!verified_) return server_final(c);
    return abort("SCRAM: a challenge after the server-final-message");
  }

  bool complete() const override { return verified_; }

 private:
  static ClientStep abort(std::string reason) { return ClientStep{false, {}, std::move(reason)}; }

  ClientStep server_first(std::string_view message) {
    const std::optional<scram::Attributes> attrs = scram::parse_attributes(message);
    if (!attrs || attrs->size() < 3 || (*attrs)[0].first != 'r' || (*attrs)[1].first != 's' || (*attrs)[2].first != 'i')
      return abort("SCRAM server-first-message is not r=...,s=...,i=...");
    const std::string& nonce = (*attrs)[0].second;
    if (!nonce.starts_with(o_.nonce) || nonce.size() == o_.nonce.size() || !scram::valid_nonce(nonce))
      return abort("SCRAM server nonce does not extend ours");
    const std::optional<std::string> salt = base64_decode((*attrs)[1].second);
    if (!salt || salt->empty()) return abort("SCRAM salt is not base64");
    const std::optional<unsigned> iterations = parse_count((*attrs)[2].second, o_.max_iterations);
    if (!iterations) return abort("SCRAM iteration count is not a number from 1 to " + std::to_string(o_.max_iterations));
    const scram::Keys keys = scram::derive(o_.password, *salt, *iterations);
    const std::string without_proof = "c=" + base64_encode(gs2_) + ",r=" + nonce;
    const std::string auth_message = bare_ + "," + std::string(message) + "," + without_proof;
    expected_signature_ = scram::server_signature(keys.server_key, auth_message);
    return ClientStep{true, without_proof + ",p=" + base64_encode(scram::client_proof(keys, auth_message)), {}};
  }

  ClientStep server_final(std::string_view message) {
    if (message.starts_with("e=")) return abort("SCRAM server error: " + std::string(message.substr(2)));
    const std::optional<std::string> signature =
        message.starts_with("v=") ? base64_decode(message.substr(2)) : std::nullopt;
    if (!signature || !equal_secret(*signature, expected_signature_))
      return abort("SCRAM server signature does not match: the server does not know the verifier");
    verified_ = true;
    return ClientStep{true, "", {}};  // RFC 4422 §5: the empty response to additional data
  }

  ClientOptions o_;
  std::string gs2_, bare_;
  std::string expected_signature_;
  bool verified_ = false;
};

}  // namespace

std::unique_ptr<ServerMechanism> scram_sha256_server(const ServerOptions& o) { return std::make_unique<ScramServer>(o); }
std::unique_ptr<ClientMechanism> scram_sha256_client(const ClientOptions& o) { return std::make_unique<ScramClient>(o); }

}  // namespace mailsim::sasl
