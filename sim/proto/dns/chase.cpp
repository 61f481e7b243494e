// Reading an answer section the way a stub resolver does: from the asked name through CNAMEs.
#include "sim/proto/dns/message.hpp"
#include "sim/proto/dns/wire.hpp"

namespace mailsim::dns {

namespace {

// As many CNAMEs as ZoneSet follows, plus one, so a chain a server returned is read to its end.
constexpr std::size_t kMaxChase = 9;

}  // namespace

std::vector<Record> chase(const std::vector<Record>& section, std::string name, Type type) {
  name = wire::normalize_name(name);
  for (std::size_t hop = 0; hop < kMaxChase; ++hop) {
    std::vector<Record> found;
    const Record* cname = nullptr;
    for (const Record& r : section) {
      if (wire::normalize_name(r.name) != name) continue;
      if (r.type == type) found.push_back(r);
      else if (r.type == Type::CNAME && !cname) cname = &r;
    }
    if (!found.empty() || !cname) return found;
    name = wire::normalize_name(cname->data);
  }
  return {};
}

}  // namespace mailsim::dns
