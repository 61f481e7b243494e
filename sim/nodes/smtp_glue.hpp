#pragma once
// Wires the sans-I/O SMTP machines to virtual sockets: one function serves a listening port with a
// fresh smtp::Server per connection; the other runs one smtp::Client delivery over a new connection.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/net/network.hpp"
#include "sim/nodes/context.hpp"
#include "sim/proto/smtp/client.hpp"
#include "sim/proto/smtp/server.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

// Builds the server for one accepted connection (the node decides config and hooks, and may capture
// the endpoint to know who is talking). A hook that answers later (Verdict::pending(), e.g. after a
// DNS query over the network) keeps a weak_ptr to the server and its endpoint and hands the answer
// over with resume_smtp().
using SmtpServerFactory = std::function<std::shared_ptr<smtp::Server>(const net::Endpoint&)>;

// A pending policy answer is in: the server replies (and answers what was pipelined meanwhile) on
// the connection, which closes if the server did. Nothing happens when the connection is gone.
// Inside TLS the answer goes out encrypted, through the session's layer.
void resume_smtp(Context& ctx, const std::weak_ptr<smtp::Server>& server, const net::Endpoint& ep, smtp::Reply reply);
// The same for a pending credential lookup (SMTP AUTH): the exchange goes on with the answer.
void resume_smtp(Context& ctx, const std::weak_ptr<smtp::Server>& server, const net::Endpoint& ep,
                 const sasl::Lookup& answer);

// The settings a scenario host gives every SMTP connection it accepts (its name, limits, bare-LF
// policy, STARTTLS) with the replies the lesson forces on that port.
smtp::ServerConfig server_config(const scenario::Host& host, std::map<std::string, smtp::Reply> forced);

// A scenario's smtp_tls_security_level as the client machine's.
smtp::ClientTlsLevel client_level(scenario::TlsLevel l);

// Serves host:port with a fresh smtp::Server per connection, under a STARTTLS layer when the host
// has a certificate (ctx.tls).
void serve_smtp(Context& ctx, const std::string& host, std::uint16_t port, const std::string& protocol,
                SmtpServerFactory factory);

struct SmtpOutcome {
  bool connected = false;
  std::string connect_error;                     // "connect to 10.0.1.25:25: Connection refused"
  std::vector<smtp::RecipientResult> recipients; // empty when not connected
  smtp::Reply session_error;                     // a failure that ended the session early
  // The TLS handshake failed (a client that requires a verified certificate stopped it): OpenSSL's
  // words, as curl and Python print them: "certificate verify failed: certificate has expired".
  std::string tls_failure;
};

// Connects from `from_host` to address:port and runs `job`; `done` runs once, when the dialog ends.
// With a job.tls_level other than none (or tls_wrappermode) in a world with TLS, the client runs
// under a TLS layer (implicit from the first byte with tls_wrappermode). `reply_timeout` (0: none):
// the client gives up when the server has sent nothing that long after the connection opened.
// `require_verified`: the handshake itself stops at a certificate that does not verify, with the
// alert OpenSSL sends, as a mail program does (an MTA completes it and its level decides, as Postfix).
void deliver_smtp(Context& ctx, const std::string& from_host, const std::string& address, std::uint16_t port,
                  Duration connect_timeout, smtp::ClientJob job, std::function<void(SmtpOutcome)> done,
                  Duration reply_timeout = 0, bool require_verified = false);

}  // namespace mailsim::nodes
