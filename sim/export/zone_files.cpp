#include "sim/export/zone_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "sim/proto/dmarc/org_domain.hpp"

namespace mailsim::exporter {

namespace fs = std::filesystem;

namespace {

bool in_zone(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() && name.ends_with("." + zone) );
}

}  // namespace

std::vector<ZoneFile> zone_files(const scenario::Scenario& s) {
  const auto suffixes = dmarc::PublicSuffixList::builtin();
  std::map<std::string, std::vector<const dns::Record*>> zones;
  for (const dns::Record& r : s.dns_records) zones[suffixes.organizational_domain(r.name)].push_back(&r);
  std::vector<const scenario::Host*> servers;
  for (const auto& h : s.hosts)
    if (h.role == scenario::Role::Dns) servers.push_back(&h);

  std::vector<ZoneFile> out;
  for (const auto& [zone, records] : zones) {
    if (zone.empty()) continue;
    std::string t;
    t += "; zone " + zone + " of the lesson " + s.id + ", as its DNS servers answered at the start of the run\n";
    t += "; (mailsim --export-mail; records the loader made, such as DKIM keys, included)\n";
    t += "$ORIGIN " + zone + ".\n";
    t += "$TTL " + std::to_string(records.front()->ttl) + "\n";
    // RFC 1035 §5.2: a zone starts with its SOA. The lesson has none: this one is generated, with
    // serial 1 and RFC 1912's suggested timers; the NS records name the lesson's DNS hosts.
    const std::string primary = servers.empty() ? "ns." + zone : servers.front()->name;
    t += "; generated: the lesson writes no SOA or NS records\n";
    t += "@ 300 IN SOA " + primary + ". hostmaster." + zone + ". 1 3600 900 1209600 300\n";
    for (const auto* h : servers) {
      t += "@ 300 IN NS " + h->name + ".\n";
      // A name server inside its own zone needs its address there (glue), unless the lesson has it.
      const bool has_address = std::any_of(records.begin(), records.end(), [&](const dns::Record* r) {
        return r->name == h->name && r->type == dns::Type::A;
      });
      if (in_zone(h->name, zone) && !has_address) t += h->name + ". 300 IN A " + h->address + "\n";
    }
    if (servers.empty()) t += "@ 300 IN NS " + primary + ".\n" + primary + ". 300 IN A 127.0.0.1\n";
    t += "; the lesson's records\n";
    for (const dns::Record* r : records) t += r->to_string() + "\n";
    out.push_back({zone, std::move(t)});
  }
  return out;
}

std::string export_zones(const scenario::Scenario& s, const std::string& dir) {
  const fs::path zones = fs::path(dir) / "zones";
  std::error_code ec;
  fs::create_directories(zones, ec);
  if (ec) return "cannot create " + zones.string() + ": " + ec.message();
  for (const ZoneFile& z : zone_files(s)) {
    const fs::path p = zones / (z.zone + ".zone");
    std::ofstream out(p, std::ios::binary);
    out << z.text;
    if (!out) return "cannot write " + p.string();
  }
  return "";
}

}  // namespace mailsim::exporter
