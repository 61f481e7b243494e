// SMTP AUTH (RFC 4954) in the server machine: the AUTH command, the 334 line mode that reads the
// client's responses, and the credential lookup that may answer later. The mechanisms themselves
// are sim/proto/sasl's; this file frames them in SMTP replies.
//
//   AUTH mech [initial-response]   "=" is an empty initial response (§4)
//   334 <base64 challenge>         the client answers with one base64 line, or "*" to cancel
//   235 2.7.0 Authentication successful
//   535 5.7.8 Error: authentication failed         wrong password or unknown user, alike
//   535 5.7.8 Error: authentication failed: <why>  the client broke the mechanism's syntax
//   454 4.7.0 Temporary authentication failure     the lookup could not be done (auth server down)
//   501 5.0.0 Authentication aborted               "*"
//   501 5.5.2 Cannot decode response               not base64
//   500 5.5.6 Authentication Exchange line is too long
//   503 5.5.1 Error: already authenticated         (and "MAIL transaction in progress", from the table)
//   504 5.5.4 Unrecognized authentication type     not a mechanism this server offers
//   538 5.7.11 Encryption required for requested authentication mechanism   smtpd_tls_auth_only
//   503 5.5.1 Error: authentication not enabled    smtpd_sasl_auth_enable is off, or a HELO session
//
// A successful exchange leaves the identity in the envelope (sasl_method, sasl_username) for the
// node's relay policy. Every negative reply counts towards the error limit, so a password guesser is
// cut off after max_errors attempts, as Postfix's smtpd_hard_error_limit does.
#include "sim/proto/sasl/wire.hpp"
#include "sim/proto/smtp/server.hpp"

namespace mailsim::smtp {

namespace {

bool offers(const std::vector<sasl::Mechanism>& list, sasl::Mechanism m) {
  for (const sasl::Mechanism x : list)
    if (x == m) return true;
  return false;
}

}  // namespace

std::optional<std::string> Server::auth_mechanisms() const {
  if (!config_.smtpd_sasl_auth_enable || config_.sasl_mechanisms.empty() || !auth_offered()) return std::nullopt;
  return " " + sasl::mechanism_list(config_.sasl_mechanisms);
}

Verdict Server::on_auth(std::string_view arg) {
  // An extension exists only after EHLO (RFC 5321 §4.1.1.1).
  if (!config_.smtpd_sasl_auth_enable || config_.sasl_mechanisms.empty() || !envelope_.esmtp)
    return make_reply(503, "5.5.1", "Error: authentication not enabled");
  // §4: "After a successful AUTH command completes, a server MUST reject any further AUTH commands".
  if (!envelope_.sasl_username.empty()) return make_reply(503, "5.5.1", "Error: already authenticated");
  const std::size_t space = arg.find(' ');
  const std::string_view name = arg.substr(0, space);
  const std::string_view initial = space == std::string_view::npos ? std::string_view{} : proto::trim(arg.substr(space + 1));
  if (name.empty() || initial.find(' ') != std::string_view::npos)
    return make_reply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
  const std::optional<sasl::Mechanism> mechanism = sasl::parse_mechanism(name);
  if (!mechanism || !offers(config_.sasl_mechanisms, *mechanism))
    return make_reply(504, "5.5.4", "Unrecognized authentication type");
  if (!auth_offered())
    return make_reply(538, "5.7.11", "Encryption required for requested authentication mechanism");
  std::optional<std::string> response;
  if (space != std::string_view::npos) {
    response = sasl::read_initial_response(initial);
    if (!response) return make_reply(501, "5.5.2", "Cannot decode response");
  }
  const std::string nonce = hooks_.sasl_nonce ? hooks_.sasl_nonce() : std::to_string(++nonces_);
  sasl_.emplace(*mechanism, sasl::ServerOptions{config_.hostname, nonce, config_.scram_iterations, "smtp", config_.sasl_delegated});
  return auth_step(sasl_->start(response));
}

void Server::on_auth_line(const proto::Line& line, std::string& out) {
  const Transition* row = row_for(Command::AuthResponse, out);
  if (row == nullptr) return;
  if (line.too_long) return act(*row, auth_reply(make_reply(500, "5.5.6", "Authentication Exchange line is too long")), out);
  act(*row, (this->*server_command(Command::AuthResponse).handle)(line.text), out);
}

Verdict Server::on_auth_response(std::string_view line) {
  const sasl::ClientLine response = sasl::read_client_line(line);
  switch (response.kind) {
    case sasl::ClientLine::Kind::Cancel: return auth_reply(make_reply(501, "5.0.0", "Authentication aborted"));
    case sasl::ClientLine::Kind::Undecodable: return auth_reply(make_reply(501, "5.5.2", "Cannot decode response"));
    case sasl::ClientLine::Kind::Response: break;
  }
  // Auth is entered only by a 334, which keeps the exchange; never without one.
  if (!sasl_) return auth_reply(make_reply(454, "4.7.0", "Temporary authentication failure"));
  return auth_step(sasl_->respond(response.response));
}

Verdict Server::auth_verdict(sasl::Step step) {
  using K = sasl::Step::Kind;
  if (step.kind == K::NeedCredentials) {
    const sasl::Lookup answer =
        hooks_.lookup_credentials ? hooks_.lookup_credentials(sasl_->request()) : sasl::Lookup::unknown();
    if (answer.is_pending()) {
      lookup_pending_ = true;
      return Verdict::pending();
    }
    step = sasl_->credentials(answer);
  }
  switch (step.kind) {
    // 334 is an intermediate reply: no enhanced code (RFC 3463 has classes 2, 4 and 5 only).
    case K::Challenge: return Reply{334, "", {sasl::write_message(step.challenge)}};
    case K::Success: return make_reply(235, "2.7.0", "Authentication successful");
    case K::Failed: return make_reply(535, "5.7.8", "Error: authentication failed");
    case K::Malformed: return make_reply(535, "5.7.8", "Error: authentication failed: " + step.reason);
    case K::Unavailable: return make_reply(454, "4.7.0", "Temporary authentication failure");
    case K::NeedCredentials: break;  // credentials() never asks twice
  }
  return make_reply(454, "4.7.0", "Temporary authentication failure");
}

Verdict Server::auth_step(sasl::Step step) {
  return decide(auth_verdict(std::move(step)), [this](const Reply& r) { finish_auth(r); });
}

Verdict Server::auth_reply(Reply r) {
  return decide(Verdict(std::move(r)), [this](const Reply& r) { finish_auth(r); });
}

std::string Server::resume(const sasl::Lookup& answer) {
  if (!waiting_ || closed_ || !lookup_pending_ || answer.is_pending() || !sasl_) return {};
  lookup_pending_ = false;
  const Verdict verdict = auth_verdict(sasl_->credentials(answer));
  return resume(verdict.reply());
}

void Server::finish_auth(const Reply& r) {
  if (r.code == 235 && sasl_ && sasl_->succeeded()) {
    envelope_.sasl_method = std::string(sasl::mechanism_name(sasl_->mechanism()));
    envelope_.sasl_username = sasl_->identity();
  }
  if (r.code != 334) sasl_.reset();
}

}  // namespace mailsim::smtp
