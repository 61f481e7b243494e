// Term by term, as RFC 7208 §5 and §6 spell each one:
//
//   all      = "all"                  include = "include" ":" domain-spec
//   a        = "a"   [ ":" domain-spec ] [ dual-cidr-length ]
//   mx       = "mx"  [ ":" domain-spec ] [ dual-cidr-length ]
//   ptr      = "ptr" [ ":" domain-spec ]
//   ip4      = "ip4" ":" ip4-network [ ip4-cidr-length ]
//   ip6      = "ip6" ":" ip6-network [ ip6-cidr-length ]
//   exists   = "exists" ":" domain-spec
//   redirect = "redirect" "=" domain-spec      explanation = "exp" "=" domain-spec
//   unknown-modifier = name "=" macro-string   name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
//   dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
//   ip4-cidr-length  = "/" ( "0" / %x31-39 0*1DIGIT )   ip6-cidr-length = "/" ( "0" / %x31-39 0*2DIGIT )
//
// A domain-spec may itself hold '/' and ':' ("a:foo:bar/baz.example.com" is legal), so CIDR lengths
// are taken from the end of the term, and only when what follows the last '/' is all digits.
// Names of mechanisms and modifiers are case-insensitive; a known modifier name is never an unknown
// modifier, so "redirect=-all" is an error rather than ignored (the test suite's reading, RFC 7208
// errata).
#include "sim/proto/spf/record.hpp"

#include <cctype>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::spf {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string shown(std::string_view s) { return "'" + std::string(s) + "'"; }

// If `s` ends in "/" 1*DIGIT (or "//" 1*DIGIT when `twice`), cuts that off and returns the digits.
std::optional<std::string_view> take_cidr(std::string_view& s, bool twice) {
  const std::size_t slash = s.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view digits = s.substr(slash + 1);
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
  }
  if (twice) {
    if (slash == 0 || s[slash - 1] != '/') return std::nullopt;
    s = s.substr(0, slash - 1);
  } else {
    s = s.substr(0, slash);
  }
  return digits;
}

bool cidr_value(std::string_view digits, unsigned max, unsigned& out, const std::string& term, std::string& error) {
  if (digits.size() > 1 && digits[0] == '0') {
    error = shown(term) + ": a CIDR length is written without leading zeros";
    return false;
  }
  unsigned v = 0;
  for (char c : digits) {
    v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > max) break;
  }
  if (v > max) {
    error = shown(term) + ": the CIDR length /" + std::string(digits) + " is longer than " + std::to_string(max);
    return false;
  }
  out = v;
  return true;
}

// ip4-network = qnum "." qnum "." qnum "." qnum, a qnum being 0-255 without leading zeros (§5.6).
std::optional<dns::Address> ip4_network(std::string_view s) {
  std::size_t start = 0;
  for (int part = 0; part < 4; ++part) {
    std::size_t end = start;
    while (end < s.size() && is_digit(s[end])) ++end;
    if (end == start || (end - start > 1 && s[start] == '0')) return std::nullopt;
    if (part < 3 && (end >= s.size() || s[end] != '.')) return std::nullopt;
    start = end + 1;
  }
  return dns::parse_ipv4(s);
}

bool parse_domain(std::string_view spec, Directive& d, std::string& error) {
  std::string why;
  auto m = parse_macro_string(spec, MacroSyntax::DomainSpec, why);
  if (!m) {
    error = shown(d.text) + ": " + why;
    return false;
  }
  d.domain = std::move(*m);
  return true;
}

// [ ":" domain-spec ] [ dual-cidr-length ] after "a" or "mx".
bool parse_a_or_mx(std::string_view rest, Directive& d, std::string& error) {
  if (rest.empty()) return true;
  if (rest[0] != ':' && rest[0] != '/') {
    error = shown(d.text) + " is not a mechanism";
    return false;
  }
  std::string_view spec = rest[0] == ':' ? rest.substr(1) : rest;
  const auto six = take_cidr(spec, true);
  const auto four = take_cidr(spec, false);
  if (four && !cidr_value(*four, 32, d.cidr4, d.text, error)) return false;
  if (six && !cidr_value(*six, 128, d.cidr6, d.text, error)) return false;
  if (rest[0] == '/') {
    if (!spec.empty()) {
      error = shown(d.text) + ": after '" + std::string(to_string(d.mechanism)) +
              "' comes ':' and a domain, or CIDR lengths like /24//64";
      return false;
    }
    return true;
  }
  return parse_domain(spec, d, error);
}

bool parse_ip(std::string_view rest, Directive& d, std::string& error) {
  const bool v4 = d.mechanism == Mechanism::Ip4;
  if (rest.empty() || rest[0] != ':') {
    error = shown(d.text) + ": " + (v4 ? "ip4" : "ip6") + " needs ':' and a network, like " +
            (v4 ? "ip4:192.0.2.0/24" : "ip6:2001:db8::/32");
    return false;
  }
  std::string_view net = rest.substr(1);
  if (const auto len = take_cidr(net, false)) {
    if (!cidr_value(*len, v4 ? 32 : 128, v4 ? d.cidr4 : d.cidr6, d.text, error)) return false;
  }
  const auto a = v4 ? ip4_network(net) : dns::parse_ipv6(net);
  if (!a) {
    error = shown(d.text) + ": " + shown(net) + " is not an " + (v4 ? "IPv4" : "IPv6") + " network";
    return false;
  }
  d.network = *a;
  return true;
}

