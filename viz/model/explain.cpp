#include "viz/model/explain.hpp"

#include <cctype>
#include <cstring>

#include "sim/proto/dns/message.hpp"
#include "viz/model/explain_table.hpp"

namespace mailsim::viz {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

const Explanation* find(std::span<const Explanation> table, std::string_view key) {
  for (const auto& e : table)
    if (iequals(e.key, key)) return &e;
  return nullptr;
}

bool is_smtp(std::string_view protocol) { return protocol == "smtp" || protocol == "submission"; }

using trace::LineFacts;

LineExplanation explain_smtp(trace::Direction dir, const LineFacts& f, LineContext ctx) {
  if (dir == trace::Direction::ClientToServer) return {explain_smtp_command(f.keyword), nullptr};
  if (f.code == 0) return {};
  if (ctx.continuation) return {explain_ehlo_keyword(f.keyword), nullptr};  // "250-PIPELINING": an extension
  return {explain_smtp_reply(f.code), f.enhanced.empty() ? nullptr : explain_enhanced_status(f.enhanced)};
}

LineExplanation explain_pop3(trace::Direction dir, const LineFacts& f, LineContext ctx) {
  if (dir == trace::Direction::ClientToServer) return {explain_pop3_command(f.keyword), nullptr};
  if (f.keyword == "+OK" && ctx.first_server_line) return {find(tables::pop3, "greeting"), nullptr};
  return {explain_pop3_reply(f.keyword), nullptr};
}

LineExplanation explain_imap(trace::Direction dir, const LineFacts& f, LineContext ctx) {
  if (dir == trace::Direction::ClientToServer) {
    // "UID FETCH" has its own explanation; without one, UID's explains it.
    if (const auto* e = explain_imap_command(f.keyword)) return {e, nullptr};
    if (f.keyword.starts_with("UID ")) return {explain_imap_command("UID"), nullptr};
    return {};
  }
  if (f.tag.empty() && f.keyword == "OK" && ctx.first_server_line) return {explain_imap_response("greeting"), nullptr};
  return {explain_imap_response(f.keyword), nullptr};
}

}  // namespace

const char* text(const Explanation& e, Lang lang) { return lang == Lang::Ja ? e.ja : e.en; }

std::string format_explanation(const Explanation& e, Lang lang) {
  std::string out = e.title;
  out += " — ";
  out += text(e, lang);
  out += " (";
  out += e.ref;
  out += ")";
  return out;
}

const Explanation* explain_smtp_command(std::string_view verb) { return find(tables::smtp_commands, verb); }

const Explanation* explain_smtp_reply(int code) {
  if (code < 200 || code > 599) return nullptr;
  const std::string exact = std::to_string(code);
  if (const auto* e = find(tables::smtp_replies, exact)) return e;
  return find(tables::smtp_replies, std::string(1, exact[0]) + "xx");
}

const Explanation* explain_ehlo_keyword(std::string_view keyword) { return find(tables::ehlo_keywords, keyword); }

const Explanation* explain_tls_verify_error(std::string_view error) { return find(tables::tls_verify, error); }

const Explanation* explain_enhanced_status(std::string_view code) {
  if (const auto* e = find(tables::enhanced_status, code)) return e;
  if (code.empty()) return nullptr;
  return find(tables::enhanced_status, std::string(1, code[0]) + ".x.x");
}

const Explanation* explain_pop3_command(std::string_view verb) {
  if (verb == "+OK" || verb == "-ERR" || verb == "." || iequals(verb, "greeting")) return nullptr;
  return find(tables::pop3, verb);
}

const Explanation* explain_pop3_reply(std::string_view status) {
  if (status != "+OK" && status != "-ERR" && status != ".") return nullptr;
  return find(tables::pop3, status);
}

const Explanation* explain_imap_command(std::string_view verb) { return find(tables::imap_commands, verb); }

const Explanation* explain_imap_response(std::string_view word) { return find(tables::imap_responses, word); }

const Explanation* explain_dns(std::string_view wire) {
  const auto m = dns::Message::decode(wire);
  if (!m) return nullptr;
  if (!m->response) {
    if (!m->questions.empty())
      if (const auto* e = find(tables::dns, "query " + dns::to_string(m->questions.front().type))) return e;
    return find(tables::dns, "query");
  }
  // A name that exists but has no record of the type asked for (RFC 2308 §2.2: NODATA).
  if (m->rcode == dns::Rcode::NoError && m->answers.empty()) return find(tables::dns, "NODATA");
  return find(tables::dns, dns::to_string(m->rcode));
}

const Explanation* explain_tls(std::string_view message) {
  if (const Explanation* e = find(tables::tls, message)) return e;
  return message.starts_with("Alert ") ? find(tables::tls, "Alert") : nullptr;
}

const Explanation* explain_tcp(trace::Kind kind) {
  switch (kind) {
    case trace::Kind::Connect: return find(tables::tcp, "connect");
    case trace::Kind::Accepted: return find(tables::tcp, "accepted");
    case trace::Kind::Refused: return find(tables::tcp, "refused");
    case trace::Kind::TimedOut: return find(tables::tcp, "timeout");
    case trace::Kind::Close: return find(tables::tcp, "close");
    case trace::Kind::Reset: return find(tables::tcp, "reset");
    case trace::Kind::DnsTimeout: return find(tables::dns, "timeout");
    // Lines are explained by explain_line, datagrams by explain_dns; the rest has no packet.
    case trace::Kind::HostState:
    case trace::Kind::LinkState:
    case trace::Kind::ServiceState:
    case trace::Kind::Segment:
    case trace::Kind::Datagram:
    case trace::Kind::Queue:
    case trace::Kind::Delivery:
    case trace::Kind::Bounce:
    case trace::Kind::Submit:
    case trace::Kind::Fetch:
    case trace::Kind::Failure:
    case trace::Kind::Caption:
    case trace::Kind::Note:
    case trace::Kind::Step:
    case trace::Kind::Auth:
    case trace::Kind::Captured:
    case trace::Kind::TlsRecord:
    case trace::Kind::Tls:
    case trace::Kind::Tampered:
      return nullptr;
  }
  return nullptr;
}

LineExplanation explain_line(std::string_view protocol, trace::Direction dir, const trace::data::Segment& line,
                             LineContext ctx) {
  if (line.what != trace::Payload::Command && line.what != trace::Payload::Reply) return {};
  if (is_smtp(protocol)) return explain_smtp(dir, line.facts, ctx);
  if (protocol == "pop3") return explain_pop3(dir, line.facts, ctx);
  if (protocol == "imap") return explain_imap(dir, line.facts, ctx);
  return {};
}

}  // namespace mailsim::viz
