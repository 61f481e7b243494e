#include "sim/nodes/mua.hpp"

#include <algorithm>

#include "sim/nodes/smtp_glue.hpp"
#include "sim/proto/message/message.hpp"

namespace mailsim::nodes {

namespace {
std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}
bool eight_bit(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}
}  // namespace

std::string compose(const scenario::MessageSpec& m) {
  message::Message msg;
  msg.add("From", m.from);
  if (!m.to.empty()) msg.add("To", message::fold("To", join(m.to)));
  if (!m.cc.empty()) msg.add("Cc", message::fold("Cc", join(m.cc)));
  msg.add("Subject", m.subject);  // non-ASCII subjects go as UTF-8 (RFC 6532 style), not encoded words
  msg.add("MIME-Version", "1.0");
  msg.add("Content-Type", "text/plain; charset=UTF-8");
  msg.add("Content-Transfer-Encoding", eight_bit(m.body) ? "8bit" : "7bit");
  msg.add("User-Agent", "mailsim");
  for (const auto& [name, value] : m.headers) msg.add(name, value);
  std::string body;
  std::size_t pos = 0;
  while (pos <= m.body.size()) {
    const auto nl = m.body.find('\n', pos);
    std::string line = m.body.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (nl == std::string::npos) {
      if (!line.empty()) body += line + "\r\n";
      break;
    }
    body += line + "\r\n";
    pos = nl + 1;
  }
  msg.set_body(body);
  return msg.serialize();
}

MailClient::MailClient(Context& ctx, scenario::Client config, std::string submission_address,
                       scenario::TlsLevel server_tls)
    : ctx_(ctx), config_(std::move(config)), submission_address_(std::move(submission_address)) {
  // Mandatory TLS with the certificate checked, as a mail program set to STARTTLS, once the server
  // offers it; a server without TLS keeps the client in plain text, as every lesson before TLS.
  // Implicit TLS (port 465) is always TLS, the certificate checked, as a mail program set to SSL/TLS.
  const bool offered = server_tls != scenario::TlsLevel::None || scenario::wrappermode(config_);
  tls_level_ = config_.smtp_tls_security_level.value_or(offered ? scenario::TlsLevel::Verify : scenario::TlsLevel::None);
}

void MailClient::schedule(const scenario::MessageSpec& m) {
  ctx_.scheduler.schedule_at(m.at, [this, m] { submit(m, 1); });
}

void MailClient::keep(const scenario::MessageSpec& m, int attempt, bool temporary) {
  ctx_.note(config_.host, m.id + " stays in the outbox", m.id);
  if (!temporary || config_.retry_after == 0 || attempt >= scenario::kClientTries) return;
  ctx_.note(config_.host, m.id + ": a temporary failure: sending again in " + std::to_string(config_.retry_after / kSecond) + "s (try " +
                              std::to_string(attempt + 1) + " of " + std::to_string(scenario::kClientTries) + ")",
            m.id);
  ctx_.scheduler.schedule(config_.retry_after, [this, m, attempt] { submit(m, attempt + 1); });
}

void MailClient::submit(const scenario::MessageSpec& m, int attempt) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.host;
  e.peer = config_.submission;
  e.message = m.id;
  e.data = trace::data::Submit{trace::SubmitStage::Started,
                               m.id + ": " + m.from + " -> " + join(m.to) + (m.cc.empty() ? "" : ", cc " + join(m.cc)) +
                                   (m.bcc.empty() ? "" : ", bcc " + join(m.bcc)) + ": " + m.subject,
                               0};
  ctx_.trace.add(e);
  if (std::find(outbox_.begin(), outbox_.end(), m.id) == outbox_.end()) outbox_.push_back(m.id);
  const auto* self = ctx_.net.host(config_.host);
  if (!self || !self->up) {
    ctx_.note(config_.host, m.id + ": not sent: this computer is off", m.id);
    ctx_.note(config_.host, m.id + " stays in the outbox", m.id);
    return;
  }
  smtp::ClientJob job;
  job.helo_name = config_.host;
  job.mail_from = m.from;
  for (const auto* list : {&m.to, &m.cc, &m.bcc})
    for (const auto& a : *list) job.rcpt_to.push_back(a);
  job.data = compose(m);
  job.tls_level = client_level(tls_level_);
  job.server_name = config_.submission;
  job.tls_wrappermode = scenario::wrappermode(config_);
  if (config_.auth) {
    const auto& a = *config_.auth;
    // SCRAM's client nonce comes from the world's RNG, like the server's, so runs repeat.
    job.auth = sasl::ClientOptions{a.mechanism, a.user, a.password, "",
                                   a.mechanism == sasl::Mechanism::ScramSha256 ? ctx_.new_nonce() : std::string()};
  }
  // At verify, as a mail program: the handshake stops at a certificate that does not verify.
  deliver_smtp(ctx_, config_.host, submission_address_, config_.submission_port, 30 * kSecond, std::move(job),
               [this, m, attempt](SmtpOutcome o) { submitted(m, attempt, o); }, kServerTimeout,
               tls_level_ == scenario::TlsLevel::Verify);
}

void MailClient::submitted(const scenario::MessageSpec& m, int attempt, const SmtpOutcome& o) {
  const std::string& id = m.id;
  if (!o.connected) {
    ctx_.note(config_.host, id + ": sending failed: " + o.connect_error, id);
    return keep(m, attempt, true);
  }
  std::string summary;
  std::string queue_id;
  int code = 0;
  bool all_session_error = o.session_error.code != 0;
  for (const auto& r : o.recipients) {
    summary += (summary.empty() ? "" : "; ") + r.address + ": " + r.reply.summary();
    // "250 2.0.0 Ok: queued as 4F1A2" names the message in the server's logs and queue.
    const std::string text = r.reply.lines.empty() ? "" : r.reply.lines.back();
    const auto at = text.find("queued as ");
    if (r.status == smtp::RecipientStatus::Delivered && at != std::string::npos) queue_id = text.substr(at + 10);
    if (r.status != smtp::RecipientStatus::Delivered && code == 0) code = r.reply.code;
    all_session_error = all_session_error && r.reply.summary() == o.session_error.summary();
  }
  // Refused before any recipient was asked (the login, MAIL FROM): that one reply is the story, not
  // a line per recipient.
  if (all_session_error || summary.empty()) summary = o.session_error.summary();
  // The certificate was refused in the handshake: the words a mail program shows are OpenSSL's.
  if (!o.tls_failure.empty()) summary = "TLS handshake with " + config_.submission + " failed: " + o.tls_failure;
  if (o.session_error.code != 0 && (all_session_error || code == 0)) code = o.session_error.code;
  const bool accepted = !queue_id.empty();
  trace::Event done;
  done.time = ctx_.now();
  done.host = config_.host;
  done.peer = config_.submission;
  done.message = id;
  done.queue_id = queue_id;
  done.data = trace::data::Submit{accepted ? trace::SubmitStage::Submitted : trace::SubmitStage::Failed,
                                  id + (accepted ? ": submitted: " : ": submission failed: ") + summary,
                                  accepted ? 0 : code};
  ctx_.trace.add(std::move(done));
  if (accepted) {
    std::erase(outbox_, id);
    return;
  }
  // A certificate does not mend itself in a minute: the user must act, so it is not sent again.
  keep(m, attempt, code >= 400 && code < 500 && o.tls_failure.empty());
}

}  // namespace mailsim::nodes
