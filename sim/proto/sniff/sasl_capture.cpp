// What each SASL mechanism lets a listener learn (docs/sasl.md has the mechanisms themselves).
#include "sim/proto/common/line_reader.hpp"
#include "sim/proto/sasl/base64.hpp"
#include "sim/proto/sasl/scram.hpp"
#include "sim/proto/sniff/parts.hpp"

namespace mailsim::sniff::detail {

SaslCapture::SaslCapture(std::string mechanism, std::string method, Protocol protocol)
    : mechanism_(proto::to_upper(mechanism)), method_(std::move(method)), protocol_(protocol) {}

std::optional<Capture> SaslCapture::response(std::string_view line) {
  if (done_) return std::nullopt;
  const int step = step_++;
  const std::optional<std::string> decoded = line == "=" ? std::string{} : sasl::base64_decode(proto::trim(line));
  if (!decoded) return std::nullopt;  // not base64: the server refuses it, and nothing is learnt
  Capture c;
  c.protocol = protocol_;
  c.method = method_;
  if (mechanism_ == "PLAIN") {
    // [authzid] NUL authcid NUL passwd (RFC 4616 §2)
    const std::size_t a = decoded->find('\0');
    const std::size_t b = a == std::string::npos ? a : decoded->find('\0', a + 1);
    if (b == std::string::npos) return std::nullopt;
    c.user = decoded->substr(a + 1, b - a - 1);
    c.password = decoded->substr(b + 1);
  } else if (mechanism_ == "LOGIN") {
    if (step == 0) {
      user_ = *decoded;
      return std::nullopt;
    }
    c.user = user_;
    c.password = *decoded;
  } else if (mechanism_ == "CRAM-MD5") {
    // "user SP hex-digest" (RFC 2195 §2): the digest is good for this one challenge only.
    const std::size_t sp = decoded->rfind(' ');
    c.what = Capture::What::ChallengeResponse;
    c.user = sp == std::string::npos ? *decoded : decoded->substr(0, sp);
  } else if (proto::istarts_with(mechanism_, "SCRAM-")) {
    if (step != 0) return std::nullopt;
    std::string why;
    const auto first = sasl::scram::parse_client_first(*decoded, why);
    if (!first) return std::nullopt;
    c.what = Capture::What::ChallengeResponse;
    c.user = first->user;
  } else {
    return std::nullopt;  // a mechanism this sniffer does not know
  }
  done_ = true;
  return c;
}

}  // namespace mailsim::sniff::detail
