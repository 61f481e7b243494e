// The loader's keys for who is turned away: a receiving server's smtpd_client_restrictions
// (reject_rbl_client <zone>, RFC 5782) and a router's packet_filter rules (OP25B).
#include <doctest/doctest.h>

#include <string>

#include "scenario/error_of.hpp"
#include "sim/scenario/load.hpp"

using namespace mailsim;

namespace {

// `mx` and `router` go into those hosts' objects as they are; `dns` after the lesson's records.
std::string lesson(const std::string& mx, const std::string& router = "", const std::string& dns = "") {
  return R"json({
  "title": "t",
  "hosts": [
    {"name": "pc.home.example", "address": "192.0.2.10", "role": "client"},
    {"name": "router.isp.example", "address": "192.0.2.1", "role": "router")json" + router + R"json(},
    {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination", "domains": ["school.example"])json" + mx + R"json(},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [
    {"between": ["pc.home.example", "router.isp.example"]},
    {"between": ["router.isp.example", "mx.school.example"]},
    {"between": ["ns.example", "router.isp.example"]}
  ],
  "dns": [
    {"name": "mx.school.example", "type": "A", "data": "10.0.1.26"})json" + dns + R"json(
  ]
}
)json";
}

const std::string kTestEntry = R"(, {"name": "2.0.0.127.bl.example", "type": "A", "data": "127.0.0.2"})";

}  // namespace

TEST_CASE("smtpd_client_restrictions: the reject_rbl_client zones, in order, none by default") {
  const auto s = scenario::load_text(
      lesson(R"(, "smtpd_client_restrictions": ["reject_rbl_client bl.example", "reject_rbl_client  Two.Example"])", "",
             kTestEntry + R"(, {"name": "2.0.0.127.two.example", "type": "A", "data": "127.0.0.2"})"),
      "t.json");
  CHECK(s.hosts[2].reject_rbl_client == std::vector<std::string>{"bl.example", "two.example"});
  CHECK(scenario::load_text(lesson(""), "t.json").hosts[2].reject_rbl_client.empty());
}

TEST_CASE("smtpd_client_restrictions: unknown restrictions, a missing zone, a zone not in DNS are located errors") {
  CHECK(error_of(lesson(R"(, "smtpd_client_restrictions": ["permit_mynetworks"])", "", kTestEntry)) ==
        "t.json:6:143: /hosts/2/smtpd_client_restrictions/0: 'permit_mynetworks' is not a restriction mailsim knows; "
        "write \"reject_rbl_client <zone>\"");
  CHECK(error_of(lesson(R"(, "smtpd_client_restrictions": ["reject_rbl_client"])", "", kTestEntry)) ==
        "t.json:6:143: /hosts/2/smtpd_client_restrictions/0: reject_rbl_client needs the blocklist's zone: "
        "\"reject_rbl_client bl.example\"");
  CHECK(error_of(lesson(R"(, "smtpd_client_restrictions": [])")) ==
        "t.json:6:142: /hosts/2/smtpd_client_restrictions: list at least one restriction "
        "(\"reject_rbl_client bl.example\"), or leave the key out");
  CHECK(error_of(lesson(R"(, "smtpd_client_restrictions": ["reject_rbl_client bl.exmaple"])", "", kTestEntry)) ==
        "t.json:6:143: /hosts/2/smtpd_client_restrictions/0: the blocklist 'bl.exmaple' is not in the lesson's DNS: "
        "RFC 5782 asks every list for the test entry 2.0.0.127.bl.exmaple A 127.0.0.2 (add it to 'dns', with an A "
        "record in 127.0.0.0/8 under bl.exmaple for each address it lists)");
  CHECK(error_of(lesson("", R"(, "smtpd_client_restrictions": ["reject_rbl_client bl.example"])", kTestEntry)) ==
        "t.json:5:78: /hosts/1/smtpd_client_restrictions: 'smtpd_client_restrictions' applies only to relay and destination hosts, not to a "
        "router host");
}

TEST_CASE("packet_filter: a router's rules with their source, port, exceptions and action") {
  const auto s = scenario::load_text(
      lesson("", R"(, "packet_filter": [{"source": "192.0.2.0/24", "port": 25, "except_to": ["mx.school.example", "10.0.9.9"], "action": "drop"},
                                        {"source": "0.0.0.0/0", "port": 465, "action": "reject"}])"),
      "t.json");
  const auto& f = s.hosts[1].packet_filter;
  REQUIRE(f.size() == 2);
  CHECK(f[0].source == "192.0.2.0/24");
  CHECK(f[0].port == 25);
  CHECK(f[0].except_to == std::vector<std::string>{"mx.school.example", "10.0.9.9"});
  CHECK(f[0].action == scenario::PacketFilter::Action::Drop);
  CHECK(f[1].except_to.empty());
  CHECK(f[1].action == scenario::PacketFilter::Action::Reject);
}

TEST_CASE("packet_filter: wrong values, unknown hosts and wrong roles are located errors") {
  CHECK(error_of(lesson("", R"(, "packet_filter": [{"source": "192.0.2.0/24", "port": 25, "action": "block"}])")) ==
        "t.json:5:145: /hosts/1/packet_filter/0/action: 'block' is not an action of a packet filter (drop, reject)");
  CHECK(error_of(lesson("", R"(, "packet_filter": [{"source": "192.0.2.0/24", "action": "drop"}])")) ==
        "t.json:5:96: /hosts/1/packet_filter/0: missing required key 'port'");
  CHECK(error_of(lesson("", R"(, "packet_filter": [{"source": "192.0.2.1/24", "port": 25, "action": "drop"}])")) ==
        "t.json:5:107: /hosts/1/packet_filter/0/source: '192.0.2.1/24' has host bits set (did you mean '192.0.2.0/24'?)");
  CHECK(error_of(lesson("", R"(, "packet_filter": [{"source": "192.0.2.0/24", "port": 25, "except_to": ["smtp.isp.example"], "action": "drop"}])")) ==
        "t.json:5:149: /hosts/1/packet_filter/0/except_to/0: no host named 'smtp.isp.example'");
  CHECK(error_of(lesson(R"(, "packet_filter": [{"source": "192.0.2.0/24", "port": 25, "action": "drop"}])")) ==
        "t.json:6:113: /hosts/2/packet_filter: 'packet_filter' applies only to router hosts, not to a destination host");
}

TEST_CASE("a client may send straight to a relay, on port 25, as a spammer's program or a PC set up for port 25") {
  const std::string text = R"json({
  "title": "t",
  "hosts": [
    {"name": "pc.home.example", "address": "192.0.2.10", "role": "client"},
    {"name": "relay.open.example", "address": "203.0.113.25", "role": "relay", "relay_from": ["0.0.0.0/0"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [{"between": ["pc.home.example", "relay.open.example"]}, {"between": ["ns.example", "relay.open.example"]}],
  "clients": [{"host": "pc.home.example", "account": "ken@home.example", "submission": "relay.open.example"}]
}
)json";
  const auto s = scenario::load_text(text, "t.json");
  REQUIRE(s.clients.size() == 1);
  CHECK(s.clients[0].submission == "relay.open.example");
  CHECK(s.clients[0].submission_port == 25);
}
