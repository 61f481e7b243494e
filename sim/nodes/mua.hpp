#pragma once
// A mail client (MUA) on a PC or phone. It composes the scenario's messages and submits them to its
// submission server on port 587, logging in first (SMTP AUTH) when the scenario says so. Like many
// simple clients it leaves Date: and Message-ID: to the submission server (RFC 6409 §8.3), so
// students see the server complete the message. A message the server does not take stays in the
// client's outbox, as in a desktop mail program: nothing is lost and nothing bounces, because no
// server ever took responsibility for it. By default the client does not try again by itself
// (Thunderbird's Outbox); with `retry_after` it tries again after a temporary failure (4xx, no
// connection), up to scenario::kClientTries tries, and never after a permanent one (5xx).
#include <string>
#include <vector>

#include "sim/nodes/context.hpp"
#include "sim/nodes/node.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

// How long the client waits for the server's first words before it gives up: Thunderbird's
// mailnews.tcptimeout, 100 seconds. A plain client on the implicit TLS port 465 waits this long
// for a greeting the server never sends (it waits for a ClientHello).
inline constexpr Duration kServerTimeout = 100 * kSecond;

class MailClient : public Node {
 public:
  // `server_tls`: the submission server's smtpd_tls_security_level, for the client's default.
  MailClient(Context& ctx, scenario::Client config, std::string submission_address,
             scenario::TlsLevel server_tls = scenario::TlsLevel::None);
  const scenario::Client& config() const { return config_; }
  const std::string& host() const override { return config_.host; }
  // Schedules the submission of `m` at its time.
  void schedule(const scenario::MessageSpec& m);
  // The scenario ids of the messages sent (Send pressed) that no server has accepted yet, in the
  // order they were sent.
  const std::vector<std::string>& outbox() const { return outbox_; }

 private:
  void submit(const scenario::MessageSpec& m, int attempt);
  void submitted(const scenario::MessageSpec& m, int attempt, const struct SmtpOutcome& o);
  // The message stays in the outbox; after a temporary failure it goes again later, if it may.
  void keep(const scenario::MessageSpec& m, int attempt, bool temporary);
  Context& ctx_;
  scenario::Client config_;
  std::string submission_address_;
  std::vector<std::string> outbox_;
  scenario::TlsLevel tls_level_ = scenario::TlsLevel::None;  // smtp_tls_security_level in effect
};

// The message as the client writes it: header fields and a CRLF body. Exposed for tests.
std::string compose(const scenario::MessageSpec& m);

}  // namespace mailsim::nodes
