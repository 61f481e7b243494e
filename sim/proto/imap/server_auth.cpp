// Not Authenticated state (RFC 3501 §6.2): LOGIN and AUTHENTICATE PLAIN (RFC 4616), with the initial
// response on the command line when the client has one (SASL-IR, RFC 4959).
#include "sim/proto/imap/server.hpp"

namespace mailsim::imap {

namespace {

std::optional<std::string> base64_decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t i = 0;
  for (; i < in.size() && in[i] != '='; ++i) {
    const int v = value(in[i]);
    if (v < 0) return std::nullopt;
    acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xff);
    }
  }
  for (; i < in.size(); ++i)
    if (in[i] != '=') return std::nullopt;
  return out;
}

}  // namespace

Reply Server::login(const std::string& user, const std::string& password) {
  if (login_check_) {
    const sasl::Lookup l = login_check_({"", "PLAIN", "imap", std::string(1, '\0') + user + '\0' + password});
    if (!l.is_pending()) return verdict(l);
    return pending();
  }
  const mailstore::Account* account = store_->find(user);
  if (!account || account->password != password) {
    // The same answer for a wrong user and a wrong password: don't help guessers. It counts as an
    // error, so a password guesser is cut off after max_errors attempts.
    return no("[AUTHENTICATIONFAILED] Authentication failed.");
  }
  user_ = user;
  // RFC 3501 §6.2.3 allows, and clients like, the capabilities again now that they may differ.
  return ok("[CAPABILITY " + capabilities() + "] Logged in");
}

Reply Server::verdict(const sasl::Lookup& answer) {
  if (answer.status() == sasl::Lookup::Status::Unavailable) return no("[UNAVAILABLE] Temporary authentication failure");
  if (answer.status() != sasl::Lookup::Status::Found || answer.identity().empty() || !store_->find(answer.identity()))
    return no("[AUTHENTICATIONFAILED] Authentication failed.");
  user_ = answer.identity();
  return ok("[CAPABILITY " + capabilities() + "] Logged in");
}

std::string Server::resume(const sasl::Lookup& answer) {
  std::string out;
  if (!pending_ || closed()) return out;
  const Pending p = *std::exchange(pending_, std::nullopt);
  finish(p.tag, p.command, verdict(answer), out);
  out += feed("", now_);  // what the client sent while it waited
  return out;
}

namespace {
// Dovecot's imap-login words (AUTH_PLAINTEXT_DISABLED_MSG), with RFC 5530's code.
constexpr std::string_view kPrivacyRequired =
    "[PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
}  // namespace

bool Server::plaintext_auth_allowed() const {
  if (tls_active_) return true;
  return config_.ssl != proto::Ssl::Required && !config_.disable_plaintext_auth;
}

Reply Server::on_starttls(Call& c) {
  // Dovecot's imap-login, in its order and words.
  if (config_.ssl == proto::Ssl::No) return bad("TLS support isn't enabled.");
  if (!c.args.empty()) return bad("STARTTLS takes no arguments");
  if (tls_active_) return bad("TLS is already active.");
  if (!config_.tls_ready) return no("TLS initialization failed.");
  // No [CAPABILITY] here: what the client learnt before TLS is void, and so would this be.
  return ok("Begin TLS negotiation now.");
}

Reply Server::on_login(Call& c) {
  const auto& a = c.args;
  if (a.size() != 2 || !a[0].is_text() || !a[1].is_text()) return bad("Syntax: LOGIN userid password");
  if (!plaintext_auth_allowed()) {
    // The password has crossed the network in clear already: Dovecot says so before refusing.
    c.out += "* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your client did it anyway. "
             "If anyone was listening, the password was exposed.\r\n";
    return no(std::string(kPrivacyRequired));
  }
  return login(a[0].text, a[1].text);
}

Reply Server::on_authenticate(Call& c) {
  const auto& a = c.args;
  if (a.empty() || a.size() > 2 || !a[0].is_text() || (a.size() == 2 && !a[1].is_text()))
    return bad("Syntax: AUTHENTICATE mechanism [initial-response]");
  if (!proto::iequals(a[0].text, "PLAIN")) return no("Unsupported authentication mechanism");
  if (!plaintext_auth_allowed()) return no(std::string(kPrivacyRequired));
  if (a.size() == 2) return sasl_plain(a[1].text == "=" ? "" : a[1].text);  // SASL-IR: "=" is empty
  // §7.5: an empty challenge; the response comes on the next line (the Authenticating state).
  c.out += "+ \r\n";
  return continues();
}

Reply Server::on_sasl_response(Call& c) {
  // §6.2.2: "*" cancels the exchange.
  return c.line == "*" ? bad("AUTHENTICATE cancelled") : sasl_plain(c.line);
}

Reply Server::sasl_plain(std::string_view response) {
  // RFC 4616: [authzid] NUL authcid NUL passwd. We accept an authzid only when it names the same user.
  const auto plain = base64_decode(response);
  const auto first = plain ? plain->find('\0') : std::string::npos;
  const auto second = first != std::string::npos ? plain->find('\0', first + 1) : std::string::npos;
  if (second == std::string::npos) return bad("Invalid SASL PLAIN response");
  const std::string authzid = plain->substr(0, first);
  const std::string user = plain->substr(first + 1, second - first - 1);
  if (!authzid.empty() && authzid != user) return no("[AUTHORIZATIONFAILED] Cannot act as another user");
  return login(user, plain->substr(second + 1));
}

}  // namespace mailsim::imap
