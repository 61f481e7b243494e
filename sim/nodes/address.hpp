#pragma once
// Small address helpers the nodes share.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::nodes {

std::optional<std::uint32_t> parse_ipv4(std::string_view s);
// "10.0.0.0/24" contains "10.0.0.7"; a bare address is a /32.
bool cidr_contains(std::string_view cidr, std::string_view address);
// The part after the last '@', lower-cased; "" when there is none.
std::string domain_of(std::string_view address);
std::string local_part_of(std::string_view address);

}  // namespace mailsim::nodes
