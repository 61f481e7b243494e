// POP3 logins beyond USER/PASS: APOP (RFC 1939 §7) and AUTH (RFC 5034) with sim/proto/sasl's
// mechanisms. All three ask the same credential lookup (Server::look_up), which may answer later.
//
//   APOP mrose c4c9334bac560ecc979e58001b3e22fb   MD5(greeting's msg-id + secret), lower-case hex
//   AUTH mech [initial-response]                  "=" is an empty initial response (RFC 5034 §4)
//   + <base64 challenge>                          the client answers with one base64 line, or "*"
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/pop3/server.hpp"
#include "sim/proto/sasl/crypto.hpp"
#include "sim/proto/sasl/wire.hpp"

namespace mailsim::pop3 {

namespace {

constexpr std::string_view kAuthFailed = "[AUTH] Authentication failed.";
constexpr std::string_view kTemporary = "[SYS/TEMP] Temporary authentication failure";
constexpr std::string_view kPlaintextDisabled =
    "[AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";

// The mechanisms that send the password itself (Dovecot hides them under disable_plaintext_auth).
bool plaintext(sasl::Mechanism m) { return m == sasl::Mechanism::Plain || m == sasl::Mechanism::Login; }

std::vector<std::string_view> words(std::string_view args) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < args.size()) {
    while (i < args.size() && args[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < args.size() && args[i] != ' ') ++i;
    if (i > start) out.push_back(args.substr(start, i - start));
  }
  return out;
}

}  // namespace

sasl::Lookup Server::store_lookup(const sasl::LookupRequest& request) const {
  const mailstore::Account* account = store_.find(request.user);
  if (!account) return sasl::Lookup::unknown();
  return sasl::Lookup::found(sasl::Credentials{account->password, std::nullopt});
}

Server::Reply Server::look_up(sasl::LookupRequest request, Decide decide) {
  const sasl::Lookup answer = hooks_.lookup_credentials ? hooks_.lookup_credentials(request) : store_lookup(request);
  if (!answer.is_pending()) return decide(*this, answer);
  decide_ = std::move(decide);
  Reply pending;
  pending.pending = true;
  return pending;
}

std::optional<std::string> Server::sasl_mechanisms() const {
  std::vector<sasl::Mechanism> now;
  for (const sasl::Mechanism m : config_.sasl_mechanisms)
    if (plaintext(m) ? plaintext_auth_allowed() : any_auth_allowed()) now.push_back(m);
  if (now.empty()) return std::nullopt;
  return " " + sasl::mechanism_list(now);
}

Server::Reply Server::on_apop(std::string_view args) {
  if (!config_.apop) return err("APOP not enabled", true);
  if (!any_auth_allowed()) return err(std::string(kPlaintextDisabled), true);
  const auto parts = words(args);
  if (parts.size() < 2) return err("missing argument", true);
  if (parts.size() > 2) return err("too many arguments", true);
  have_user_ = false;
  return look_up(sasl::LookupRequest{std::string(parts[0]), "APOP", "pop3"},
                 [user = std::string(parts[0]), digest = proto::to_lower(parts[1])](Server& s, const sasl::Lookup& answer) {
                   if (answer.status() == sasl::Lookup::Status::Unavailable) return err(std::string(kTemporary));
                   // The shared secret must be kept in plaintext: a store of SCRAM verifiers cannot do APOP.
                   const std::optional<std::string>& secret = answer.credentials().password;
                   if (answer.status() != sasl::Lookup::Status::Found || !secret ||
                       !sasl::equal_secret(sasl::to_hex(sasl::md5(s.greeting_msg_id_ + *secret)), digest))
                     return err(std::string(kAuthFailed), true);
                   return s.open_maildrop(user);
                 });
}

Server::Reply Server::on_auth(std::string_view args) {
  const auto parts = words(args);
  if (parts.empty()) return err("missing argument", true);
  if (parts.size() > 2) return err("too many arguments", true);
  const std::optional<sasl::Mechanism> mechanism = sasl::parse_mechanism(parts[0]);
  bool offered = false;
  for (const sasl::Mechanism m : config_.sasl_mechanisms) offered = offered || (mechanism && m == *mechanism);
  if (!offered) return err("Unrecognized authentication type", true);
  if (!(plaintext(*mechanism) ? plaintext_auth_allowed() : any_auth_allowed()))
    return err(std::string(kPlaintextDisabled), true);
  have_user_ = false;
  std::optional<std::string> response;
  if (parts.size() == 2) {
    response = sasl::read_initial_response(parts[1]);
    if (!response) return err("cannot decode response", true);
  }
  sasl_.emplace(*mechanism, sasl::ServerOptions{config_.hostname, next_nonce(), config_.scram_iterations, "pop3", config_.sasl_delegated});
  return auth_step(sasl_->start(response));
}

Server::Reply Server::on_auth_response(std::string_view line) {
  const sasl::ClientLine response = sasl::read_client_line(line);
  switch (response.kind) {
    case sasl::ClientLine::Kind::Cancel: return err("authentication aborted", true);
    case sasl::ClientLine::Kind::Undecodable: return err("cannot decode response", true);
    case sasl::ClientLine::Kind::Response: break;
  }
  // AUTH EXCHANGE is entered only by a challenge, which keeps the exchange; never without one.
  if (!sasl_) return err(std::string(kTemporary));
  return auth_step(sasl_->respond(response.response));
}

Server::Reply Server::auth_step(sasl::Step step) {
  using K = sasl::Step::Kind;
  switch (step.kind) {
    case K::NeedCredentials:
      return look_up(sasl_->request(), [](Server& s, const sasl::Lookup& answer) {
        if (!s.sasl_) return err(std::string(kTemporary));
        return s.auth_step(s.sasl_->credentials(answer));
      });
    case K::Challenge: {
      Reply challenge = ok(sasl::write_message(step.challenge));
      challenge.continuation = true;
      return challenge;
    }
    case K::Success: return open_maildrop(sasl_->identity());
    case K::Failed: return err(std::string(kAuthFailed), true);
    case K::Malformed: return err("[AUTH] Authentication failed: " + step.reason, true);
    case K::Unavailable: return err(std::string(kTemporary));
  }
  return err(std::string(kTemporary));
}

}  // namespace mailsim::pop3
