// IP addresses: RFC 4291 §2.2 text in, RFC 5952 text out, reverse names (RFC 1035 §3.5, RFC 3596
// §2.5) and prefix matching.
#include <doctest/doctest.h>

#include "sim/proto/dns/address.hpp"

using namespace mailsim::dns;

namespace {

std::string canonical(std::string_view text) {
  const auto a = parse_address(text);
  return a ? to_string(*a) : "(invalid)";
}

}  // namespace

TEST_CASE("IPv4: four decimal parts of 0-255, nothing else") {
  CHECK(canonical("192.0.2.1") == "192.0.2.1");
  CHECK(canonical("0.0.0.0") == "0.0.0.0");
  CHECK(canonical("255.255.255.255") == "255.255.255.255");
  for (const char* bad : {"", "1.2.3", "1.2.3.4.", "1.2.3.256", "1.2.3.4/24", "1..2.3", "1.2.3.0004", " 1.2.3.4"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_ipv4(bad).has_value());
  }
}

TEST_CASE("IPv6: the RFC 4291 §2.2 forms read, RFC 5952 §4 written") {
  CHECK(canonical("2001:DB8:0:0:8:800:200C:417A") == "2001:db8::8:800:200c:417a");
  CHECK(canonical("FF01:0:0:0:0:0:0:101") == "ff01::101");
  CHECK(canonical("0:0:0:0:0:0:0:1") == "::1");
  CHECK(canonical("::") == "::");
  CHECK(canonical("CAFE:BABE::") == "cafe:babe::");
  CHECK(canonical("2001:0db8:0000:0000:0000:ff00:0042:8329") == "2001:db8::ff00:42:8329");
  // §4.2.2: a single zero group is not shortened; §4.2.3: the longest run, the first of equal ones.
  CHECK(canonical("2001:db8:0:1:1:1:1:1") == "2001:db8:0:1:1:1:1:1");
  CHECK(canonical("2001:0:0:1:0:0:0:1") == "2001:0:0:1::1");
  CHECK(canonical("2001:db8:0:0:1:0:0:1") == "2001:db8::1:0:0:1");
  // The last 32 bits as a dotted quad; a v4-mapped address is written that way too (§5).
  CHECK(canonical("::13.1.68.3") == "::d01:4403");
  CHECK(canonical("::FFFF:129.144.52.38") == "::ffff:129.144.52.38");
  CHECK(canonical("CAFE:BABE::192.168.218.40") == "cafe:babe::c0a8:da28");
  for (const char* bad : {":", ":::", "1::2::3", ":CAFE::BABE", "CAFE::BABE:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                          "1:2:3:4:5:6:7::8", "12345::", "g::", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "fe80::1%eth0",
                          "[::1]", "::/0"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_ipv6(bad).has_value());
  }
  CHECK(parse_ipv6("1:2:3:4:5:6:7::").has_value());  // "::" standing for the one last group
  CHECK(parse_ipv6("1:2:3:4:5:6:1.2.3.4").has_value());
}

TEST_CASE("v4-mapped addresses unmap to IPv4, others stay as they are") {
  const Address mapped = *parse_ipv6("::ffff:1.2.3.4");
  CHECK(mapped.v4_mapped());
  CHECK(mapped.unmapped() == *parse_ipv4("1.2.3.4"));
  const Address compat = *parse_ipv6("::1.2.3.4");  // the deprecated "compatible" form is not mapped
  CHECK_FALSE(compat.v4_mapped());
  CHECK(compat.unmapped() == compat);
  CHECK_FALSE(parse_ipv4("1.2.3.4")->v4_mapped());
}

TEST_CASE("reverse names for PTR queries") {
  CHECK(reverse_name(*parse_ipv4("192.0.2.1")) == "1.2.0.192.in-addr.arpa");
  // RFC 3596 §2.5's own example, 4321:0:1:2:3:4:567:89ab.
  CHECK(reverse_name(*parse_ipv6("4321:0:1:2:3:4:567:89ab")) ==
        "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa");
}

TEST_CASE("prefix matching: same family, the first n bits") {
  const Address a = *parse_ipv4("192.0.2.129");
  CHECK(in_network(a, *parse_ipv4("192.0.2.128"), 25));
  CHECK_FALSE(in_network(a, *parse_ipv4("192.0.2.0"), 25));
  CHECK(in_network(a, *parse_ipv4("192.0.2.0"), 24));
  CHECK(in_network(a, *parse_ipv4("10.0.0.0"), 0));
  CHECK(in_network(a, a, 32));
  CHECK_FALSE(in_network(a, *parse_ipv4("192.0.2.128"), 32));
  CHECK(in_network(a, a, 99));  // longer than the family: the whole address
  const Address b = *parse_ipv6("2001:db8:1234::cafe:babe");
  CHECK(in_network(b, *parse_ipv6("2001:db8:1234::dead:beef"), 64));
  CHECK(in_network(b, *parse_ipv6("2001:db8:1234::dead:beef"), 99));  // c = 1100, d = 1101
  CHECK_FALSE(in_network(b, *parse_ipv6("2001:db8:1234::dead:beef"), 100));
  CHECK(in_network(b, *parse_ipv6("2001:db8:1235::"), 47));
  CHECK_FALSE(in_network(b, *parse_ipv6("2001:db8:1235::"), 48));
  CHECK_FALSE(in_network(*parse_ipv6("::ffff:1.2.3.4"), *parse_ipv4("1.2.3.4"), 0));  // families differ
}
