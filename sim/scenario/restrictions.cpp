// Who a server or a router turns away: a receiving server's DNS blocklists (Postfix's
// smtpd_client_restrictions = reject_rbl_client <zone>) and a router's packet filter (OP25B).
#include <algorithm>

#include "sim/scenario/sections.hpp"

namespace mailsim::scenario::detail {

namespace {

void parse_client_restrictions(const Node& n, Host& h) {
  const auto items = n.items();
  if (items.empty()) n.fail("list at least one restriction (\"reject_rbl_client bl.example\"), or leave the key out");
  for (const Node& item : items) {
    const std::string text = item.string();
    constexpr std::string_view kRbl = "reject_rbl_client";
    const auto space = text.find(' ');
    const std::string word = text.substr(0, space);
    if (word != kRbl)
      item.fail(in_quotes(word) + " is not a restriction mailsim knows; write \"reject_rbl_client <zone>\"");
    std::string zone = space == std::string::npos ? "" : text.substr(space + 1);
    zone.erase(0, zone.find_first_not_of(' '));
    if (zone.empty()) item.fail("reject_rbl_client needs the blocklist's zone: \"reject_rbl_client bl.example\"");
    std::transform(zone.begin(), zone.end(), zone.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_hostname(zone, true)) item.fail(in_quotes(zone) + " is not a DNS zone name");
    if (std::find(h.reject_rbl_client.begin(), h.reject_rbl_client.end(), zone) != h.reject_rbl_client.end())
      item.fail(in_quotes(zone) + " is listed twice");
    h.reject_rbl_client.push_back(zone);
  }
}

PacketFilter parse_rule(const Node& n) {
  n.check_object({"source", "port", "except_to", "action"});
  PacketFilter f;
  f.source = n["source"].cidr();
  f.port = static_cast<std::uint16_t>(n["port"].integer(1, 65535));
  for (const Node& e : list_of(n, "except_to")) {
    const std::string to = e.string();
    f.except_to.push_back(is_ipv4(to) ? to : e.hostname());
  }
  const Node action = n["action"];
  const std::string a = action.string();
  if (a == "drop") f.action = PacketFilter::Action::Drop;
  else if (a == "reject") f.action = PacketFilter::Action::Reject;
  else action.fail(in_quotes(a) + " is not an action of a packet filter (drop, reject)");
  return f;
}

}  // namespace

void parse_restrictions(const Node& n, Host& h) {
  if (auto r = n.get("smtpd_client_restrictions")) parse_client_restrictions(*r, h);
  for (const Node& rule : list_of(n, "packet_filter")) h.packet_filter.push_back(parse_rule(rule));
}

void check_restrictions(const Node& root, const Scenario& s) {
  const auto hosts = root["hosts"].items();
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const Host& h = s.hosts[i];
    const auto zones = h.reject_rbl_client;
    for (std::size_t z = 0; z < zones.size(); ++z) {
      const Node where = hosts[i]["smtpd_client_restrictions"].items()[z];
      // RFC 5782 §5: a list always holds 127.0.0.2, so a client can test it. A zone without it is a
      // typo or a list the lesson forgot to publish, and would list nobody.
      const std::string test = "2.0.0.127." + zones[z];
      const bool found = std::any_of(s.dns_records.begin(), s.dns_records.end(), [&](const dns::Record& r) {
        return r.name == test && r.type == dns::Type::A && r.data.starts_with("127.");
      });
      if (!found)
        where.fail("the blocklist " + in_quotes(zones[z]) + " is not in the lesson's DNS: RFC 5782 asks every list for "
                   "the test entry " + test + " A 127.0.0.2 (add it to 'dns', with an A record in 127.0.0.0/8 under " +
                   zones[z] + " for each address it lists)");
    }
    for (std::size_t r = 0; r < h.packet_filter.size(); ++r)
      for (std::size_t e = 0; e < h.packet_filter[r].except_to.size(); ++e) {
        const std::string& to = h.packet_filter[r].except_to[e];
        if (is_ipv4(to)) continue;
        host_index(s, hosts[i]["packet_filter"].items()[r]["except_to"].items()[e], to);
      }
  }
}

}  // namespace mailsim::scenario::detail
