#pragma once
// IP addresses as DNS carries them: the rdata of A (RFC 1035 §3.4.1) and AAAA (RFC 3596 §2.2)
// records, their text forms (dotted quad; RFC 4291 §2.2 read, RFC 5952 written) and the names a
// reverse lookup asks PTR records for (in-addr.arpa, RFC 1035 §3.5; ip6.arpa, RFC 3596 §2.5).
// SPF (sim/proto/spf) matches client addresses against networks with the same type.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::dns {

struct Address {
  enum class Family : std::uint8_t { V4, V6 };
  Family family = Family::V4;
  std::array<std::uint8_t, 16> octets{};  // network order; an IPv4 address uses the first 4

  bool v4() const { return family == Family::V4; }
  std::size_t size() const { return v4() ? 4 : 16; }
  unsigned bits() const { return v4() ? 32 : 128; }
  // ::ffff:0:0/96 (RFC 4291 §2.5.5.2): an IPv4 client seen through an IPv6 socket.
  bool v4_mapped() const;
  // The IPv4 address inside a v4-mapped one; any other address is returned unchanged.
  Address unmapped() const;
  bool operator==(const Address&) const = default;
};

// "192.0.2.1": exactly four decimal parts of 0-255 (at most three digits each).
std::optional<Address> parse_ipv4(std::string_view s);
// RFC 4291 §2.2: eight groups of 1-4 hex digits, one "::" for a run of zero groups, the last 32 bits
// optionally as a dotted quad ("::ffff:192.0.2.1"); case-insensitive. Nothing else (no zone index,
// no brackets, no prefix length).
std::optional<Address> parse_ipv6(std::string_view s);
// Either of the above, by whether the text holds a ':'.
std::optional<Address> parse_address(std::string_view s);

// Dotted quad, or RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero
// groups (the first of equal runs) as "::", and ::ffff:a.b.c.d for a v4-mapped address (§5).
std::string to_string(const Address& a);

// The owner name a PTR query for `a` asks about: "1.2.0.192.in-addr.arpa", or 32 nibbles in reverse,
// lower case, then "ip6.arpa".
std::string reverse_name(const Address& a);

// Whether the first `prefix` bits of `a` and `network` agree (same family only; a prefix longer
// than the family's bits counts as all of them).
bool in_network(const Address& a, const Address& network, unsigned prefix);

}  // namespace mailsim::dns
