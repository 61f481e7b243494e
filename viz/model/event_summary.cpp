#include "viz/model/event_summary.hpp"

#include <cstdio>

#include "viz/model/tls_view.hpp"

namespace mailsim::viz {

namespace {

std::string address_of(const scenario::Scenario& s, const std::string& host) {
  for (const auto& h : s.hosts)
    if (h.name == host) return h.address;
  return host;  // a host the scenario does not name: its name says enough
}

// printf with one or two string arguments, through the string table (both languages take the same).
std::string format(Str f, Lang lang, const std::string& a, const std::string& b = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, tr(f, lang), a.c_str(), b.c_str());
  return buf;
}

// What the eavesdropper captured: in English the transcript's words, in Japanese the Captured
// panel's (the same strings), so the event list is never left in English.
std::string captured_summary(const trace::Event& e, Lang lang) {
  const auto& c = e.as<trace::data::Captured>();
  if (lang == Lang::En) return c.text;
  char buf[512];
  switch (c.what) {
    case trace::CaptureWhat::Credential:
      std::snprintf(buf, sizeof buf, tr(Str::CpPassword, lang), c.user.c_str(), c.password.c_str(), c.method.c_str());
      return buf;
    case trace::CaptureWhat::ChallengeResponse:
      std::snprintf(buf, sizeof buf, tr(Str::CpChallenge, lang), c.user.c_str(), c.method.c_str());
      return buf;
    case trace::CaptureWhat::MailText:
      return std::string(tr(e.dir == trace::Direction::ClientToServer ? Str::CpMailSent : Str::CpMailRead, lang)) +
             " Subject: " + c.subject;
    case trace::CaptureWhat::Unreadable:
      std::snprintf(buf, sizeof buf, tr(c.tls ? Str::CpTlsCiphertext : Str::CpUnreadable, lang), c.bytes);
      return buf;
  }
  return c.text;
}

// The scenario's failure by its index; the teacher's own by when, what and where it happened.
const scenario::Failure* find_failure(const trace::Event& e, const scenario::Scenario& s,
                                      const std::vector<scenario::Failure>& injected) {
  const auto& data = e.as<trace::data::Failure>();
  if (data.index < s.failures.size()) return &s.failures[data.index];
  for (const auto& f : injected)
    if (f.at == e.time && data.what == scenario::to_string(f.kind) && e.host == (f.host.empty() ? f.link_a : f.host) &&
        e.peer == f.link_b)
      return &f;
  return nullptr;
}

}  // namespace

Str queue_name(trace::QueueName q) {
  switch (q) {
    case trace::QueueName::Incoming: return Str::QIncoming;
    case trace::QueueName::Active: return Str::QActive;
    case trace::QueueName::Deferred: return Str::QDeferred;
    case trace::QueueName::Hold: return Str::QHold;
    case trace::QueueName::Removed: return Str::QRemoved;
  }
  return Str::QRemoved;
}

Str failure_name(scenario::FailureKind k) {
  using scenario::FailureKind;
  switch (k) {
    case FailureKind::HostDown: return Str::FkHostDown;
    case FailureKind::HostUp: return Str::FkHostUp;
    case FailureKind::ServiceStop: return Str::FkServiceStop;
    case FailureKind::ServiceStart: return Str::FkServiceStart;
    case FailureKind::LinkDown: return Str::FkLinkDown;
    case FailureKind::LinkUp: return Str::FkLinkUp;
    case FailureKind::DnsSet: return Str::FkDnsSet;
    case FailureKind::DnsRemove: return Str::FkDnsRemove;
    case FailureKind::SmtpReply: return Str::FkSmtpReply;
    case FailureKind::SmtpReplyClear: return Str::FkSmtpReplyClear;
  }
  return Str::FkHostDown;
}

std::string failure_target(const scenario::Failure& f) {
  using scenario::FailureKind;
  switch (f.kind) {
    case FailureKind::LinkDown:
    case FailureKind::LinkUp: return f.link_a + " — " + f.link_b;
    case FailureKind::ServiceStop:
    case FailureKind::ServiceStart:
    case FailureKind::SmtpReply:
    case FailureKind::SmtpReplyClear: return f.host + ":" + std::to_string(f.port);
    case FailureKind::DnsSet:
    case FailureKind::DnsRemove: return f.record.name + " " + dns::to_string(f.record.type);
    default: return f.host;
  }
}

