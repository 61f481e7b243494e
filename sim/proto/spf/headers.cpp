#include "sim/proto/spf/headers.hpp"

#include <cctype>

namespace mailsim::spf {

namespace {

// RFC 5322 §3.2.3 atext.
bool is_atext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_dot_atom(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' ? s[i + 1] == '.' : !is_atext(s[i])) return false;
  }
  return true;
}

std::string quoted_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    // A header field holds no line breaks or other controls; they become spaces.
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
  }
  return out + "\"";
}

// key-value-pair = key [CFWS] "=" ( dot-atom / quoted-string ) (RFC 7208 §9.1).
std::string value(std::string_view s) { return is_dot_atom(s) ? std::string(s) : quoted_string(s); }

// pvalue = value / [ [ local-part ] "@" ] domain-name (RFC 8601 §2.2): an address goes unquoted.
std::string pvalue(std::string_view s) {
  const std::size_t at = s.rfind('@');
  if (at != std::string_view::npos && (at == 0 || is_dot_atom(s.substr(0, at))) && is_dot_atom(s.substr(at + 1))) {
    return std::string(s);
  }
  return value(s);
}

// Inside a comment, parentheses and backslashes are quoted-pairs (RFC 5322 §3.2.2).
std::string comment(std::string_view s) {
  std::string out = "(";
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
  }
  return out + ")";
}

}  // namespace

std::string result_comment(const Evaluator& e) {
  const Request& r = e.request();
  const std::string who = r.identity == Identity::Helo ? r.helo : r.sender;
  const std::string ip = dns::to_string(r.ip);
  switch (e.result()) {
    case Result::Pass: return "domain of " + who + " designates " + ip + " as permitted sender";
    case Result::Fail: return "domain of " + who + " does not designate " + ip + " as permitted sender";
    case Result::SoftFail: return "domain of transitioning " + who + " does not designate " + ip + " as permitted sender";
    case Result::Neutral: return ip + " is neither permitted nor denied by domain of " + who;
    case Result::None: return "domain of " + who + " does not designate permitted sender hosts";
    case Result::TempError: return "temporary error in processing during lookup of " + who;
    case Result::PermError: return "permanent error in processing domain of " + who;
  }
  return {};
}

std::string received_spf(const Evaluator& e, std::string_view receiver) {
  const Request& r = e.request();
  std::string out = std::string(to_string(e.result())) + " " + comment(std::string(receiver) + ": " + result_comment(e));
  out += " receiver=" + value(receiver);
  out += "; client-ip=" + value(dns::to_string(r.ip));
  if (r.identity == Identity::MailFrom) out += "; envelope-from=" + value(r.envelope_from.empty() ? "<>" : r.envelope_from);
  out += "; helo=" + value(r.helo);
  out += std::string("; identity=") + (r.identity == Identity::Helo ? "helo" : "mailfrom");
  if (!e.mechanism().empty()) out += "; mechanism=" + value(e.mechanism());
  if (e.result() == Result::TempError || e.result() == Result::PermError) out += "; problem=" + value(e.problem());
  return out + ";";
}

std::string authentication_results_spf(const Evaluator& e) {
  const Request& r = e.request();
  std::string out = "spf=" + std::string(to_string(e.result()));
  if (e.result() == Result::TempError || e.result() == Result::PermError) {
    out += " reason=" + quoted_string(e.problem());
  }
  out += " " + comment(result_comment(e));
  // RFC 8601 §2.7.2: the identity checked, as a property of the smtp ptype.
  if (r.identity == Identity::Helo) out += " smtp.helo=" + pvalue(r.helo);
  else out += " smtp.mailfrom=" + pvalue(r.sender);
  return out;
}

}  // namespace mailsim::spf
