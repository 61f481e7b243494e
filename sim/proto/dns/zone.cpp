// Authoritative answers (RFC 1034 §4.3.2, steps 3a-3c, without delegation or wildcards): the zone
// set holds every name the world knows, so a name it does not hold does not exist.
#include "sim/proto/dns/zone.hpp"

#include <algorithm>

#include "sim/proto/dns/address.hpp"
#include "sim/proto/dns/wire.hpp"

namespace mailsim::dns {

namespace {

// RFC 1034 §4.3.2 says "follow the CNAME"; real servers bound the chain (BIND stops at 16). Eight is
// plenty for lessons and keeps a loop in the data from growing the answer without end.
constexpr int kMaxCnameHops = 8;

bool is_name_type(Type t) {
  return t == Type::MX || t == Type::CNAME || t == Type::PTR;
}

}  // namespace

void ZoneSet::add(Record r) {
  r.name = wire::normalize_name(r.name);
  if (is_name_type(r.type)) r.data = wire::normalize_name(r.data);
  // One spelling per address ("CAFE:BABE::1" and "cafe:babe:0::1" are one record), the one the
  // wire decodes to.
  if (r.type == Type::AAAA) {
    if (auto a = parse_ipv6(r.data)) r.data = to_string(*a);
  }
  // An RRset is a set (RFC 2181 §5): adding the same record twice changes nothing.
  if (std::find(records_.begin(), records_.end(), r) != records_.end()) return;
  records_.push_back(std::move(r));
}

void ZoneSet::remove(const std::string& name, Type type) {
  const std::string n = wire::normalize_name(name);
  std::erase_if(records_, [&](const Record& r) { return r.name == n && r.type == type; });
}

Message ZoneSet::answer(const Message& query) const {
  Message resp;
  resp.id = query.id;
  resp.response = true;
  resp.authoritative = true;
  resp.recursion_desired = query.recursion_desired;  // RFC 1035 §4.1.1: RD is copied
  resp.questions = query.questions;
  // RFC 1035 allows QDCOUNT > 1 in theory, but no server answers it (RFC 9619 makes it FORMERR).
  if (query.questions.size() != 1) {
    resp.rcode = Rcode::FormErr;
    return resp;
  }
  const Type qtype = query.questions[0].type;
  std::string name = wire::normalize_name(query.questions[0].name);
  std::vector<std::string> visited;
  while (true) {
    bool exists = false;
    bool matched = false;
    const Record* cname = nullptr;
    for (const Record& r : records_) {
      if (r.name != name) continue;
      exists = true;
      if (r.type == qtype) {
        resp.answers.push_back(r);
        matched = true;
      } else if (r.type == Type::CNAME && !cname) cname = &r;
    }
    // RFC 6604: after a chase the rcode speaks of the last name in the chain.
    if (!exists) resp.rcode = Rcode::NXDomain;
    // §4.3.2 3a: a CNAME query is answered with the CNAME itself, never chased.
    if (!exists || matched || !cname || qtype == Type::CNAME) break;
    visited.push_back(name);
    resp.answers.push_back(*cname);
    name = cname->data;
    // A loop in the data, or a chain too long to follow: answer with what was found (NOERROR,
    // as BIND does); a resolver sees no record of the asked type at the end and gives up on it.
    const bool loop = std::find(visited.begin(), visited.end(), name) != visited.end();
    if (loop || static_cast<int>(visited.size()) >= kMaxCnameHops) break;
  }
  // RFC 1035 §3.3.9 (and RFC 3596 §3 for AAAA): additional section processing for MX saves the
  // client its address queries.
  if (qtype == Type::MX) {
    for (const Record& mx : resp.answers) {
      if (mx.type != Type::MX || mx.data.empty()) continue;  // a null MX names no host
      for (const Record& r : records_) {
        if (r.name != mx.data || (r.type != Type::A && r.type != Type::AAAA)) continue;
        if (std::find(resp.additional.begin(), resp.additional.end(), r) == resp.additional.end()) {
          resp.additional.push_back(r);
        }
      }
    }
  }
  return resp;
}

}  // namespace mailsim::dns
