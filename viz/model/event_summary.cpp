#include "viz/model/event_summary.hpp"

#include <cstdio>

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

const scenario::Failure* find_failure(const trace::Event& e, const scenario::Scenario& s,
                                      const std::vector<scenario::Failure>& injected) {
  for (const auto* list : {&s.failures, &injected})
    for (const auto& f : *list)
      if (f.at == e.time && e.text.substr(0, e.text.find_first_of(" :")) == scenario::to_string(f.kind) &&
          e.host == (f.host.empty() ? f.link_a : f.host) && e.peer == f.link_b)
        return &f;
  return nullptr;
}

Str queue_word(const std::string& q) {
  if (q == "incoming") return Str::QIncoming;
  if (q == "active") return Str::QActive;
  if (q == "deferred") return Str::QDeferred;
  if (q == "hold") return Str::QHold;
  return Str::QRemoved;
}

}  // namespace

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
    case Kind::Segment: return (e.dir == trace::Direction::ClientToServer ? "C: " : "S: ") + e.text;
    case Kind::Caption:
      for (const auto& c : s.captions)
        if (c.at == e.time && c.text.en == e.text) return pick(c.text, lang);
      return e.text;
    case Kind::Failure:
      if (const auto* f = find_failure(e, s, injected)) {
        std::string out = std::string(tr(failure_name(f->kind), lang)) + " " + failure_target(*f);
        if (!pick(f->note, lang).empty()) out += ": " + pick(f->note, lang);
        return out;
      }
      return e.text;
    case Kind::HostState: return tr(e.text == "up" ? Str::FkHostUp : Str::FkHostDown, lang);
    case Kind::LinkState:
      return std::string(tr(e.text == "up" ? Str::FkLinkUp : Str::FkLinkDown, lang)) + " " + e.host + " — " + e.peer;
    case Kind::ServiceState:
      return std::string(tr(e.text == "started" ? Str::FkServiceStart : Str::FkServiceStop, lang)) + " :" +
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
      const std::string prefix = "no answer for ";  // then the question: "MX home.example"
      return format(Str::EvDnsTimeout, lang, e.text.rfind(prefix, 0) == 0 ? e.text.substr(prefix.size()) : e.text);
    }
    case Kind::Queue: {
      // The detail is the MTA's log line, as Postfix would write it (students meet those for real).
      std::string out = e.queue_id + " → " + tr(queue_word(e.queue), lang);
      return e.text.empty() ? out : out + ": " + e.text;
    }
    case Kind::Delivery: return format(Str::EvDelivery, lang, e.peer);
    case Kind::Bounce: {
      // "bounce to <alice@...> as 4F1A2" or "delay warning to <...> as ...": the report's own queue id.
      // `action` tells a delay warning ("delayed") from a bounce ("failed").
      const std::string report = e.text.substr(e.text.rfind(' ') + 1);
      return format(e.action == "delayed" ? Str::EvDelayWarning : Str::EvBounce, lang, e.queue_id, report);
    }
    case Kind::Fetch: return format(Str::EvFetch, lang, e.peer);
    case Kind::Datagram:  // DNS as the wire says it: "query id=4326 MX home.example"
    case Kind::Submit:    // "m1: alice@... -> bob@...: subject" and the server's reply
    case Kind::Note: return e.text;
  }
  return e.text;
}

}  // namespace mailsim::viz
