#include "sim/trace/jsonl.hpp"

#include <nlohmann/json.hpp>

namespace mailsim::trace {

namespace {

using Json = nlohmann::ordered_json;

// RFC 4648 §4, for bytes JSON text cannot hold as they are.
std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(in[i]) << 16) |
                            (i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) << 8 : 0) |
                            (i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += i + 1 < in.size() ? kAlphabet[n >> 6 & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// Whether JSON text holds these bytes exactly: valid UTF-8 (control characters are escaped).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

void text(Json& j, const std::string& t) {
  if (!t.empty()) j["text"] = t;
}

// An auth event's facts (sim/trace/auth_facts.hpp): nested objects, whose keys docs/trace-format.md
// lists in a table of their own.
Json seq_or_null(std::uint64_t seq) { return seq == kNoSeq ? Json() : Json(seq); }
Json index_or_null(std::size_t i) { return i == kNoLookup ? Json() : Json(i); }

void auth_facts(Json& j, const data::AuthFacts& f) {
  Json lookups = Json::array();
  for (const data::AuthLookup& l : f.lookups)
    lookups.push_back({{"type", l.type}, {"name", l.name}, {"query_seq", seq_or_null(l.query_seq)},
                       {"answer_seq", seq_or_null(l.answer_seq)}, {"answer", l.answer}});
  j["lookups"] = std::move(lookups);
  if (f.spf) {
    const data::SpfFacts& s = *f.spf;
    Json records = Json::array(), terms = Json::array();
    for (const data::SpfRecordRead& r : s.records)
      records.push_back({{"depth", r.depth}, {"domain", r.domain}, {"record", r.text}, {"detail", r.detail},
                         {"lookup", index_or_null(r.lookup)}});
    for (const data::SpfTerm& t : s.terms)
      terms.push_back({{"depth", t.depth}, {"domain", t.domain}, {"term", t.term}, {"qualifier", t.qualifier},
                       {"target", t.target}, {"matched", t.matched}, {"detail", t.detail}, {"lookups", t.lookups}});
    j["spf"] = {{"identity", s.identity}, {"client_ip", s.client_ip}, {"sender", s.sender}, {"helo", s.helo},
                {"records", std::move(records)}, {"terms", std::move(terms)}, {"dns_terms", s.dns_terms},
                {"void_lookups", s.void_lookups}, {"mechanism", s.mechanism}, {"explanation", s.explanation}};
  }
  if (f.dkim) {
    const data::DkimFacts& d = *f.dkim;
    Json tags = Json::array(), steps = Json::array();
    for (const data::DkimTag& t : d.tags) tags.push_back({t.name, t.value});
    for (const data::DkimStep& s : d.steps) steps.push_back({{"check", s.check}, {"ok", s.ok}, {"detail", s.detail}});
    j["dkim"] = {{"tags", std::move(tags)}, {"key_name", d.key_name}, {"key_record", d.key_text},
                 {"bh", d.body_hash_tag}, {"body_hash", d.body_hash}, {"body_hash_verdict", d.body_hash_verdict},
                 {"header_hash_verdict", d.header_hash_verdict}, {"steps", std::move(steps)},
                 {"lookup", index_or_null(d.lookup)}};
  }
  if (f.dmarc) {
    const data::DmarcFacts& d = *f.dmarc;
    Json alignment = Json::array();
    for (const data::DmarcAlignment& a : d.alignment)
      alignment.push_back({{"method", a.method}, {"domain", a.domain}, {"passed", a.passed}, {"mode", a.mode},
                           {"aligned", a.aligned}});
    j["dmarc"] = {{"from_domain", d.from_domain}, {"org_domain", d.org_domain}, {"record_name", d.record_name},
                  {"record", d.record_text}, {"discovery", d.discovery}, {"p", d.p}, {"sp", d.sp}, {"pct", d.pct},
                  {"policy_tag", d.policy_tag}, {"policy", d.policy}, {"sampled_out", d.sampled_out},
                  {"alignment", std::move(alignment)}, {"disposition", d.disposition}, {"lookups", d.lookups}};
  }
  if (f.reply_code) {
    j["reply_code"] = f.reply_code;
    j["reply"] = f.reply;
  }
}

// The kind's own keys, after the common ones.
void payload(Json& j, const Event& e) {
  switch (e.kind) {
    case Kind::HostState: j["up"] = e.as<data::HostState>().up; break;
    case Kind::LinkState: j["up"] = e.as<data::LinkState>().up; break;
    case Kind::ServiceState: j["running"] = e.as<data::ServiceState>().running; break;
    case Kind::Connect: {
      const auto& c = e.as<data::Connect>();
      j["address"] = c.address;
      if (!c.blocked_by.empty()) {
        j["blocked_by"] = c.blocked_by;
        j["filter_rule"] = c.filter_rule;
        j["filter_action"] = c.filter_action;
      }
      if (!c.lost_at.empty()) {
        j["lost_at"] = c.lost_at;
        j["lost_host_down"] = c.lost_host_down;
      }
      if (c.timeout) j["connect_timeout"] = c.timeout;
      break;
    }
    case Kind::Accepted: {
      const auto& a = e.as<data::Accepted>();
      j["client"] = a.client;
      j["server"] = a.server;
      break;
    }
    case Kind::Refused: j["address"] = e.as<data::Refused>().address; break;
    case Kind::TimedOut: j["address"] = e.as<data::TimedOut>().address; break;
    case Kind::Segment: {
      const auto& s = e.as<data::Segment>();
      if (s.what != Payload::None) j["payload"] = to_string(s.what);
      text(j, s.text);
      // Only the unusual endings are written, so ordinary traces stay short.
      if (s.eol != LineEnd::Crlf) j["eol"] = to_string(s.eol);
      // Bytes that are not UTF-8 cannot be JSON text: the exact bytes go beside it.
      if (!valid_utf8(s.text)) j["bytes"] = base64(s.text);
      if (s.facts.code) j["code"] = s.facts.code;
      if (!s.facts.enhanced.empty()) j["enhanced"] = s.facts.enhanced;
      if (s.facts.more) j["more"] = true;
      if (!s.facts.tag.empty()) j["tag"] = s.facts.tag;
      if (!s.facts.keyword.empty()) j["keyword"] = s.facts.keyword;
      if (s.facts.null_sender) j["null_sender"] = true;
      if (s.tls) j["tls"] = true;
      if (s.tampered) j["tampered"] = true;
      break;
    }
    case Kind::Close: break;
    case Kind::Reset: j["reason"] = e.as<data::Reset>().reason; break;
    case Kind::Datagram: {
      const auto& d = e.as<data::Datagram>();
      text(j, d.summary);
      j["wire"] = base64(d.wire);
      break;
    }
    case Kind::DnsTimeout: {
      const auto& d = e.as<data::DnsTimeout>();
      j["type"] = d.type;
      j["name"] = d.name;
      break;
    }
    case Kind::Queue: {
      const auto& q = e.as<data::Queue>();
      j["from_queue"] = to_string(q.from);
      j["queue"] = to_string(q.to);
      j["attempts"] = q.attempts;
      if (q.from == QueueName::Incoming && q.to == QueueName::Incoming && q.recipient.empty()) {
        j["sender"] = q.sender;
        j["nrcpt"] = q.nrcpt;
        if (!q.sasl_username.empty()) {
          j["sasl_method"] = q.sasl_method;
          j["sasl_username"] = q.sasl_username;
        }
      }
      if (!q.recipient.empty()) {
        j["recipient"] = q.recipient;
        j["relay"] = q.relay;
        j["status"] = q.status;
      }
      if (q.to == QueueName::Deferred && q.recipient.empty()) j["next_attempt"] = q.next_attempt;
      text(j, q.log);
      break;
    }
    case Kind::Delivery: {
      const auto& d = e.as<data::Delivery>();
      j["user"] = d.user;
      j["folder"] = d.folder;
      break;
    }
    case Kind::Bounce: {
      const auto& b = e.as<data::Bounce>();
      j["action"] = to_string(b.action);
      j["report"] = b.report_queue_id;
      break;
    }
    case Kind::Submit: {
      const auto& s = e.as<data::Submit>();
      j["stage"] = to_string(s.stage);
      if (s.code) j["code"] = s.code;
      text(j, s.summary);
      break;
    }
    case Kind::Fetch: {
      const auto& f = e.as<data::Fetch>();
      j["id"] = f.id;
      j["local"] = f.local_count;
      break;
    }
    case Kind::Failure: {
      const auto& f = e.as<data::Failure>();
      if (f.index == kInjected) j["injected"] = true;
      else j["index"] = f.index;
      j["what"] = f.what;
      text(j, f.summary);
      break;
    }
    case Kind::Caption: {
      const auto& c = e.as<data::Caption>();
      j["index"] = c.index;
      text(j, c.text);
      j["until"] = c.until;
      break;
    }
    case Kind::Note:
      text(j, e.as<data::Note>().text);
      if (e.as<data::Note>().omitted) j["omitted"] = true;
      break;
    case Kind::Step: {
      const auto& s = e.as<data::Step>();
      j["machine"] = s.machine;
      j["from"] = s.from;
      j["input"] = s.input;
      j["to"] = s.to;
      j["ok"] = s.success;
      break;
    }
    case Kind::Auth: {
      const auto& a = e.as<data::Auth>();
      j["method"] = a.method;
      j["result"] = a.result;
      if (!a.domain.empty()) j["domain"] = a.domain;
      if (!a.reason.empty()) j["reason"] = a.reason;
      j["action"] = a.action;
      text(j, a.text);
      if (a.facts) auth_facts(j, *a.facts);
      break;
    }
    case Kind::Captured: {
      const auto& c = e.as<data::Captured>();
      j["what"] = to_string(c.what);
      if (!c.method.empty()) j["method"] = c.method;
      if (!c.user.empty()) j["user"] = c.user;
      if (!c.password.empty()) j["password"] = c.password;
      if (c.what == CaptureWhat::MailText) {
        j["header_from"] = c.from;
        j["header_to"] = c.to;
        j["subject"] = c.subject;
        j["body"] = c.body;
        if (c.lines_left_out) j["lines_left_out"] = c.lines_left_out;
      }
      if (c.bytes) j["size"] = c.bytes;
      if (c.tls) j["tls"] = true;
      if (!c.sample.empty()) j["sample"] = spaced_hex(c.sample);
      text(j, c.text);
      break;
    }
    case Kind::TlsRecord: {
      const auto& r = e.as<data::TlsRecord>();
      j["content_type"] = r.content_type;
      j["type_name"] = r.type_name;
      if (!r.messages.empty()) j["messages"] = r.messages;
      j["encrypted"] = r.encrypted;
      j["size"] = r.bytes.size();
      j["wire"] = base64(r.bytes);
      break;
    }
    case Kind::Tls: {
      const auto& t = e.as<data::Tls>();
      j["ok"] = t.ok;
      if (!t.version.empty()) j["version"] = t.version;
      if (!t.cipher.empty()) {
        j["cipher"] = t.cipher;
        j["cipher_iana"] = t.cipher_iana;
      }
      if (!t.group.empty()) j["group"] = t.group;
      if (!t.server_name.empty()) j["server_name"] = t.server_name;
      Json chain = Json::array();
      for (const data::TlsCertificate& c : t.chain)
        chain.push_back({{"subject", c.subject}, {"issuer", c.issuer}, {"not_before", c.not_before},
                         {"not_after", c.not_after}, {"dns_names", c.dns_names}, {"sha256", c.sha256}});
      j["chain"] = std::move(chain);
      j["verified"] = t.verified;
      if (!t.verify_error.empty()) j["verify_error"] = t.verify_error;
      if (!t.failure.empty()) j["failure"] = t.failure;
      text(j, t.text);
      break;
    }
    case Kind::Tampered: {
      const auto& t = e.as<data::Tampered>();
      j["attack"] = t.attack;
      // Exact bytes both ways (they may hold a bare CR or LF), and the lines changed as text.
      j["original"] = base64(t.original);
      j["changed"] = base64(t.changed);
      Json lines = Json::array();
      for (const data::TamperedLine& l : t.lines) {
        Json one = {{"before", l.before}};
        if (l.dropped) one["dropped"] = true;
        else one["after"] = l.after;
        lines.push_back(std::move(one));
      }
      j["lines"] = std::move(lines);
      text(j, t.text);
      break;
    }
  }
}

}  // namespace

std::string header_line() { return R"({"format":"mailsim-trace","version":2})"; }

std::string to_json_line(const Event& e) {
  // ordered_json keeps insertion order, so the key order is part of the format.
  Json j;
  j["seq"] = e.seq;
  j["t"] = e.time;
  j["kind"] = to_string(e.kind);
  if (!e.host.empty()) j["host"] = e.host;
  if (!e.peer.empty()) j["peer"] = e.peer;
  if (e.port) j["port"] = e.port;
  if (e.client_port) j["client_port"] = e.client_port;
  if (e.conn) j["conn"] = e.conn;
  if (!e.protocol.empty()) j["proto"] = e.protocol;
  if (e.dir != Direction::None) j["dir"] = e.dir == Direction::ClientToServer ? "c2s" : "s2c";
  if (e.arrive) j["arrive"] = e.arrive;
  if (!e.path.empty()) {
    auto& p = j["path"] = Json::array();
    for (const Hop& h : e.path) p.push_back({h.host, h.at});
  }
  if (!e.queue_id.empty()) j["queue_id"] = e.queue_id;
  if (!e.message_id.empty()) j["message_id"] = e.message_id;
  if (!e.message.empty()) j["message"] = e.message;
  payload(j, e);
  // Replace invalid UTF-8 rather than throw: a hostile peer's bytes must not stop the trace (and a
  // segment's exact bytes are in "bytes" then).
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void write_jsonl(const Trace& trace, std::ostream& out) {
  out << header_line() << '\n';
  for (const Event& e : trace.events()) out << to_json_line(e) << '\n';
}

}  // namespace mailsim::trace
