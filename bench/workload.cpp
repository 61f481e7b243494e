#include "bench/workload.hpp"

#include <nlohmann/json.hpp>

namespace mailsim::bench {

namespace {

using nlohmann::json;

std::string ip(int a, std::size_t b, std::size_t c) {
  return "10." + std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c);
}

json host(const std::string& name, const std::string& address, const std::string& role) {
  return {{"name", name}, {"address", address}, {"role", role}};
}

json link(const std::string& a, const std::string& b, const std::string& latency) {
  return {{"between", {a, b}}, {"latency", latency}};
}

}  // namespace

std::string scenario_json(const Workload& w) {
  json s;
  s["title"] = {{"en", "bench " + w.name}, {"ja", "bench " + w.name}};
  s["seed"] = 1;
  json hosts = json::array(), links = json::array(), dns = json::array(), accounts = json::array(),
       clients = json::array(), messages = json::array();
  hosts.push_back(host("router.school.example", "10.0.0.1", "router"));
  json submission = host("mail.school.example", "10.0.1.25", "submission");
  submission["domains"] = {"school.example"};
  submission["relay_from"] = {"10.0.0.0/16"};
  submission["relayhost"] = "[relay.isp.example]";
  submission["resolver"] = "ns.example";
  hosts.push_back(submission);
  hosts.push_back(host("internet.example", "10.255.0.1", "router"));
  hosts.push_back(host("ns.example", "10.255.0.53", "dns"));
  json relay = host("relay.isp.example", "10.100.0.25", "relay");
  relay["relay_from"] = {"10.0.1.0/24"};
  relay["resolver"] = "ns.example";
  hosts.push_back(relay);
  links.push_back(link("mail.school.example", "router.school.example", "1ms"));
  links.push_back(link("router.school.example", "internet.example", "10ms"));
  links.push_back(link("ns.example", "internet.example", "5ms"));
  links.push_back(link("relay.isp.example", "internet.example", "5ms"));
  dns.push_back({{"name", "relay.isp.example"}, {"type", "A"}, {"data", "10.100.0.25"}});

  // A chain of routers between the internet and the destinations' side: a big topology whose every
  // packet to a destination crosses it.
  std::string edge = "internet.example";
  for (std::size_t i = 0; i < w.extra_routers; ++i) {
    const std::string r = "r" + std::to_string(i) + ".transit.example";
    hosts.push_back(host(r, ip(20 + static_cast<int>(i / 250), i % 250, 1), "router"));
    links.push_back(link(edge, r, "1ms"));
    edge = r;
  }
  for (std::size_t d = 0; d < w.domains; ++d) {
    const std::string domain = "d" + std::to_string(d) + ".example";
    const std::string mx = "mx." + domain;
    const std::string address = ip(1, d / 250, d % 250 + 2);
    json dest = host(mx, address, "destination");
    dest["domains"] = {domain};
    hosts.push_back(dest);
    links.push_back(link(edge, mx, "10ms"));
    dns.push_back({{"name", domain}, {"type", "MX"}, {"preference", 10}, {"data", mx}});
    dns.push_back({{"name", mx}, {"type", "A"}, {"data", address}});
    accounts.push_back({{"address", "bob@" + domain}, {"host", mx}});
  }
  for (std::size_t c = 0; c < w.clients; ++c) {
    const std::string pc = "pc" + std::to_string(c) + ".school.example";
    hosts.push_back(host(pc, ip(0, c / 250, c % 250 + 10), "client"));
    links.push_back(link(pc, "router.school.example", "1ms"));
    clients.push_back({{"host", pc}, {"account", "alice@school.example"}, {"submission", "mail.school.example"}});
  }
  // About 1 KB of body: 16 lines of 64 characters.
  json body = json::array();
  for (int i = 0; i < 16; ++i) body.push_back(std::string(63, static_cast<char>('a' + i)));
  for (std::size_t m = 0; m < w.messages; ++m) {
    const std::size_t at_ms = 10000 + (w.burst ? 0 : 10 * m);
    messages.push_back({{"id", "m" + std::to_string(m + 1)},
                        {"at", std::to_string(at_ms) + "ms"},
                        {"client", "pc" + std::to_string(m % w.clients) + ".school.example"},
                        {"from", "alice@school.example"},
                        {"to", {"bob@d" + std::to_string(m % w.domains) + ".example"}},
                        {"subject", "load " + std::to_string(m + 1)},
                        {"body", body}});
  }
  s["hosts"] = hosts;
  s["links"] = links;
  s["dns"] = dns;
  s["accounts"] = accounts;
  s["clients"] = clients;
  s["messages"] = messages;
  return s.dump();
}

}  // namespace mailsim::bench
