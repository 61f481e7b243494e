#pragma once
// A DNS blocklist check on a receiving server (RFC 5782), as Postfix's
// smtpd_client_restrictions = reject_rbl_client <zone>: the client's address, its octets reversed,
// is looked up under each zone in turn (an A query; an A record in 127.0.0.0/8 lists it, §2.1), and
// for a listed client the zone's TXT record gives the reason (§2.2). With Postfix's default
// smtpd_delay_reject = yes the verdict is given at RCPT TO: the first RCPT of a session starts the
// lookups over the virtual network (run_dns, so the queries are packets on the map) and waits for
// them; every RCPT of a listed client gets
//   554 5.7.1 Service unavailable; Client host [a.b.c.d] blocked using <zone>; <TXT>
// A lookup that fails (timeout, SERVFAIL) lists nobody, as Postfix's does: a broken list must not
// stop all mail.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/net/network.hpp"
#include "sim/nodes/context.hpp"
#include "sim/proto/dns/message.hpp"
#include "sim/proto/smtp/server.hpp"
#include "sim/scenario/scenario.hpp"

namespace mailsim::nodes {

// Why a client is refused: the zone that lists it, the A record found there, and its TXT reason
// ("" when the zone gives none).
struct DnsblListing {
  std::string zone;
  std::string address;  // "127.0.0.2"
  std::string reason;
};

// The lookups for one client address, sans-I/O: next_query() names the query to send (nullopt while
// one is out, or when done), on_response() or on_timeout() answers it.
class DnsblLookup {
 public:
  // `client_address`: dotted quad (an address that is not one is listed nowhere: nothing is asked).
  DnsblLookup(const std::string& client_address, std::vector<std::string> zones, std::uint16_t first_id);

  std::optional<dns::Message> next_query();
  void on_response(const dns::Message& m);
  void on_timeout();
  bool done() const { return done_; }
  // After done(): the first zone that lists the client, if one does.
  const std::optional<DnsblListing>& listing() const { return listing_; }

  // "2.0.0.127.bl.example" for 127.0.0.2 under bl.example; "" for an address that is not IPv4.
  static std::string query_name(const std::string& client_address, const std::string& zone);

 private:
  void ask(dns::Type type);
  void next_zone();

  std::string client_;
  std::vector<std::string> zones_;
  std::size_t zone_ = 0;
  std::uint16_t next_id_;
  std::optional<dns::Message> to_send_;
  std::uint16_t waiting_id_ = 0;
  bool waiting_ = false;
  bool asking_txt_ = false;
  bool done_ = false;
  std::optional<DnsblListing> listing_;
};

// Postfix's default_rbl_reply: "554 5.7.1 Service unavailable; Client host [a.b.c.d] blocked using
// <zone>" and, when the zone gave a TXT reason, "; <reason>".
smtp::Reply dnsbl_reply(const std::string& client_address, const DnsblListing& listing);

class DnsblCheck {
 public:
  // `host.reject_rbl_client`: the zones, in order; none: install() changes nothing.
  DnsblCheck(Context& ctx, const scenario::Host& host, std::string dns_address);

  // Puts the check in front of the session's check_rcpt (set it first): a listed client is refused,
  // any other gets what check_rcpt says.
  void install(smtp::ServerHooks& hooks, const std::shared_ptr<smtp::Server>& server, const net::Endpoint& ep);

 private:
  struct Session;
  Context& ctx_;
  const scenario::Host& host_;
  std::string dns_address_;
};

}  // namespace mailsim::nodes
