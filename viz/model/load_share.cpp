#include "viz/model/load_share.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mailsim::viz {

std::vector<std::string> load_shared_hosts(const scenario::Scenario& s) {
  std::map<std::pair<std::string, std::uint16_t>, std::set<std::string>> groups;  // (domain, preference) -> hosts
  for (const auto& r : s.dns_records)
    if (r.type == dns::Type::MX) groups[{r.name, r.preference}].insert(r.data);
  std::set<std::string> shared;
  for (const auto& [key, hosts] : groups)
    if (hosts.size() > 1) shared.insert(hosts.begin(), hosts.end());
  std::vector<std::string> out;
  for (const auto& h : s.hosts)
    if (shared.count(h.name)) out.push_back(h.name);
  return out;
}

}  // namespace mailsim::viz
