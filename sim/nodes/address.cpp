#include "sim/nodes/address.hpp"

#include <charconv>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::nodes {

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
  std::uint32_t out = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p == s.data() || v > 255 || p - s.data() > 3) return std::nullopt;
    out = out << 8 | v;
    s.remove_prefix(static_cast<std::size_t>(p - s.data()));
    if (i < 3) {
      if (s.empty() || s.front() != '.') return std::nullopt;
      s.remove_prefix(1);
    }
  }
  if (!s.empty()) return std::nullopt;
  return out;
}

bool cidr_contains(std::string_view cidr, std::string_view address) {
  const auto slash = cidr.find('/');
  auto net = parse_ipv4(cidr.substr(0, slash));
  auto addr = parse_ipv4(address);
  if (!net || !addr) return false;
  unsigned bits = 32;
  if (slash != std::string_view::npos) {
    auto rest = cidr.substr(slash + 1);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), bits);
    if (ec != std::errc() || p != rest.data() + rest.size() || bits > 32) return false;
  }
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (*net & mask) == (*addr & mask);
}

std::string domain_of(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string{} : proto::to_lower(address.substr(at + 1));
}

std::string local_part_of(std::string_view address) {
  const auto at = address.rfind('@');
  return std::string(at == std::string_view::npos ? address : address.substr(0, at));
}

}  // namespace mailsim::nodes
