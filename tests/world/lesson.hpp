#pragma once
#include <optional>
#include <vector>
// A two-domain lesson built in code: alice@school.example on pc1 submits to mail.school.example,
// which relays through relay.isp.example to the MX of home.example, where bob reads his mail.
#include "sim/scenario/scenario.hpp"

namespace lesson {

using namespace mailsim;

inline scenario::Host host(std::string name, std::string addr, scenario::Role role) {
  scenario::Host h;
  h.name = std::move(name);
  h.address = std::move(addr);
  h.role = role;
  return h;
}

inline dns::Record record(std::string name, dns::Type t, std::string data, std::uint16_t pref = 0) {
  dns::Record r;
  r.name = std::move(name);
  r.type = t;
  r.data = std::move(data);
  r.preference = pref;
  return r;
}

// `host` loses power at `down`, and comes back at `up` when there is one.
inline std::vector<scenario::Failure> outage(std::string host, Time down, std::optional<Time> up = std::nullopt) {
  scenario::Failure f;
  f.at = down;
  f.kind = scenario::FailureKind::HostDown;
  f.host = std::move(host);
  std::vector<scenario::Failure> out{f};
  if (up) {
    f.at = *up;
    f.kind = scenario::FailureKind::HostUp;
    out.push_back(f);
  }
  return out;
}

inline scenario::Scenario two_domains() {
  using scenario::Role;
  scenario::Scenario s;
  s.id = "test";
  s.hosts.push_back(host("pc1.school.example", "10.0.0.10", Role::Client));
  auto sub = host("mail.school.example", "10.0.0.25", Role::Submission);
  sub.domains = {"school.example"};
  sub.relay_from = {"10.0.0.0/24"};
  sub.relayhost = "relay.isp.example";
  s.hosts.push_back(sub);
  auto relay = host("relay.isp.example", "10.1.0.25", Role::Relay);
  relay.relay_from = {"10.0.0.25/32"};
  s.hosts.push_back(relay);
  s.hosts.push_back(host("ns.example", "10.9.0.53", Role::Dns));
  auto mx = host("mx.home.example", "10.2.0.25", Role::Destination);
  mx.domains = {"home.example"};
  s.hosts.push_back(mx);
  auto school_mx = host("mx.school.example", "10.0.0.26", Role::Destination);
  school_mx.domains = {"school.example"};
  s.hosts.push_back(school_mx);
  s.hosts.push_back(host("internet", "10.255.0.1", Role::Router));
  for (const char* h : {"pc1.school.example", "mail.school.example", "mx.school.example"})
    s.links.push_back({h, "internet", 2 * kMillisecond});
  for (const char* h : {"relay.isp.example", "ns.example", "mx.home.example"})
    s.links.push_back({h, "internet", 10 * kMillisecond});
  s.dns_records = {record("home.example", dns::Type::MX, "mx.home.example", 10),
                   record("mx.home.example", dns::Type::A, "10.2.0.25"),
                   record("school.example", dns::Type::MX, "mx.school.example", 10),
                   record("mx.school.example", dns::Type::A, "10.0.0.26"),
                   record("relay.isp.example", dns::Type::A, "10.1.0.25")};
  s.accounts = {{"bob@home.example", "mx.home.example", "bob", "secret"},
                {"alice@school.example", "mx.school.example", "alice", "secret"}};
  scenario::Client pc1;
  pc1.host = "pc1.school.example";
  pc1.account = "alice@school.example";
  pc1.submission = "mail.school.example";
  s.clients = {pc1};
  scenario::MessageSpec m;
  m.id = "m1";
  m.at = 10 * kSecond;
  m.client = "pc1.school.example";
  m.from = "alice@school.example";
  m.to = {"bob@home.example"};
  m.subject = "Hello";
  m.body = "Hi Bob,\n.see you\n";
  s.messages.push_back(m);
  return s;
}

}  // namespace lesson
