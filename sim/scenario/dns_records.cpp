// The "dns" list: the records every DNS host of the lesson serves.
#include <algorithm>
#include <cctype>

#include "sim/proto/dns/address.hpp"
#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

// Local table rather than dns::type_from_string so the loader accepts exactly the types the lessons
// teach, and says which ones those are.
std::optional<dns::Type> record_type(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (name == "A") return dns::Type::A;
  if (name == "AAAA") return dns::Type::AAAA;
  if (name == "MX") return dns::Type::MX;
  if (name == "CNAME") return dns::Type::CNAME;
  if (name == "TXT") return dns::Type::TXT;
  if (name == "PTR") return dns::Type::PTR;
  return std::nullopt;
}

}  // namespace

dns::Record parse_record(const Node& n, bool name_and_type_only) {
  if (name_and_type_only) n.check_object({"name", "type"});
  else n.check_object({"name", "type", "preference", "data", "ttl"});
  dns::Record r;
  r.name = n["name"].dns_name();
  const Node type = n["type"];
  const std::string type_name = type.string();
  const auto t = record_type(type_name);
  if (!t) type.fail(in_quotes(type_name) + " is not a record type the simulator serves (A, AAAA, MX, CNAME, TXT, PTR)");
  r.type = *t;
  if (name_and_type_only) return r;

  const Node data = n["data"];
  switch (r.type) {
    case dns::Type::A: r.data = data.ipv4(); break;
    case dns::Type::AAAA: {
      const std::string text = data.string();
      const auto a = dns::parse_ipv6(text);
      if (!a) data.fail(in_quotes(text) + " is not an IPv6 address");
      r.data = dns::to_string(*a);  // the RFC 5952 spelling, as the wire gives it back
      break;
    }
    case dns::Type::MX:
    case dns::Type::CNAME:
    case dns::Type::PTR: r.data = data.hostname(); break;
    case dns::Type::TXT: r.data = data.string(); break;
  }
  if (r.type == dns::Type::MX) {
    if (!n.has("preference")) n.fail("an MX record needs a 'preference' (lower is tried first, e.g. 10)");
    r.preference = static_cast<std::uint16_t>(n["preference"].integer(0, 65535));
  } else if (n.has("preference")) {
    n.fail_key("preference", "'preference' applies only to MX records");
  }
  if (auto ttl = n.get("ttl")) r.ttl = static_cast<std::uint32_t>(ttl->integer(0, 2147483647));
  return r;
}

void parse_dns(const Node& root, Scenario& s) {
  const auto records = list_of(root, "dns");
  const bool have_dns = std::any_of(s.hosts.begin(), s.hosts.end(), [](const Host& h) { return h.role == Role::Dns; });
  if (!records.empty() && !have_dns) root["dns"].fail("DNS records need a host with role 'dns' to serve them");
  for (const Node& n : records) {
    dns::Record r = parse_record(n, false);
    if (std::find(s.dns_records.begin(), s.dns_records.end(), r) != s.dns_records.end())
      n.fail("the same record is listed twice");
    s.dns_records.push_back(std::move(r));
  }
}

}  // namespace mailsim::scenario::detail
