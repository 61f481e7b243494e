#pragma once
// Sender authentication on a receiving server (docs/sender-authentication.md): SPF (RFC 7208) for
// MAIL FROM, or for the HELO name when MAIL FROM is <>, as soon as MAIL FROM arrives; DKIM
// (RFC 6376) and DMARC (RFC 7489) once the data is in. Every DNS query goes over the virtual
// network from the server to its resolver (run_dns), and the SMTP reply waits for the answers
// (smtp::Verdict::pending). The results go into the trace (an Auth event each) and into the
// message as Authentication-Results (RFC 8601) and Received-SPF, which the server puts above the
// message it received, below its own Received line, as Postfix does with a milter's fields.
#include <functional>
#include <memory>
#include <string>

#include "sim/net/network.hpp"
#include "sim/nodes/context.hpp"
#include "sim/proto/dmarc/org_domain.hpp"
#include "sim/proto/smtp/server.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

// What the checks made of one message.
struct AuthOutcome {
  std::string fields;              // header lines to put on top of the message, CRLF ended; or ""
  std::string folder = "INBOX";    // "Junk" when DMARC's policy quarantines it
};

// The node's own end of data, after the checks: queue or store `data` with `outcome` applied.
using AcceptChecked =
    std::function<smtp::Reply(const smtp::Envelope& env, const std::string& data, const AuthOutcome& outcome)>;

class SenderChecks {
 public:
  SenderChecks(Context& ctx, const scenario::Host& host, std::string dns_address);

  // Sets the hooks of one accepted connection: check_mail_from when the host checks SPF, and
  // accept_message, which runs DKIM and DMARC when the host checks them and then `accept`.
  void install(smtp::ServerHooks& hooks, const std::shared_ptr<smtp::Server>& server, const net::Endpoint& ep,
               AcceptChecked accept);

 private:
  struct Session;
  struct DataCheck;
  smtp::Verdict check_spf(const std::shared_ptr<Session>& s, const smtp::Envelope& env, const std::string& reverse_path);
  void check_data(const std::shared_ptr<DataCheck>& c);
  void after_dkim(const std::shared_ptr<DataCheck>& c);
  void finish(const std::shared_ptr<DataCheck>& c);
  // An auth event; returns its seq.
  std::uint64_t record(const net::Endpoint& ep, const std::string& message_id, std::string method, std::string result,
                       std::string domain, std::string reason, std::string action, std::string text,
                       std::shared_ptr<const trace::data::AuthFacts> facts);
  std::uint16_t dns_id();

  Context& ctx_;
  const scenario::Host& host_;
  std::string dns_address_;
  dmarc::PublicSuffixList suffixes_;
};

}  // namespace mailsim::nodes
