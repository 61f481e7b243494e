#include "sim/trace/jsonl.hpp"

#include <nlohmann/json.hpp>

#include "sim/trace/json_line.hpp"

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

void text(JsonLine& j, const std::string& t) {
  if (!t.empty()) j.field("text", t);
}

// An auth event's facts (sim/trace/auth_facts.hpp): nested objects, whose keys docs/trace-format.md
// lists in a table of their own.
Json seq_or_null(std::uint64_t seq) { return seq == kNoSeq ? Json() : Json(seq); }
Json index_or_null(std::size_t i) { return i == kNoLookup ? Json() : Json(i); }

Json auth_facts_json(const data::AuthFacts& f) {
  Json j;
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
  return j;
}

// Its keys go among the event's own, in their order.
void auth_facts(JsonLine& j, const data::AuthFacts& f) {
  const Json facts = auth_facts_json(f);  // held: items() refers to it
  for (const auto& [key, value] : facts.items())
    j.raw(key, value.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// The kind's own keys, after the common ones.
void payload(JsonLine& j, const Event& e) {
  switch (e.kind) {
    case Kind::HostState: j.field("up", e.as<data::HostState>().up); break;
    case Kind::LinkState: j.field("up", e.as<data::LinkState>().up); break;
    case Kind::ServiceState: j.field("running", e.as<data::ServiceState>().running); break;
    case Kind::Connect: {
      const auto& c = e.as<data::Connect>();
      j.field("address", c.address);
      if (!c.blocked_by.empty()) {
        j.field("blocked_by", c.blocked_by);
        j.field("filter_rule", c.filter_rule);
        j.field("filter_action", c.filter_action);
      }
      if (!c.lost_at.empty()) {
        j.field("lost_at", c.lost_at);
        j.field("lost_host_down", c.lost_host_down);
      }
      if (c.timeout) j.field("connect_timeout", c.timeout);
      if (c.reply_timeout) j.field("reply_timeout", c.reply_timeout);
      break;
    }
    case Kind::Accepted: {
      const auto& a = e.as<data::Accepted>();
      j.field("client", a.client);
      j.field("server", a.server);
      break;
    }
    case Kind::Refused: j.field("address", e.as<data::Refused>().address); break;
    case Kind::TimedOut: j.field("address", e.as<data::TimedOut>().address); break;
    case Kind::Segment: {
      const auto& s = e.as<data::Segment>();
      if (s.what != Payload::None) j.field("payload", to_string(s.what));
      text(j, s.text);
      // Only the unusual endings are written, so ordinary traces stay short.
      if (s.eol != LineEnd::Crlf) j.field("eol", to_string(s.eol));
      // Bytes that are not UTF-8 cannot be JSON text: the exact bytes go beside it.
      if (!valid_utf8(s.text)) j.field("bytes", base64(s.text));
      if (s.facts.code) j.field("code", s.facts.code);
      if (!s.facts.enhanced.empty()) j.field("enhanced", s.facts.enhanced);
      if (s.facts.more) j.field("more", true);
      if (!s.facts.tag.empty()) j.field("tag", s.facts.tag);
      if (!s.facts.keyword.empty()) j.field("keyword", s.facts.keyword);
      if (s.facts.null_sender) j.field("null_sender", true);
      if (s.tls) j.field("tls", true);
      if (s.tampered) j.field("tampered", true);
      break;
    }
    case Kind::Close: break;
    case Kind::Reset: j.field("reason", e.as<data::Reset>().reason); break;
    case Kind::Datagram: {
      const auto& d = e.as<data::Datagram>();
      text(j, d.summary);
      j.field("wire", base64(d.wire));
      break;
    }
    case Kind::DnsTimeout: {
      const auto& d = e.as<data::DnsTimeout>();
      j.field("type", d.type);
      j.field("name", d.name);
      break;
    }
    case Kind::Queue: {
      const auto& q = e.as<data::Queue>();
      j.field("from_queue", to_string(q.from));
      j.field("queue", to_string(q.to));
      j.field("attempts", q.attempts);
      if (q.from == QueueName::Incoming && q.to == QueueName::Incoming && q.recipient.empty()) {
        j.field("sender", q.sender);
        j.field("nrcpt", q.nrcpt);
        if (!q.sasl_username.empty()) {
          j.field("sasl_method", q.sasl_method);
          j.field("sasl_username", q.sasl_username);
        }
      }
      if (!q.recipient.empty()) {
        j.field("recipient", q.recipient);
        j.field("relay", q.relay);
        j.field("status", q.status);
      }
      if (q.to == QueueName::Deferred && q.recipient.empty()) j.field("next_attempt", q.next_attempt);
      text(j, q.log);
      break;
    }
    case Kind::Delivery: {
      const auto& d = e.as<data::Delivery>();
      j.field("user", d.user);
      j.field("folder", d.folder);
      break;
    }
    case Kind::Bounce: {
      const auto& b = e.as<data::Bounce>();
      j.field("action", to_string(b.action));
      j.field("report", b.report_queue_id);
      break;
    }
    case Kind::Submit: {
      const auto& s = e.as<data::Submit>();
      j.field("stage", to_string(s.stage));
      if (s.code) j.field("code", s.code);
      text(j, s.summary);
      break;
    }
    case Kind::Fetch: {
      const auto& f = e.as<data::Fetch>();
      j.field("id", f.id);
      j.field("local", f.local_count);
      break;
    }
    case Kind::Failure: {
      const auto& f = e.as<data::Failure>();
      if (f.index == kInjected) j.field("injected", true);
      else j.field("index", f.index);
      j.field("what", f.what);
      text(j, f.summary);
      break;
    }
    case Kind::Caption: {
      const auto& c = e.as<data::Caption>();
      j.field("index", c.index);
      text(j, c.text);
      j.field("until", c.until);
      break;
    }
    case Kind::Note:
      text(j, e.as<data::Note>().text);
      if (e.as<data::Note>().omitted) j.field("omitted", true);
      break;
    case Kind::Step: {
      const auto& s = e.as<data::Step>();
      j.field("machine", s.machine);
      j.field("from", s.from);
      j.field("input", s.input);
      j.field("to", s.to);
      j.field("ok", s.success);
      break;
    }
    case Kind::Auth: {
      const auto& a = e.as<data::Auth>();
      j.field("method", a.method);
      j.field("result", a.result);
      if (!a.domain.empty()) j.field("domain", a.domain);
      if (!a.reason.empty()) j.field("reason", a.reason);
      j.field("action", a.action);
      text(j, a.text);
      if (a.facts) auth_facts(j, *a.facts);
      break;
    }
    case Kind::Captured: {
      const auto& c = e.as<data::Captured>();
      j.field("what", to_string(c.what));
      if (!c.method.empty()) j.field("method", c.method);
      if (!c.user.empty()) j.field("user", c.user);
      if (!c.password.empty()) j.field("password", c.password);
      if (c.what == CaptureWhat::MailText) {
        j.field("header_from", c.from);
        j.field("header_to", c.to);
        j.field("subject", c.subject);
        j.strings("body", c.body);
        if (c.lines_left_out) j.field("lines_left_out", c.lines_left_out);
      }
      if (c.bytes) j.field("size", c.bytes);
      if (c.tls) j.field("tls", true);
      if (!c.sample.empty()) j.field("sample", spaced_hex(c.sample));
      text(j, c.text);
      break;
    }
    case Kind::TlsRecord: {
      const auto& r = e.as<data::TlsRecord>();
      j.field("content_type", r.content_type);
      j.field("type_name", r.type_name);
      if (!r.messages.empty()) j.strings("messages", r.messages);
      j.field("encrypted", r.encrypted);
      j.field("size", r.bytes.size());
      j.field("wire", base64(r.bytes));
      break;
    }
    case Kind::Tls: {
      const auto& t = e.as<data::Tls>();
      j.field("ok", t.ok);
      if (!t.version.empty()) j.field("version", t.version);
      if (!t.cipher.empty()) {
        j.field("cipher", t.cipher);
        j.field("cipher_iana", t.cipher_iana);
      }
      if (!t.group.empty()) j.field("group", t.group);
      if (!t.server_name.empty()) j.field("server_name", t.server_name);
      j.begin_array("chain");
      for (const data::TlsCertificate& c : t.chain) {
        JsonLine& o = j;  // the members of a nested object are `o`'s (docs/trace-format.md lists j's)
        o.begin_object();
        o.field("subject", c.subject);
        o.field("issuer", c.issuer);
        o.field("not_before", c.not_before);
        o.field("not_after", c.not_after);
        o.strings("dns_names", c.dns_names);
        o.field("sha256", c.sha256);
        o.end_object();
      }
      j.end_array();
      j.field("verified", t.verified);
      if (!t.verify_error.empty()) j.field("verify_error", t.verify_error);
      if (!t.failure.empty()) j.field("failure", t.failure);
      text(j, t.text);
      break;
    }
    case Kind::Tampered: {
      const auto& t = e.as<data::Tampered>();
      j.field("attack", t.attack);
      // Exact bytes both ways (they may hold a bare CR or LF), and the lines changed as text.
      j.field("original", base64(t.original));
      j.field("changed", base64(t.changed));
      j.begin_array("lines");
      for (const data::TamperedLine& l : t.lines) {
        JsonLine& o = j;  // a nested object's members, as in the chain above
        o.begin_object();
        o.field("before", l.before);
        if (l.dropped) o.field("dropped", true);
        else o.field("after", l.after);
        o.end_object();
      }
      j.end_array();
      text(j, t.text);
      break;
    }
  }
}

}  // namespace

std::string header_line() { return R"({"format":"mailsim-trace","version":2})"; }

std::string to_json_line(const Event& e) {
  std::string line;
  append_json_line(line, e);
  return line;
}

void append_json_line(std::string& out, const Event& e) {
  // Keys in this order: the order is part of the format (docs/trace-format.md).
  JsonLine j(out);
  j.field("seq", e.seq);
  j.field("t", e.time);
  j.field("kind", to_string(e.kind));
  if (!e.host.empty()) j.field("host", e.host);
  if (!e.peer.empty()) j.field("peer", e.peer);
  if (e.port) j.field("port", e.port);
  if (e.client_port) j.field("client_port", e.client_port);
  if (e.conn) j.field("conn", e.conn);
  if (!e.protocol.empty()) j.field("proto", e.protocol);
  if (e.dir != Direction::None) j.field("dir", e.dir == Direction::ClientToServer ? "c2s" : "s2c");
  if (e.arrive) j.field("arrive", e.arrive);
  if (!e.path.empty()) {
    j.begin_array("path");
    for (const HopAt h : e.path) {
      j.begin_array();
      j.value(h.host);
      j.value(h.at);
      j.end_array();
    }
    j.end_array();
  }
  if (!e.queue_id.empty()) j.field("queue_id", e.queue_id);
  if (!e.message_id.empty()) j.field("message_id", e.message_id);
  if (!e.message.empty()) j.field("message", e.message);
  payload(j, e);
  j.finish();
}

void write_jsonl(const Trace& trace, std::ostream& out) {
  out << header_line() << '\n';
  // A few hundred lines at a time: one write per chunk, not two per event.
  std::string chunk;
  for (const Event& e : trace.events()) {
    append_json_line(chunk, e);
    chunk += '\n';
    if (chunk.size() >= (64 << 10)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
}

}  // namespace mailsim::trace
