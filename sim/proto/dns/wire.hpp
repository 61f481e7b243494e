#pragma once
// Internal to the DNS module: the byte-level pieces of RFC 1035 §4.1 (big-endian integers, domain
// names with compression pointers, §4.1.4). message.cpp builds messages out of these; nothing outside
// sim/proto/dns should include this header.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mailsim::dns::wire {

// RFC 1035 §2.3.4 size limits.
inline constexpr std::size_t kMaxLabel = 63;
inline constexpr std::size_t kMaxName = 255;  // wire octets, length bytes and final zero included

// The form names are kept in (see message.hpp): ASCII lower case, no trailing dot; "." becomes "".
std::string normalize_name(std::string_view name);

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v);
  void u32(std::uint32_t v);
  void bytes(std::string_view b) { out_.append(b); }
  // Writes `name`, replacing its longest suffix already written by a pointer. Names are written
  // lower case; empty labels are skipped and over-long labels or names are cut to the §2.3.4 limits,
  // so whatever a caller stores, the bytes stay decodable.
  void name(std::string_view name);
  // For rdlength: patch a 16-bit value written earlier at `at`.
  void patch_u16(std::size_t at, std::uint16_t v);
  std::size_t size() const { return out_.size(); }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  std::map<std::string, std::uint16_t, std::less<>> suffixes_;  // "school.example" -> its offset
};

// Reads from a whole message (pointers are offsets from its start). Every read is bounds-checked;
// after a failed read `ok()` stays false and later reads return zero / nullopt.
class Reader {
 public:
  explicit Reader(std::string_view msg) : msg_(msg) {}
  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::string_view bytes(std::size_t n);
  // A possibly compressed name, lower-cased. nullopt (and !ok()) on: running past the end, a label
  // type other than 00/11, a label over 63 octets, a name over 255 octets, too many pointer hops
  // (which is how cycles end), or a '.' inside a label (our text form could not tell it apart).
  std::optional<std::string> name();
  std::size_t pos() const { return pos_; }
  std::size_t remaining() const { return ok_ ? msg_.size() - pos_ : 0; }
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }

 private:
  std::string_view msg_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace mailsim::dns::wire
