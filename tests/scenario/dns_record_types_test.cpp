// The record types SPF lessons need besides A, MX, CNAME and TXT: AAAA (RFC 3596) and PTR.
#include <doctest/doctest.h>

#include <string>

#include "sim/scenario/load.hpp"

using namespace mailsim;

TEST_CASE("dns: AAAA records load in the RFC 5952 spelling, PTR records as host names") {
  const std::string text = R"json({
  "title": "t",
  "hosts": [
    {"name": "mx.school.example", "address": "10.0.1.26", "role": "destination", "domains": ["school.example"]},
    {"name": "ns.example", "address": "10.0.2.53", "role": "dns"}
  ],
  "links": [{"between": ["mx.school.example", "ns.example"]}],
  "dns": [
    {"name": "mx.school.example", "type": "aaaa", "data": "2001:DB8:0:0:0:0:0:26"},
    {"name": "26.1.0.10.in-addr.arpa", "type": "PTR", "data": "MX.school.example."}
  ]
})json";
  const scenario::Scenario s = scenario::load_text(text, "t.json");
  REQUIRE(s.dns_records.size() == 2);
  CHECK(s.dns_records[0].to_string() == "mx.school.example. 300 IN AAAA 2001:db8::26");
  CHECK(s.dns_records[1].to_string() == "26.1.0.10.in-addr.arpa. 300 IN PTR mx.school.example.");
}