std::string event_summary(const trace::Event& e, const scenario::Scenario& s,
                          const std::vector<scenario::Failure>& injected, Lang lang) {
  using trace::Kind;
  const std::string server = address_of(s, e.peer) + ":" + std::to_string(e.port);
  switch (e.kind) {
    case Kind::Segment:
      return (e.dir == trace::Direction::ClientToServer ? "C: " : "S: ") + e.as<trace::data::Segment>().text;
    case Kind::Caption: {
      const auto& c = e.as<trace::data::Caption>();
      return c.index < s.captions.size() ? pick(s.captions[c.index].text, lang) : c.text;
    }
    case Kind::Failure:
      if (const auto* f = find_failure(e, s, injected)) {
        std::string out = std::string(tr(failure_name(f->kind), lang)) + " " + failure_target(*f);
        if (!pick(f->note, lang).empty()) out += ": " + pick(f->note, lang);
        return out;
      }
      return e.as<trace::data::Failure>().summary;
    case Kind::HostState: return tr(e.as<trace::data::HostState>().up ? Str::FkHostUp : Str::FkHostDown, lang);
    case Kind::LinkState:
      return std::string(tr(e.as<trace::data::LinkState>().up ? Str::FkLinkUp : Str::FkLinkDown, lang)) + " " + e.host +
             " — " + e.peer;
    case Kind::ServiceState:
      return std::string(tr(e.as<trace::data::ServiceState>().running ? Str::FkServiceStart : Str::FkServiceStop, lang)) +
             " :" +
             std::to_string(e.port) + (e.protocol.empty() ? "" : " (" + e.protocol + ")");
    case Kind::Connect: return format(Str::EvConnect, lang, server);
    // Accepted is written by the server side: host = server, peer = client.
    case Kind::Accepted:
      return format(Str::EvAccepted, lang, address_of(s, e.peer) + ":" + std::to_string(e.client_port),
                    address_of(s, e.host) + ":" + std::to_string(e.port));
    // The RST comes from the server: host = server, peer = client.
    case Kind::Refused: return format(Str::EvRefused, lang, address_of(s, e.host) + ":" + std::to_string(e.port));
    case Kind::TimedOut: return format(Str::EvTimedOut, lang, server);
    case Kind::Close: return tr(Str::EvClose, lang);
    case Kind::Reset: return tr(Str::EvReset, lang);
    case Kind::DnsTimeout: {
      const auto& d = e.as<trace::data::DnsTimeout>();
      return format(Str::EvDnsTimeout, lang, d.type + " " + d.name);
    }
    case Kind::Queue: {
      // The detail is the MTA's log line, as Postfix would write it (students meet those for real).
      const auto& q = e.as<trace::data::Queue>();
      std::string out = e.queue_id + " → " + tr(queue_name(q.to), lang);
      return q.log.empty() ? out : out + ": " + q.log;
    }
    case Kind::Delivery: return format(Str::EvDelivery, lang, e.peer);
    case Kind::Bounce: {
      const auto& b = e.as<trace::data::Bounce>();
      return format(b.action == trace::BounceAction::Delayed ? Str::EvDelayWarning : Str::EvBounce, lang, e.queue_id,
                    b.report_queue_id);
    }
    case Kind::Fetch: return format(Str::EvFetch, lang, e.peer);
    case Kind::Datagram: return e.as<trace::data::Datagram>().summary;  // "query id=4326 MX home.example"
    case Kind::Submit: return e.as<trace::data::Submit>().summary;      // "m1: alice@... -> bob@...: subject"
    case Kind::Note: return e.as<trace::data::Note>().text;
    case Kind::Auth: return e.as<trace::data::Auth>().text;  // "spf=pass (...) smtp.mailfrom=..."
    case Kind::Captured: return captured_summary(e, lang);  // "password: AUTH PLAIN user=alice ..."
    case Kind::TlsRecord: return record_row(e.as<trace::data::TlsRecord>(), lang);  // "TLS ClientHello · 317 bytes"
    case Kind::Tls: return handshake_summary(e.as<trace::data::Tls>(), lang);      // "TLS established: TLSv1.3, ..."
    case Kind::Tampered: return e.as<trace::data::Tampered>().text;  // "250-STARTTLS -> 250-XXXXXXXA"
    case Kind::Step: {
      const auto& st = e.as<trace::data::Step>();
      return format(Str::EvStep, lang, st.machine, st.from + " → " + st.to + " (" + st.input + ")");
    }
  }
  return {};
}

}  // namespace mailsim::viz
