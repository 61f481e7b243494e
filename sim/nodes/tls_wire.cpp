#include "sim/nodes/tls_wire.hpp"

#include "sim/nodes/session_glue.hpp"
#include "sim/proto/tls/records.hpp"

namespace mailsim::nodes {

namespace {
constexpr int kChangeCipherSpec = 20;
constexpr int kApplicationData = 23;
}  // namespace

trace::data::TlsRecord trace_record(std::string_view wire, const tls::RecordView& v, bool& ccs_seen) {
  trace::data::TlsRecord r;
  r.bytes = std::string(wire.substr(v.offset, v.size));
  r.content_type = v.type;
  r.type_name = tls::content_type_name(v.type);
  // TLS 1.3 protects everything after ServerHello as application_data; TLS 1.2 what follows the
  // ChangeCipherSpec.
  r.encrypted = v.type == kApplicationData || (ccs_seen && v.type != kChangeCipherSpec);
  if (v.type == kChangeCipherSpec) ccs_seen = true;
  return r;
}

void send_step(const net::Endpoint& ep, const tls::Step& s, const tls::Engine* engine, TlsWire& wire,
               trace::Payload payload) {
  send_step(ep, s, engine, wire, payload, trace::Pieces{{s.plaintext_out, payload}});
}

void send_step(const net::Endpoint& ep, const tls::Step& s, const tls::Engine* engine, TlsWire& wire,
               trace::Payload payload, const trace::Pieces& inside) {
  if (!s.encrypted || !engine) {
    ep.send(s.to_peer, payload);
    return;
  }
  if (s.to_peer.empty()) return;
  // What this side sent in this step, in the order it went out: each record carries one message
  // (OpenSSL writes every handshake message and alert in a record of its own). A step's handshake
  // messages come before its application data (the client's Finished, then its EHLO), its alert
  // after it (the 221, then the close_notify): so the first records are named from the front of the
  // list and the last from its back.
  std::vector<std::string> front, back;
  const auto& messages = engine->messages();
  for (; wire.messages_told < messages.size(); ++wire.messages_told) {
    const tls::Message& m = messages[wire.messages_told];
    if (m.sent) (m.name.starts_with("Alert") ? back : front).push_back(m.name);
  }
  const tls::Split split = tls::split_records(s.to_peer);
  std::vector<trace::data::TlsRecord> records;
  std::size_t next = 0;
  const std::size_t first_alert =
      split.records.size() >= back.size() ? split.records.size() - back.size() : 0;
  for (const tls::RecordView& v : split.records) {
    trace::data::TlsRecord r = trace_record(s.to_peer, v, wire.ccs_sent);
    const std::size_t i = records.size();
    if (i >= first_alert && i - first_alert < back.size()) r.messages.push_back(back[i - first_alert]);
    else if (next < front.size()) r.messages.push_back(front[next++]);
    records.push_back(std::move(r));
  }
  // The engine writes whole records; anything else is shown as the bytes it is, never dropped.
  if (const std::size_t used = s.to_peer.size() - split.rest; split.rest > 0) {
    trace::data::TlsRecord r;
    r.bytes = s.to_peer.substr(used);
    r.type_name = "unknown";
    records.push_back(std::move(r));
  }
  ep.send_tls(std::move(records), inside);
}

trace::data::Tls handshake_summary(const tls::Engine& engine) {
  trace::data::Tls t;
  const tls::SessionInfo& info = engine.session();
  t.ok = engine.handshake_done();
  t.server_name = info.server_name;
  for (const tls::CertificateInfo& c : info.peer_chain)
    t.chain.push_back({c.subject, c.issuer, c.not_before, c.not_after, c.dns_names, c.sha256});
  t.verified = info.verify.checked && info.verify.ok;
  if (info.verify.checked && !info.verify.ok) t.verify_error = info.verify.error;
  if (!t.ok) {
    t.failure = engine.failure().text();
    t.text = "handshake failed: " + t.failure;
    return t;
  }
  t.version = std::string(tls::to_string(info.version));
  t.cipher = info.cipher;
  t.cipher_iana = info.cipher_iana;
  t.group = info.group;
  t.text = t.version + " " + t.cipher + " (" + t.group + ")";
  if (!t.chain.empty())
    t.text += ", certificate " + t.chain.front().subject + " issued by " + t.chain.front().issuer;
  if (t.verified) t.text += ": verified for " + t.server_name;
  else if (!t.verify_error.empty()) t.text += ": not verified (" + t.verify_error + ")";
  return t;
}

void trace_handshake(Context& ctx, const net::Endpoint& ep, const tls::Engine& engine) {
  trace::Event e = connection_event(ctx, ep);
  e.data = handshake_summary(engine);
  ctx.trace.add(std::move(e));
}

}  // namespace mailsim::nodes
