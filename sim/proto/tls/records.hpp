#pragma once
// The TLS record layer's framing (RFC 8446 §5.1, RFC 5246 §6.2) and the registry names of what the
// records carry, for the trace, the map (one packet per record) and the eavesdropper's view. The
// Engine does the real work; this only reads headers a viewer needs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::tls {

// A record header is 5 octets: type, legacy_record_version (2), length (2); the fragment follows.
inline constexpr std::size_t kRecordHeader = 5;
// RFC 8446 §5.2: a protected record's fragment is at most 2^14 + 256 octets (RFC 5246 allows
// 2^14 + 2048 for TLS 1.2; OpenSSL refuses more either way).
inline constexpr std::size_t kMaxFragment = 16384 + 2048;

struct RecordView {
  std::uint8_t type = 0;          // 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data
  std::uint16_t version = 0;      // legacy_record_version: 0x0301 or 0x0303 (or whatever a peer wrote)
  std::size_t offset = 0;         // of the header in the bytes split
  std::size_t size = 0;           // header and fragment
};

struct Split {
  std::vector<RecordView> records;  // the complete records, in order
  std::size_t rest = 0;             // octets after them: an incomplete record (or not TLS at all)
  bool malformed = false;           // a header no TLS peer sends (unknown type, or too long)
};

// Cuts `bytes` into records at their headers; stops at the first malformed header.
Split split_records(std::string_view bytes);

// Registry names (IANA TLS parameters), as Wireshark shows them: "handshake", "ClientHello",
// "close_notify". "unknown(N)" for anything else.
std::string content_type_name(int type);
std::string handshake_type_name(int type);
std::string alert_name(int description);

}  // namespace mailsim::tls
