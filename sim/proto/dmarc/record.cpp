#include "sim/proto/dmarc/record.hpp"

#include <algorithm>
#include <charconv>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::dmarc {

namespace {

std::optional<Policy> policy_of(std::string_view s) {
  if (proto::iequals(s, "none")) return Policy::None;
  if (proto::iequals(s, "quarantine")) return Policy::Quarantine;
  if (proto::iequals(s, "reject")) return Policy::Reject;
  return std::nullopt;
}

std::optional<Alignment> alignment_of(std::string_view s) {
  if (proto::iequals(s, "r")) return Alignment::Relaxed;
  if (proto::iequals(s, "s")) return Alignment::Strict;
  return std::nullopt;
}

template <class Int>
std::optional<Int> number(std::string_view s, Int max) {
  if (s.empty() || s.size() > 10 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v > max) return std::nullopt;
  return static_cast<Int>(v);
}

// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ] (§6.4); a URI here is scheme ":" rest.
bool is_dmarc_uri(std::string_view u) {
  const std::size_t colon = u.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == u.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(u.front()))) return false;
  return std::all_of(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

}  // namespace

std::string_view to_string(Policy p) {
  switch (p) {
    case Policy::None: return "none";
    case Policy::Quarantine: return "quarantine";
    case Policy::Reject: return "reject";
  }
  return "none";
}

std::string_view to_string(Alignment a) {
  return a == Alignment::Relaxed ? "r" : "s";
}

Policy Record::policy_for(bool subdomain) const {
  return subdomain && subdomain_policy ? *subdomain_policy : policy;
}

bool is_dmarc_record(std::string_view text) {
  std::string_view t = proto::trim(text);
  if (!t.starts_with('v')) return false;
  t = proto::trim(t.substr(1));
  if (!t.starts_with('=')) return false;
  t = proto::trim(t.substr(1));
  if (!t.starts_with("DMARC1")) return false;
  t.remove_prefix(6);
  return t.empty() || t.front() == ';' || t.front() == ' ' || t.front() == '\t';
}

Parsed<Record> parse_record(std::string_view text) {
  using R = Parsed<Record>;
  if (!is_dmarc_record(text)) return R::fail("not a DMARC record (it must start with v=DMARC1)");
  auto list = dkim::parse_tag_list(text);
  if (!list) return R::fail(list.error);
  Record r;
  r.tags = *list;
  auto warn = [&](const dkim::Tag& t, std::string_view why, std::string_view fallback) {
    r.warnings.push_back(t.name + "=" + t.value + " " + std::string(why) + ": " + std::string(fallback) + " is used");
  };
  for (const char* name : {"rua", "ruf"}) {
    const dkim::Tag* t = list->find(name);
    if (!t) continue;
    auto& into = std::string_view(name) == "rua" ? r.rua : r.ruf;
    for (const std::string& uri : dkim::split_list(t->value, ',')) {
      if (is_dmarc_uri(uri)) into.push_back(uri);
      else r.warnings.push_back(std::string(name) + "=: " + uri + " is not a URI and is skipped");
    }
  }
  // §6.6.3: a missing or invalid p=, or an invalid sp=, leaves p=none if reports are wanted.
  const dkim::Tag* p = list->find("p");
  const dkim::Tag* sp = list->find("sp");
  const std::optional<Policy> policy = p ? policy_of(p->value) : std::nullopt;
  const std::optional<Policy> sub = sp ? policy_of(sp->value) : std::nullopt;
  if (!policy || (sp && !sub)) {
    const std::string why = !p ? "no p=" : !policy ? "p=" + p->value + " is not none, quarantine or reject"
                                                   : "sp=" + sp->value + " is not none, quarantine or reject";
    if (r.rua.empty()) return R::fail(why + ", and no rua=");
    r.warnings.push_back(why + ": the record acts as p=none, for its rua=");
    r.policy = Policy::None;
  } else {
    r.policy = *policy;
    r.subdomain_policy = sub;
  }
  if (const dkim::Tag* t = list->find("pct")) {
    if (auto v = number<unsigned>(t->value, 100)) r.pct = *v;
    else warn(*t, "is not 0-100", "100");
  }
  for (auto [name, into] : {std::pair{"adkim", &r.adkim}, {"aspf", &r.aspf}}) {
    const dkim::Tag* t = list->find(name);
    if (!t) continue;
    if (auto a = alignment_of(t->value)) *into = *a;
    else warn(*t, "is not r or s", "r");
  }
  if (const dkim::Tag* t = list->find("fo")) {
    const auto options = dkim::split_list(t->value, ':');
    const bool ok = std::all_of(options.begin(), options.end(), [](const std::string& o) {
      return o == "0" || o == "1" || proto::iequals(o, "d") || proto::iequals(o, "s");
    });
    if (ok) r.fo = t->value;
    else warn(*t, "is not a list of 0, 1, d, s", "0");
  }
  if (const dkim::Tag* t = list->find("rf")) {
    const auto formats = dkim::split_list(t->value, ':');
    if (std::any_of(formats.begin(), formats.end(), [](const std::string& f) { return proto::iequals(f, "afrf"); })) r.rf = t->value;
    else warn(*t, "names no known report format", "afrf");
  }
  if (const dkim::Tag* t = list->find("ri")) {
    if (auto v = number<std::uint32_t>(t->value, 0xFFFFFFFFu)) r.ri = *v;
    else warn(*t, "is not a number of seconds", "86400");
  }
  return R::ok(std::move(r));
}

}  // namespace mailsim::dmarc
