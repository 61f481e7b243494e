#include "sim/scenario/scenario.hpp"

#include "sim/scenario/roles.hpp"

namespace mailsim::scenario {

std::string to_string(Role r) { return std::string(info(r).name); }

std::optional<std::uint16_t> smtp_port(Role r) { return info(r).smtp_port; }

std::string to_string(PacketFilter::Action a) {
  switch (a) {
    case PacketFilter::Action::Drop: return "drop";
    case PacketFilter::Action::Reject: return "reject";
  }
  return "?";
}

std::string to_string(TlsLevel l) {
  switch (l) {
    case TlsLevel::None: return "none";
    case TlsLevel::May: return "may";
    case TlsLevel::Encrypt: return "encrypt";
    case TlsLevel::Verify: return "verify";
  }
  return "?";
}

std::string to_string(CertificateFlaw f) {
  switch (f) {
    case CertificateFlaw::None: return "ok";
    case CertificateFlaw::NameMismatch: return "name-mismatch";
    case CertificateFlaw::Expired: return "expired";
    case CertificateFlaw::SelfSigned: return "self-signed";
    case CertificateFlaw::UnknownCa: return "unknown-ca";
  }
  return "?";
}

std::optional<CertificateFlaw> certificate_flaw_from_string(std::string_view name) {
  for (CertificateFlaw f : {CertificateFlaw::None, CertificateFlaw::NameMismatch, CertificateFlaw::Expired,
                            CertificateFlaw::SelfSigned, CertificateFlaw::UnknownCa})
    if (to_string(f) == name) return f;
  return std::nullopt;
}

std::string to_string(StripStarttls s) {
  switch (s) {
    case StripStarttls::None: return "none";
    case StripStarttls::Rewrite: return "rewrite";
    case StripStarttls::Drop: return "drop";
  }
  return "?";
}

std::string to_string(SmtpAuth a) {
  switch (a) {
    case SmtpAuth::None: return "none";
    case SmtpAuth::Optional: return "optional";
    case SmtpAuth::Required: return "required";
  }
  return "?";
}

std::string to_string(FailureKind k) {
  switch (k) {
    case FailureKind::HostDown: return "host_down";
    case FailureKind::HostUp: return "host_up";
    case FailureKind::ServiceStop: return "service_stop";
    case FailureKind::ServiceStart: return "service_start";
    case FailureKind::LinkDown: return "link_down";
    case FailureKind::LinkUp: return "link_up";
    case FailureKind::DnsSet: return "dns_set";
    case FailureKind::DnsRemove: return "dns_remove";
    case FailureKind::SmtpReply: return "smtp_reply";
    case FailureKind::SmtpReplyClear: return "smtp_reply_clear";
  }
  return "?";
}

std::string to_string(ExpectKind k) {
  switch (k) {
    case ExpectKind::Delivered: return "delivered";
    case ExpectKind::NotDelivered: return "not_delivered";
    case ExpectKind::Bounced: return "bounced";
    case ExpectKind::QueueEmpty: return "queue_empty";
    case ExpectKind::ReplySeen: return "reply_seen";
    case ExpectKind::Attempts: return "attempts";
    case ExpectKind::Fetched: return "fetched";
    case ExpectKind::NotFetched: return "not_fetched";
    case ExpectKind::Flagged: return "flagged";
    case ExpectKind::Refused: return "refused";
    case ExpectKind::InOutbox: return "in_outbox";
    case ExpectKind::AuthResult: return "auth_result";
    case ExpectKind::Captured: return "captured";
    case ExpectKind::Received: return "received";
    case ExpectKind::Accepted: return "accepted";
    case ExpectKind::InFolder: return "in_folder";
  }
  return "?";
}

std::string to_string(Trigger::Kind k) {
  switch (k) {
    case Trigger::Kind::Reply: return "reply";
    case Trigger::Kind::Queue: return "queue";
    case Trigger::Kind::Delivered: return "delivered";
    case Trigger::Kind::Bounced: return "bounced";
    case Trigger::Kind::Failure: return "failure";
    case Trigger::Kind::Connect: return "connect";
    case Trigger::Kind::TimedOut: return "timed_out";
    case Trigger::Kind::Refused: return "refused";
    case Trigger::Kind::Fetched: return "fetched";
    case Trigger::Kind::Auth: return "auth";
  }
  return "?";
}

// The numbers and their sources are explained in docs/retry-presets.md; keep the two in step.
std::optional<RetrySchedule> retry_preset(const std::string& name) {
  RetrySchedule r;  // the struct's defaults are Postfix's
  if (name == "postfix") return r;
  if (name == "sendmail") {
    // Sendmail retries once per queue run (`sendmail -q15m`), so every interval is the run interval.
    r.first = 15 * kMinute;
    r.max = 15 * kMinute;
    r.give_up = 5 * kDay;               // Timeout.queuereturn
    r.warn_after = 4 * kHour;           // Timeout.queuewarn
    r.connect_timeout = 75 * kSecond;   // Timeout.connect=0: the kernel's (75 s on BSD stacks)
    return r;
  }
  if (name == "exim") {
    // Default rule "F,2h,15m; G,16h,1h,1.5; F,4d,6h", approximated by doubling from 15m up to 6h.
    r.first = 15 * kMinute;
    r.max = 6 * kHour;
    r.give_up = 4 * kDay;
    r.warn_after = 24 * kHour;          // delay_warning
    r.connect_timeout = 5 * kMinute;    // smtp transport connect_timeout
    return r;
  }
  if (name == "qmail") {
    // qmail-send retries remote mail at 400*n^2 s after queueing (39 tries in 7 days); doubling
    // from 400 s capped at 5 h gives about as many (40).
    r.first = 400 * kSecond;
    r.max = 5 * kHour;
    r.give_up = 7 * kDay;               // control/queuelifetime 604800
    r.warn_after = 0;                   // qmail sends no delay warnings
    r.connect_timeout = 60 * kSecond;   // control/timeoutconnect
    return r;
  }
  return std::nullopt;
}

const Host* Scenario::find_host(const std::string& name) const {
  for (const Host& h : hosts)
    if (h.name == name) return &h;
  return nullptr;
}

bool sends(const Client& c, const MessageSpec& m) {
  return c.host == m.client && !c.submission.empty() && (m.client_account.empty() || c.account == m.client_account) &&
         (m.client_submission.empty() || c.submission == m.client_submission);
}

const Client* Scenario::sending_client(const MessageSpec& m) const {
  for (const Client& c : clients)
    if (sends(c, m)) return &c;
  return nullptr;
}

}  // namespace mailsim::scenario
