#include "sim/proto/dns/wire.hpp"

#include <vector>

#include "sim/proto/common/line_reader.hpp"

namespace mailsim::dns::wire {

namespace {

// A well-formed name has at most 127 labels, so it never needs more jumps than that; a cycle of
// pointers (which RFC 1035 does not forbid in so many words) is cut off here instead of looping.
constexpr int kMaxHops = 128;

// The labels a name will be written with, already cut to the §2.3.4 limits.
std::vector<std::string> labels_of(std::string_view name) {
  std::vector<std::string> labels;
  std::size_t wire_len = 1;  // the terminating zero octet
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) dot = name.size();
    std::string label = proto::to_lower(name.substr(start, dot - start));
    start = dot + 1;
    if (label.empty()) continue;  // "a..b" or a trailing dot: nothing to encode
    if (label.size() > kMaxLabel) label.resize(kMaxLabel);
    if (wire_len + 1 + label.size() > kMaxName) break;
    wire_len += 1 + label.size();
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace

std::string normalize_name(std::string_view name) {
  std::string n = proto::to_lower(name);
  while (!n.empty() && n.back() == '.') n.pop_back();
  return n;
}

void Writer::u16(std::uint16_t v) {
  u8(static_cast<std::uint8_t>(v >> 8));
  u8(static_cast<std::uint8_t>(v & 0xFF));
}

void Writer::u32(std::uint32_t v) {
  u16(static_cast<std::uint16_t>(v >> 16));
  u16(static_cast<std::uint16_t>(v & 0xFFFF));
}

void Writer::patch_u16(std::size_t at, std::uint16_t v) {
  out_[at] = static_cast<char>(v >> 8);
  out_[at + 1] = static_cast<char>(v & 0xFF);
}

void Writer::name(std::string_view name) {
  const std::vector<std::string> labels = labels_of(name);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::string suffix = labels[i];
    for (std::size_t j = i + 1; j < labels.size(); ++j) suffix += "." + labels[j];
    if (auto it = suffixes_.find(suffix); it != suffixes_.end()) {
      u16(static_cast<std::uint16_t>(0xC000 | it->second));  // §4.1.4: the rest is said before
      return;
    }
    // A pointer has 14 bits of offset, so only names starting early enough can be pointed at.
    if (out_.size() <= 0x3FFF) suffixes_.emplace(std::move(suffix), static_cast<std::uint16_t>(out_.size()));
    u8(static_cast<std::uint8_t>(labels[i].size()));
    bytes(labels[i]);
  }
  u8(0);
}

std::uint8_t Reader::u8() {
  if (!ok_ || pos_ + 1 > msg_.size()) {
    ok_ = false;
    return 0;
  }
  return static_cast<std::uint8_t>(msg_[pos_++]);
}

std::uint16_t Reader::u16() {
  const std::uint16_t hi = u8();
  const std::uint16_t lo = u8();
  return static_cast<std::uint16_t>((hi << 8) | lo);
}

std::uint32_t Reader::u32() {
  const std::uint32_t hi = u16();
  const std::uint32_t lo = u16();
  return (hi << 16) | lo;
}

std::string_view Reader::bytes(std::size_t n) {
  if (!ok_ || n > msg_.size() - pos_) {
    ok_ = false;
    return {};
  }
  std::string_view b = msg_.substr(pos_, n);
  pos_ += n;
  return b;
}

std::optional<std::string> Reader::name() {
  if (!ok_) return std::nullopt;
  std::string out;
  std::size_t p = pos_;         // where the next length octet is read
  std::size_t wire_len = 1;     // octets of the uncompressed name, counting the final zero
  bool jumped = false;          // after the first pointer, pos_ no longer follows p
  int hops = 0;
  while (true) {
    if (p >= msg_.size()) break;
    const auto len = static_cast<std::uint8_t>(msg_[p]);
    if ((len & 0xC0) == 0xC0) {  // pointer: 2 octets, 14-bit offset from the message start
      if (p + 1 >= msg_.size() || ++hops > kMaxHops) break;
      if (!jumped) pos_ = p + 2;
      jumped = true;
      p = (static_cast<std::size_t>(len & 0x3F) << 8) | static_cast<std::uint8_t>(msg_[p + 1]);
      continue;
    }
    if ((len & 0xC0) != 0) break;  // 01 and 10 are reserved label types (§4.1.4)
    if (len == 0) {
      if (!jumped) pos_ = p + 1;
      return out;
    }
    wire_len += 1 + len;
    if (wire_len > kMaxName || p + 1 + len > msg_.size()) break;
    std::string_view label = msg_.substr(p + 1, len);
    if (label.find('.') != std::string_view::npos) break;
    if (!out.empty()) out += '.';
    out += proto::to_lower(label);
    p += 1 + len;
  }
  ok_ = false;
  return std::nullopt;
}

}  // namespace mailsim::dns::wire
