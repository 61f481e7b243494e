#include "sim/proto/dmarc/auth_results.hpp"

#include <algorithm>

namespace mailsim::dmarc {

namespace {

// RFC 2045 §5.1's token: no SP, CTLs or tspecials.
bool is_token(std::string_view s) {
  static constexpr std::string_view kSpecials = "()<>@,;:\\\"/[]?= ";
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 32 && u < 127 && kSpecials.find(c) == std::string_view::npos;
  });
}

// pvalue also allows [local-part] "@" domain-name unquoted (RFC 8601 §2.2).
bool is_address_form(std::string_view s) {
  const std::size_t at = s.rfind('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  auto domain_ok = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
    });
  };
  return domain_ok(domain) && (local.empty() || is_token(local));
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') continue;  // never a line break inside a field value
    out += c;
  }
  return out + "\"";
}

std::string pvalue(std::string_view s) {
  return is_token(s) || is_address_form(s) ? std::string(s) : quoted(s);
}

}  // namespace

std::vector<ResInfo> dkim_resinfo(const std::vector<dkim::SignatureCheck>& checks) {
  if (checks.empty()) return {ResInfo{"dkim", "none", "", "", {}}};
  std::vector<ResInfo> out;
  for (const dkim::SignatureCheck& c : checks) {
    ResInfo r;
    r.method = "dkim";
    r.result = std::string(dkim::to_string(c.result));
    if (c.result != dkim::Result::Pass) r.reason = c.detail;
    if (c.testing) r.comment = "key in testing mode";
    if (c.signature) {
      r.properties.emplace_back("header.d", c.signature->domain);
      r.properties.emplace_back("header.i", c.signature->identity);
      r.properties.emplace_back("header.s", c.signature->selector);
      r.properties.emplace_back("header.b", c.signature->b64.substr(0, 8));
    }
    out.push_back(std::move(r));
  }
  return out;
}

ResInfo dmarc_resinfo(const Evaluation& e) {
  ResInfo r;
  r.method = "dmarc";
  r.result = std::string(to_string(e.result));
  if (e.record) {
    r.comment = "p=" + std::string(to_string(e.record->policy));
    if (e.record->subdomain_policy) r.comment += " sp=" + std::string(to_string(*e.record->subdomain_policy));
    r.comment += " dis=" + std::string(to_string(e.disposition));
  }
  if (!e.from_domain.empty()) r.properties.emplace_back("header.from", e.from_domain);
  return r;
}

std::string authentication_results(std::string_view authserv_id, const std::vector<ResInfo>& results) {
  std::string out(authserv_id);
  if (results.empty()) return out + "; none";
  // Each resinfo starts a line; a line that would pass 78 octets goes on at a space, where CFWS
  // is allowed between a resinfo's parts. The first line also holds "Authentication-Results: ".
  std::size_t column = std::string_view("Authentication-Results: ").size() + out.size();
  for (const ResInfo& r : results) {
    std::vector<std::string> parts{r.method + "=" + r.result};
    if (!r.comment.empty()) {
      std::string comment;
      for (char c : r.comment) {
        if (c == '(' || c == ')' || c == '\\') comment += '\\';  // a comment's own quoted-pair
        if (c != '\r' && c != '\n') comment += c;
      }
      parts.push_back("(" + comment + ")");
    }
    if (!r.reason.empty()) parts.push_back("reason=" + pvalue(r.reason));
    for (const auto& [name, value] : r.properties) parts.push_back(name + "=" + pvalue(value));
    out += ";";
    ++column;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (i == 0 || column + 1 + parts[i].size() > 78) {
        out += "\r\n\t";
        column = 1;
      } else {
        out += ' ';
        ++column;
      }
      out += parts[i];
      column += parts[i].size();
    }
  }
  return out;
}

}  // namespace mailsim::dmarc
