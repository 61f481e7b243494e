#include "sim/nodes/eavesdropper.hpp"

#include <algorithm>

#include "sim/proto/smtp/strip_starttls.hpp"

namespace mailsim::nodes {

namespace {
trace::CaptureWhat what_of(sniff::Capture::What w) {
  switch (w) {
    case sniff::Capture::What::Credential: return trace::CaptureWhat::Credential;
    case sniff::Capture::What::ChallengeResponse: return trace::CaptureWhat::ChallengeResponse;
    case sniff::Capture::What::MailText: return trace::CaptureWhat::MailText;
    case sniff::Capture::What::Unreadable: return trace::CaptureWhat::Unreadable;
  }
  return trace::CaptureWhat::Unreadable;
}
}  // namespace

std::string capture_words(const sniff::Capture& c) {
  const char* way = c.from_client ? "sent" : "read";
  switch (c.what) {
    case sniff::Capture::What::Credential:
      return "password: " + c.method + " user=" + c.user + " password=" + c.password;
    case sniff::Capture::What::ChallengeResponse:
      return "login: " + c.method + " user=" + c.user + ", a challenge-response: nothing reusable";
    case sniff::Capture::What::MailText:
      return std::string("mail text (") + way + "): From: " + c.from + "; To: " + c.to + "; Subject: " + c.subject +
             "; " + std::to_string(c.body.size() + c.lines_left_out) + " body line(s)";
    case sniff::Capture::What::Unreadable:
      if (c.tls)  // after STARTTLS: the handshake and the encrypted records, nothing to decode
        return "TLS handshake and ciphertext (" + std::to_string(c.bytes) + " bytes, " +
               (c.from_client ? "client to server" : "server to client") + "): encrypted, nothing readable";
      return "unreadable (" + std::to_string(c.bytes) + " bytes, " +
             (c.from_client ? "client to server" : "server to client") + ")";
  }
  return {};
}

Eavesdropper::Eavesdropper(Context& ctx, scenario::Host config) : ctx_(ctx), config_(std::move(config)) {
  tap_ = ctx_.net.tap(config_.tap.first, config_.tap.second, [this](const net::Tapped& t) { seen(t); });
  if (config_.strip_starttls != scenario::StripStarttls::None)
    tamper_ = ctx_.net.tamper(config_.name, config_.tap.first, config_.tap.second,
                              [this](const net::Chunk& c) { return strip(c); });
}

Eavesdropper::~Eavesdropper() {
  ctx_.net.untap(tap_);
  if (tamper_) ctx_.net.untamper(tamper_);
}

std::optional<net::Tampering> Eavesdropper::strip(const net::Chunk& chunk) const {
  const net::Host* self = ctx_.net.host(config_.name);
  if (self && !self->up) return std::nullopt;  // switched off: the wire is a wire again
  if (chunk.protocol != "smtp" && chunk.protocol != "submission") return std::nullopt;
  const auto mode = config_.strip_starttls == scenario::StripStarttls::Drop ? smtp::StripMode::Drop
                                                                             : smtp::StripMode::Rewrite;
  smtp::Stripped s = smtp::strip_starttls(chunk.bytes, chunk.from_client, mode);
  if (s.changes.empty()) return std::nullopt;
  net::Tampering t;
  t.bytes = std::move(s.bytes);
  t.what.attack = "strip-starttls";
  for (smtp::LineChange& c : s.changes) {
    t.what.text += (t.what.text.empty() ? "" : "; ") + c.before + (c.dropped ? " dropped" : " -> " + c.after);
    t.what.lines.push_back({std::move(c.before), std::move(c.after), c.dropped});
  }
  return t;
}

void Eavesdropper::seen(const net::Tapped& t) {
  const net::Host* self = ctx_.net.host(config_.name);
  if (self && !self->up) return;
  const trace::Event& p = t.packet;
  if (p.conn == 0) return;  // datagrams (DNS): not what this listener decodes
  if (std::find(ended_.begin(), ended_.end(), p.conn) != ended_.end()) return;
  std::vector<sniff::Capture> got;
  if (const auto* s = p.get<trace::data::Segment>()) {
    if (s->what == trace::Payload::Omitted) return;  // a summary of a served run, not bytes
    got = sniffer_.feed(p.conn, p.port, p.dir == trace::Direction::ClientToServer, s->text + trace::bytes_of(s->eol));
  } else if (const auto* r = p.get<trace::data::TlsRecord>()) {
    // What crossed after STARTTLS: records, whose bytes the sniffer finds unreadable.
    got = sniffer_.feed(p.conn, p.port, p.dir == trace::Direction::ClientToServer, r->bytes);
  } else if (p.kind == trace::Kind::Close || p.kind == trace::Kind::Reset) {
    got = sniffer_.end(p.conn);
    ended_.push_back(p.conn);
    if (ended_.size() > sniff::kMaxStreams) ended_.pop_front();
  }
  for (const sniff::Capture& c : got) record(p, c);
}

void Eavesdropper::record(const trace::Event& packet, const sniff::Capture& c) {
  trace::Event e;
  e.time = ctx_.now();
  e.host = config_.name;
  e.conn = packet.conn;
  e.port = packet.port;
  e.client_port = packet.client_port;
  e.protocol = packet.protocol;
  e.dir = c.from_client ? trace::Direction::ClientToServer : trace::Direction::ServerToClient;
  trace::data::Captured d;
  d.what = what_of(c.what);
  d.method = c.method;
  d.user = c.user;
  d.password = c.password;
  d.from = c.from;
  d.to = c.to;
  d.subject = c.subject;
  d.body = c.body;
  d.lines_left_out = c.lines_left_out;
  d.bytes = c.bytes;
  d.tls = c.tls;
  d.sample = c.sample;
  d.text = capture_words(c);
  e.data = std::move(d);
  ctx_.trace.add(std::move(e));
}

}  // namespace mailsim::nodes
