#include "sim/world/node_kinds.hpp"

#include <algorithm>
#include <iterator>

#include "sim/nodes/address.hpp"
#include "sim/nodes/auth_server.hpp"
#include "sim/nodes/destination.hpp"
#include "sim/nodes/dns_server.hpp"
#include "sim/nodes/eavesdropper.hpp"
#include "sim/nodes/forced_replies.hpp"
#include "sim/nodes/mail_reader.hpp"
#include "sim/nodes/mta.hpp"
#include "sim/nodes/mua.hpp"

namespace mailsim::world {

namespace {

using scenario::Role;

std::string dns_address_for(const scenario::Scenario& s, const scenario::Host& h) {
  for (const auto& d : s.hosts)
    if (d.role == Role::Dns && (h.resolver.empty() || d.name == h.resolver)) return d.address;
  return {};
}

// Who may log in to a submission host: the accounts of its domains, by their user names, with the
// passwords POP3 and IMAP check too (one account list per domain, as a real mail service keeps).
nodes::CredentialStore logins_for(const scenario::Scenario& s, const scenario::Host& h) {
  nodes::CredentialStore store;
  if (h.role != Role::Auth && h.auth == scenario::SmtpAuth::None) return store;
  for (const auto& a : s.accounts) {
    const std::string domain = a.address.substr(a.address.rfind('@') + 1);
    if (std::find(h.domains.begin(), h.domains.end(), domain) != h.domains.end()) store.add(a.user, a.password);
  }
  return store;
}

void make_nothing(NodeBuild&, const scenario::Host&) {}

void make_mta(NodeBuild& b, const scenario::Host& h) {
  b.nodes.push_back(std::make_unique<nodes::Mta>(b.ctx, h, dns_address_for(b.scenario, h), *scenario::smtp_port(h.role),
                                                 std::make_shared<nodes::ForcedReplies>(), logins_for(b.scenario, h)));
}

void make_destination(NodeBuild& b, const scenario::Host& h) {
  auto d = std::make_unique<nodes::Destination>(b.ctx, h, std::make_shared<nodes::ForcedReplies>(),
                                                dns_address_for(b.scenario, h));
  for (const auto& a : b.scenario.accounts)
    if (a.host == h.name) d->add_account(a.address, a.user, a.password);
  b.nodes.push_back(std::move(d));
}

void make_dns(NodeBuild& b, const scenario::Host& h) {
  dns::ZoneSet zones;
  for (const auto& r : b.scenario.dns_records) zones.add(r);
  b.nodes.push_back(std::make_unique<nodes::DnsServer>(b.ctx, h.name, std::move(zones)));
}

void make_auth(NodeBuild& b, const scenario::Host& h) {
  b.nodes.push_back(std::make_unique<nodes::AuthServer>(b.ctx, h, logins_for(b.scenario, h)));
}

void make_eavesdropper(NodeBuild& b, const scenario::Host& h) {
  b.nodes.push_back(std::make_unique<nodes::Eavesdropper>(b.ctx, h));
}

// A router's packet_filter rules, with the hosts they let through by name given by their addresses.
void make_router(NodeBuild& b, const scenario::Host& router) {
  for (const scenario::PacketFilter& f : router.packet_filter) {
    net::FilterRule rule;
    rule.source = [cidr = f.source](const std::string& address) { return nodes::cidr_contains(cidr, address); };
    rule.port = f.port;
    for (const std::string& to : f.except_to) {
      const scenario::Host* h = b.scenario.find_host(to);
      rule.except_to.push_back(h ? h->address : to);
    }
    rule.action = f.action == scenario::PacketFilter::Action::Reject ? net::FilterRule::Action::Reject
                                                                     : net::FilterRule::Action::Drop;
    b.ctx.net.add_filter(router.name, std::move(rule));
  }
}

using Factory = void (*)(NodeBuild&, const scenario::Host&);
// In the order of Role: client, submission, relay, dns, destination, router, auth, eavesdropper.
constexpr Factory kFactories[] = {make_nothing, make_mta,    make_mta,  make_dns,
                                  make_destination, make_router, make_auth, make_eavesdropper};
static_assert(std::size(kFactories) == static_cast<std::size_t>(Role::Eavesdropper) + 1,
              "a factory for every role");

}  // namespace

void make_host_nodes(NodeBuild& b, const scenario::Host& h) { kFactories[static_cast<std::size_t>(h.role)](b, h); }

void make_client_nodes(NodeBuild& b, const scenario::Client& c) {
  if (const auto* sub = b.scenario.find_host(c.submission))
    b.nodes.push_back(std::make_unique<nodes::MailClient>(b.ctx, c, sub->address, sub->smtpd_tls_security_level));
  if (c.fetch.protocol == scenario::Fetch::Protocol::None) return;
  const auto* server = b.scenario.find_host(c.fetch.server);
  for (const auto& a : b.scenario.accounts)
    if (a.address == c.account && server)
      b.nodes.push_back(std::make_unique<nodes::MailReader>(b.ctx, c, server->address, a.user, a.password, server->ssl));
}

}  // namespace mailsim::world
