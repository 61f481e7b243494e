#pragma once
// Small address helpers the nodes share.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::nodes {

std::optional<std::uint32_t> parse_ipv4(std::string_view s);
// "10.0.0.0/24" contains "10.0.0.7"; a bare address is a /32. Host bits are ignored, so "10.0.0.5/24"
// is the network 10.0.0.0/24, as Postfix reads such a mynetworks entry (it warns; our loader refuses
// the entry with a suggestion, so only a scenario built in code gets here). An entry that does not
// parse contains nothing: a typo must not open the relay.
bool cidr_contains(std::string_view cidr, std::string_view address);
// The part after the last '@', lower-cased; "" when there is none.
std::string domain_of(std::string_view address);
std::string local_part_of(std::string_view address);

}  // namespace mailsim::nodes
