#include "sim/proto/tls/records.hpp"

#include <string>

namespace mailsim::tls {

namespace {

std::string unknown(int n) { return "unknown(" + std::to_string(n) + ")"; }

}  // namespace

Split split_records(std::string_view bytes) {
  Split out;
  std::size_t pos = 0;
  while (bytes.size() - pos >= kRecordHeader) {
    const auto* h = reinterpret_cast<const unsigned char*>(bytes.data() + pos);
    const std::uint8_t type = h[0];
    const auto version = static_cast<std::uint16_t>((h[1] << 8) | h[2]);
    const std::size_t length = static_cast<std::size_t>((h[3] << 8) | h[4]);
    // The version is not checked: OpenSSL answers a ClientHello in a record of a version it does
    // not know (0x0100, say) with a protocol_version alert in that same version (found by
    // fuzz_tls_engine), and a viewer must show that record as it went.
    if (type < 20 || type > 24 || length > kMaxFragment) {
      out.malformed = true;
      break;
    }
    if (bytes.size() - pos - kRecordHeader < length) break;
    out.records.push_back(RecordView{type, version, pos, kRecordHeader + length});
    pos += kRecordHeader + length;
  }
  out.rest = bytes.size() - pos;
  return out;
}

std::string content_type_name(int type) {
  switch (type) {
    case 20: return "change_cipher_spec";
    case 21: return "alert";
    case 22: return "handshake";
    case 23: return "application_data";
    case 24: return "heartbeat";
    default: return unknown(type);
  }
}

std::string handshake_type_name(int type) {
  switch (type) {
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 4: return "NewSessionTicket";
    case 5: return "EndOfEarlyData";
    case 8: return "EncryptedExtensions";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    case 22: return "CertificateStatus";
    case 24: return "KeyUpdate";
    case 254: return "MessageHash";
    default: return unknown(type);
  }
}

std::string alert_name(int description) {
  switch (description) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 21: return "decryption_failed";
    case 22: return "record_overflow";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 100: return "no_renegotiation";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 113: return "bad_certificate_status_response";
    case 115: return "unknown_psk_identity";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
    default: return unknown(description);
  }
}

}  // namespace mailsim::tls
