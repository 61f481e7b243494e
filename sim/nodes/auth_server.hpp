#pragma once
// The authentication server (role "auth") and how mail servers ask it (their "sasl_path"), as
// Postfix's smtpd and Dovecot's pop3-login ask Dovecot's auth service: over TCP port 12345, in
// Dovecot's auth protocol (sim/proto/authsrv). The auth server holds its domains' accounts and runs
// the SASL mechanisms itself; a mail server only passes the user's messages on and waits for OK,
// FAIL or CONT, so every login is packets on the map and the passwords stay on the auth server.
// When it cannot be reached (down, its service stopped, the route cut) the login is a temporary
// failure: SMTP 454 4.7.0, POP3 -ERR [SYS/TEMP].
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/nodes/credentials.hpp"
#include "sim/proto/authsrv/client.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

class AuthServer : public Node {
 public:
  AuthServer(Context& ctx, scenario::Host config, CredentialStore accounts);
  const scenario::Host& config() const { return config_; }
  const std::string& host() const override { return config_.name; }

 private:
  Context& ctx_;
  scenario::Host config_;
  CredentialStore accounts_;
  std::uint32_t connections_ = 0;  // CUID
};

// How long a mail server waits for the auth server's SYN-ACK before it calls the login a temporary
// failure (Postfix gives up on a dead auth socket as quickly; the user's client waits meanwhile).
inline constexpr Duration kAuthConnectTimeout = 10 * kSecond;

// One mail server session's logins at the auth server: a connection for each login, opened at
// its first message and closed after OK or FAIL.
class SaslPathSession : public std::enable_shared_from_this<SaslPathSession> {
 public:
  // `host` asks `auth_host` for a user connected from `remote_ip` to its `service`.
  SaslPathSession(Context& ctx, std::string host, std::string auth_host, std::string service, std::string remote_ip);
  // Passes the request's message on; `answer` runs once, with the verdict as a delegated lookup.
  void ask(const sasl::LookupRequest& request, std::function<void(sasl::Lookup)> answer);

 private:
  void connected(net::Endpoint ep);
  void received(std::string_view bytes);
  void ended();
  void reply(sasl::Lookup lookup);

  Context& ctx_;
  std::string host_, auth_host_, service_, remote_ip_;
  std::optional<authsrv::Client> client_;
  net::Endpoint ep_;
  bool connecting_ = false;
  bool under_way_ = false;  // a login between AUTH and its OK or FAIL
  std::string out_;         // written before the connection was up
  std::function<void(sasl::Lookup)> answer_;
};

// The lookup hook of a mail server whose sasl_path names `auth_host`: every request is pending,
// and `resume` gets the answer. Empty when `auth_host` is empty.
std::function<sasl::Lookup(const sasl::LookupRequest&)> sasl_path_lookup(
    Context& ctx, const std::string& host, const std::string& auth_host, const std::string& service,
    const std::string& remote_ip, std::function<void(const sasl::Lookup&)> resume);

}  // namespace mailsim::nodes
