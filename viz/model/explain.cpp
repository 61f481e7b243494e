#include "viz/model/explain.hpp"

#include <cctype>
#include <cstring>

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

// The first word of `s` (up to a space, or ':' for "MAIL FROM:<...>" written without a space).
std::string_view word(std::string_view s, std::size_t n = 0) {
  std::size_t pos = 0;
  for (std::size_t i = 0;; ++i) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    std::size_t end = pos;
    while (end < s.size() && s[end] != ' ') ++end;
    if (i == n) return s.substr(pos, end - pos);
    if (end >= s.size()) return {};
    pos = end;
  }
}

bool is_smtp(std::string_view protocol) { return protocol == "smtp" || protocol == "submission"; }

int reply_code(std::string_view text) {
  if (text.size() < 3) return 0;
  for (int i = 0; i < 3; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return 0;
  if (text.size() > 3 && text[3] != ' ' && text[3] != '-') return 0;
  return (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
}

// "250 2.1.5 Ok" -> "2.1.5" (only when its class matches the reply's).
const Explanation* enhanced_of(std::string_view text) {
  if (text.size() < 9) return nullptr;
  std::string_view code = word(text.substr(4));
  int dots = 0;
  for (char c : code) {
    if (c == '.') ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return nullptr;
  }
  if (dots != 2 || code.empty() || code[0] != text[0]) return nullptr;
  return explain_enhanced_status(code);
}

LineExplanation explain_smtp(trace::Direction dir, trace::Payload payload, std::string_view text, LineContext ctx) {
  if (payload == trace::Payload::Content) return {};
  if (dir == trace::Direction::ClientToServer) {
    std::string_view verb = word(text);
    if (auto colon = verb.find(':'); colon != std::string_view::npos) verb = verb.substr(0, colon);
    return {explain_smtp_command(verb), nullptr};
  }
  const int code = reply_code(text);
  if (code == 0) return {};
  if (ctx.continuation) {  // "250-PIPELINING": an extension the server offers
    std::string_view keyword = word(text.substr(4));
    if (auto eq = keyword.find('='); eq != std::string_view::npos) keyword = keyword.substr(0, eq);
    return {explain_ehlo_keyword(keyword), nullptr};
  }
  return {explain_smtp_reply(code), enhanced_of(text)};
}

LineExplanation explain_pop3(trace::Direction dir, trace::Payload payload, std::string_view text, LineContext ctx) {
  if (payload == trace::Payload::Content) return {};
  if (dir == trace::Direction::ClientToServer) return {explain_pop3_command(word(text)), nullptr};
  if (text == ".") return {explain_pop3_reply("."), nullptr};
  const std::string_view status = word(text);
  if (status == "+OK" && ctx.first_server_line) return {find(tables::pop3, "greeting"), nullptr};
  if (status == "+OK" || status == "-ERR") return {explain_pop3_reply(status), nullptr};
  return {};
}

LineExplanation explain_imap(trace::Direction dir, trace::Payload payload, std::string_view text, LineContext ctx) {
  if (payload == trace::Payload::Content) return {};
  if (dir == trace::Direction::ClientToServer) {
    if (iequals(word(text), "DONE")) return {explain_imap_command("DONE"), nullptr};
    std::string_view verb = word(text, 1);  // after the tag
    if (iequals(verb, "UID")) {
      const std::string_view sub = word(text, 2);
      const std::size_t start = static_cast<std::size_t>(verb.data() - text.data());
      const std::size_t end = static_cast<std::size_t>(sub.data() - text.data()) + sub.size();
      if (const auto* e = explain_imap_command(text.substr(start, end - start))) return {e, nullptr};
    }
    return {explain_imap_command(verb), nullptr};
  }
  const std::string_view first = word(text);
  if (first == "+") return {explain_imap_response("+"), nullptr};
  std::string_view what = word(text, 1);
  if (first == "*" && !what.empty() && std::isdigit(static_cast<unsigned char>(what[0]))) what = word(text, 2);
  if (first == "*" && ctx.first_server_line && iequals(what, "OK")) return {explain_imap_response("greeting"), nullptr};
  return {explain_imap_response(what), nullptr};
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

const Explanation* explain_dns(std::string_view summary) {
  // "query id=7 MX school.example" / "response id=7 NOERROR MX school.example: 10 mx1..."
  const std::string_view kind = word(summary);
  if (kind == "query") {
    const std::string key = "query " + std::string(word(summary, 2));
    if (const auto* e = find(tables::dns, key)) return e;
    return find(tables::dns, "query");
  }
  if (kind == "response") {
    const std::string_view rcode = word(summary, 2);
    if (rcode == "NOERROR" && summary.find("(no records)") != std::string_view::npos) return find(tables::dns, "NODATA");
    return find(tables::dns, rcode);
  }
  return nullptr;
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
    default: return nullptr;
  }
}

LineExplanation explain_line(std::string_view protocol, trace::Direction dir, trace::Payload payload,
                             std::string_view text, LineContext ctx) {
  if (is_smtp(protocol)) return explain_smtp(dir, payload, text, ctx);
  if (protocol == "pop3") return explain_pop3(dir, payload, text, ctx);
  if (protocol == "imap") return explain_imap(dir, payload, text, ctx);
  if (protocol == "dns") return {explain_dns(text), nullptr};
  return {};
}

}  // namespace mailsim::viz
