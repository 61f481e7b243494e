#include "sim/nodes/dns_server.hpp"

namespace mailsim::nodes {

DnsServer::DnsServer(Context& ctx, std::string host, dns::ZoneSet zones)
    : ctx_(ctx), host_(std::move(host)), zones_(std::move(zones)) {
  ctx_.net.bind(host_, 53, "dns", [this](const std::string& from, std::uint16_t port, std::string_view bytes) {
    on_query(from, port, bytes);
  });
}

void DnsServer::apply(const scenario::Failure& f) {
  if (f.kind == scenario::FailureKind::DnsSet) {
    zones_.remove(f.record.name, f.record.type);
    zones_.add(f.record);
  }
  if (f.kind == scenario::FailureKind::DnsRemove) zones_.remove(f.record.name, f.record.type);
}

void DnsServer::on_query(const std::string& from, std::uint16_t from_port, std::string_view bytes) {
  auto query = dns::Message::decode(bytes);
  if (!query || query->response) return;  // not a query: real servers drop it too
  const dns::Message answer = zones_.answer(*query);
  ctx_.net.send_datagram(host_, 53, from, from_port, answer.encode(), answer.summary());
}

}  // namespace mailsim::nodes
