#include "sim/proto/dns/address.hpp"

#include <charconv>
#include <vector>

namespace mailsim::dns {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Groups of 1-4 hex digits between single colons ("" for an empty side of "::"), each appended as
// two octets; the last may be a dotted quad when `quad_allowed`. False on any other text.
bool parse_groups(std::string_view s, bool quad_allowed, std::vector<std::uint8_t>& out) {
  if (s.empty()) return true;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = s.find(':', start);
    const std::string_view group = s.substr(start, colon == std::string_view::npos ? s.npos : colon - start);
    if (colon == std::string_view::npos && quad_allowed && group.find('.') != std::string_view::npos) {
      const auto quad = parse_ipv4(group);
      if (!quad) return false;
      out.insert(out.end(), quad->octets.begin(), quad->octets.begin() + 4);
      return true;
    }
    if (group.empty() || group.size() > 4) return false;
    unsigned v = 0;
    for (char c : group) {
      const int h = hex_value(c);
      if (h < 0) return false;
      v = v * 16 + static_cast<unsigned>(h);
    }
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    if (colon == std::string_view::npos) return true;
    start = colon + 1;
  }
}

}  // namespace

bool Address::v4_mapped() const {
  if (v4()) return false;
  for (std::size_t i = 0; i < 10; ++i) {
    if (octets[i] != 0) return false;
  }
  return octets[10] == 0xFF && octets[11] == 0xFF;
}

Address Address::unmapped() const {
  if (!v4_mapped()) return *this;
  Address a;
  for (std::size_t i = 0; i < 4; ++i) a.octets[i] = octets[12 + i];
  return a;
}

std::optional<Address> parse_ipv4(std::string_view s) {
  Address a;
  const char* p = s.data();
  const char* end = s.data() + s.size();
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned v = 0;
    auto [next, ec] = std::from_chars(p, end, v);
    if (ec != std::errc() || next == p || next - p > 3 || v > 255) return std::nullopt;
    a.octets[i] = static_cast<std::uint8_t>(v);
    p = next;
  }
  if (p != end) return std::nullopt;
  return a;
}

std::optional<Address> parse_ipv6(std::string_view s) {
  std::vector<std::uint8_t> head;
  std::vector<std::uint8_t> tail;
  const std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(s, true, head) || head.size() != 16) return std::nullopt;
  } else {
    const std::string_view left = s.substr(0, gap);
    const std::string_view right = s.substr(gap + 2);
    // A second "::", or a third colon next to the gap (":::"), leaves a side that starts or ends
    // with ':' and fails there.
    if (!parse_groups(left, false, head) || !parse_groups(right, true, tail)) return std::nullopt;
    if (head.size() + tail.size() > 14) return std::nullopt;  // "::" stands for at least one group
  }
  Address a;
  a.family = Address::Family::V6;
  std::size_t i = 0;
  for (std::uint8_t o : head) a.octets[i++] = o;
  i = 16 - tail.size();
  for (std::uint8_t o : tail) a.octets[i++] = o;
  return a;
}

std::optional<Address> parse_address(std::string_view s) {
  return s.find(':') == std::string_view::npos ? parse_ipv4(s) : parse_ipv6(s);
}

std::string to_string(const Address& a) {
  if (a.v4()) {
    std::string out;
    for (std::size_t i = 0; i < 4; ++i) out += (i ? "." : "") + std::to_string(a.octets[i]);
    return out;
  }
  if (a.v4_mapped()) return "::ffff:" + to_string(a.unmapped());
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) groups[i] = (a.octets[2 * i] << 8) | a.octets[2 * i + 1];
  // §4.2.1-4.2.3: the longest run of zero groups, at least two long, the first if runs tie.
  std::size_t best = 8, best_len = 1;
  for (std::size_t i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    char buf[5];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, groups[i], 16);
    (void)ec;
    out.append(buf, end);
  }
  return out;
}

std::string reverse_name(const Address& a) {
  std::string out;
  if (a.v4()) {
    for (std::size_t i = 4; i-- > 0;) out += std::to_string(a.octets[i]) + ".";
    return out + "in-addr.arpa";
  }
  for (std::size_t i = 16; i-- > 0;) {
    out += kHex[a.octets[i] & 0x0F];
    out += '.';
    out += kHex[a.octets[i] >> 4];
    out += '.';
  }
  return out + "ip6.arpa";
}

bool in_network(const Address& a, const Address& network, unsigned prefix) {
  if (a.family != network.family) return false;
  if (prefix > a.bits()) prefix = a.bits();
  std::size_t i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (a.octets[i] != network.octets[i]) return false;
  }
  if (prefix == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - prefix));
  return (a.octets[i] & mask) == (network.octets[i] & mask);
}

}  // namespace mailsim::dns