bool parse_directive(std::string_view term, Record& r, std::string& error) {
  Directive d;
  d.text = std::string(term);
  std::string_view rest = term;
  if (!rest.empty() && std::string_view("+-?~").find(rest[0]) != std::string_view::npos) {
    d.qualifier = static_cast<Qualifier>(rest[0]);
    rest.remove_prefix(1);
  }
  std::size_t n = 0;
  while (n < rest.size() && std::isalnum(static_cast<unsigned char>(rest[n]))) ++n;
  const std::string name = proto::to_lower(rest.substr(0, n));
  rest.remove_prefix(n);
  static constexpr Mechanism kAll[] = {Mechanism::All, Mechanism::Include, Mechanism::A,   Mechanism::Mx,
                                       Mechanism::Ptr, Mechanism::Ip4,     Mechanism::Ip6, Mechanism::Exists};
  bool known = false;
  for (Mechanism m : kAll) {
    if (name == to_string(m)) {
      d.mechanism = m;
      known = true;
    }
  }
  if (!known) {
    error = shown(term) + " is not a mechanism (all, include, a, mx, ptr, ip4, ip6, exists) or a modifier (name=value)";
    return false;
  }
  switch (d.mechanism) {
    case Mechanism::All:
      if (!rest.empty()) {
        error = shown(term) + ": 'all' takes no argument";
        return false;
      }
      break;
    case Mechanism::Include:
    case Mechanism::Exists:
      if (rest.empty() || rest[0] != ':') {
        error = shown(term) + ": '" + name + "' needs ':' and a domain";
        return false;
      }
      if (!parse_domain(rest.substr(1), d, error)) return false;
      break;
    case Mechanism::Ptr:
      if (!rest.empty() && rest[0] != ':') {
        error = shown(term) + ": 'ptr' takes only ':' and a domain";
        return false;
      }
      if (!rest.empty() && !parse_domain(rest.substr(1), d, error)) return false;
      break;
    case Mechanism::A:
    case Mechanism::Mx:
      if (!parse_a_or_mx(rest, d, error)) return false;
      break;
    case Mechanism::Ip4:
    case Mechanism::Ip6:
      if (!parse_ip(rest, d, error)) return false;
      break;
  }
  r.directives.push_back(std::move(d));
  return true;
}

bool parse_modifier(std::string_view name, std::string_view value, std::string_view term, Record& r,
                    std::string& error) {
  const bool redirect = proto::iequals(name, "redirect");
  if (redirect || proto::iequals(name, "exp")) {
    std::optional<MacroString>& slot = redirect ? r.redirect : r.exp;
    if (slot) {
      error = shown(term) + ": '" + std::string(redirect ? "redirect" : "exp") + "' may appear only once";
      return false;
    }
    std::string why;
    slot = parse_macro_string(value, MacroSyntax::DomainSpec, why);
    if (!slot) error = shown(term) + ": " + why;
    return slot.has_value();
  }
  std::string why;
  if (!parse_macro_string(value, MacroSyntax::ModifierValue, why)) {
    error = shown(term) + ": " + why;
    return false;
  }
  r.unknown_modifiers.emplace_back(term);
  return true;
}

bool parse_term(std::string_view term, Record& r, std::string& error) {
  std::size_t n = 0;
  if (!term.empty() && is_alpha(term[0])) {
    n = 1;
    while (n < term.size() && (std::isalnum(static_cast<unsigned char>(term[n])) || term[n] == '-' ||
                               term[n] == '_' || term[n] == '.')) {
      ++n;
    }
  }
  if (n > 0 && n < term.size() && term[n] == '=') return parse_modifier(term.substr(0, n), term.substr(n + 1), term, r, error);
  return parse_directive(term, r, error);
}

}  // namespace

std::string_view to_string(Mechanism m) {
  switch (m) {
    case Mechanism::All: return "all";
    case Mechanism::Include: return "include";
    case Mechanism::A: return "a";
    case Mechanism::Mx: return "mx";
    case Mechanism::Ptr: return "ptr";
    case Mechanism::Ip4: return "ip4";
    case Mechanism::Ip6: return "ip6";
    case Mechanism::Exists: return "exists";
  }
  return "all";
}

bool Directive::queries_dns() const {
  switch (mechanism) {
    case Mechanism::Include:
    case Mechanism::A:
    case Mechanism::Mx:
    case Mechanism::Ptr:
    case Mechanism::Exists: return true;
    case Mechanism::All:
    case Mechanism::Ip4:
    case Mechanism::Ip6: return false;
  }
  return false;
}

bool is_spf_record(std::string_view txt) {
  return proto::istarts_with(txt, "v=spf1") && (txt.size() == 6 || txt[6] == ' ');
}

std::optional<Record> parse_record(std::string_view text, std::string& error) {
  if (!is_spf_record(text)) {
    error = shown(text) + " does not start with 'v=spf1'";
    return std::nullopt;
  }
  Record r;
  r.text = std::string(text);
  // Terms are separated by spaces and nothing else (§4.6.1): a tab or a line break stays inside a
  // term, where it is an error.
  std::size_t pos = 6;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (!parse_term(text.substr(pos, end - pos), r, error)) return std::nullopt;
    pos = end;
  }
  return r;
}

}  // namespace mailsim::spf
